#pragma once
// Whether a choice agrees with what the trace shows after the question's step, judged from the
// trace alone (not from how the question was made): the property tests ask that exactly one
// choice of every generated question passes.
#include "core/trace.h"
#include "quiz/question.h"

namespace tcplab::quiz {

bool consistent_with_trace(const Question& question, const Choice& choice, const Trace& trace);

}  // namespace tcplab::quiz
