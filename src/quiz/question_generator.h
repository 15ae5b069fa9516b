#pragma once
// Questions made from a run: before each teachable event of the trace (a state change of the
// teardown, a FIN, an RST or a retransmission, a call whose result is the lesson's point) the
// class is asked what comes next; the choices are the answer plus plausible wrong ones (the
// RFC 9293 diagram's neighbouring states, other flags, other errno values), never two right ones.
#include <cstddef>
#include <vector>

#include "core/time.h"
#include "core/trace.h"
#include "quiz/question.h"

namespace tcplab::quiz {

struct QuizOptions {
  std::size_t max_questions = 16;
  // How long TIME-WAIT lasts under the run's profile (the right length when nobody entered it).
  Duration time_wait = std::chrono::seconds(60);
};

// In trace order; at most one question per kind of event (the same transition of the same host
// is asked once, so a lesson of 28,000 connections asks what its first connection teaches).
std::vector<Question> generate_questions(const Trace& trace, const QuizOptions& options = {});

}  // namespace tcplab::quiz
