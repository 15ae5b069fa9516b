#pragma once
// A run of a lesson on the real Linux kernel, recorded earlier (tcplab record) and shown where no
// kernel can run it now: in a browser, and on the desktop while the live run is under way. It is
// compared with the model's run exactly as a live run is, and always labelled as a recording.
#include <string>

#include "core/trace.h"
#include "gui/session.h"
#include "scenario/compare_backends.h"

namespace tcplab::gui {

// The kernel's version as a teacher says it: "6.1" from the release "6.1.0-18-amd64"
// (the release itself when it does not start with two numbers).
std::string linux_version(const std::string& release);

// "a recording from Linux 6.1, 2026-12-03", in the current language.
std::string recording_label(const Trace& recording);

// The model's run of `scenario` (through `model`) and the recorded kernel run, compared as
// `tcplab compare` compares a live one. The recording stands for the lesson as shipped: the
// caller checks that nothing was changed (LessonEdits::empty()).
BackendComparison compare_with_recording(const Scenario& scenario, Trace recording,
                                         const LessonRunner& model);

}  // namespace tcplab::gui
