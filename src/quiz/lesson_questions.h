#pragma once
// The questions predict mode asks of a lesson's run: the lesson's own ([[questions]]), placed on
// the trace before their step's call or their segment, and the ones generated from the trace
// (question_generator.h), in the order the class meets them.
#include <vector>

#include "core/trace.h"
#include "quiz/question.h"
#include "quiz/question_generator.h"
#include "scenario/scenario.h"

namespace tcplab::quiz {

// The lesson's questions whose step or segment this run reached (a knob may take it away).
std::vector<Question> lesson_questions(const Scenario& scenario, const Trace& trace);

// Both kinds, ordered by where they stop; where the lesson asks, its question takes the place of
// a generated one at the same event. Without a lesson (a recorded trace), the generated ones.
std::vector<Question> predict_questions(const Scenario* scenario, const Trace& trace,
                                        const QuizOptions& options = {});

}  // namespace tcplab::quiz
