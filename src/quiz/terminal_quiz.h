#pragma once
// `tcplab quiz LESSON`: the lesson's run, stopped before each teachable event with a question;
// the answer is read (from the terminal, or from --answers a,c,b), then revealed with the
// model's cause. Ends with the score.
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "core/trace.h"
#include "quiz/question_generator.h"

namespace tcplab::quiz {

struct QuizScore {
  std::size_t right = 0;
  std::size_t asked = 0;
};

// Reads "a,c,b" (letters, either case) into choice indices; nullopt and `error` naming the
// position of a bad entry ("answer 2 ('x') is not a letter A-D").
std::optional<std::vector<std::size_t>> parse_answers(const std::string& text, std::string& error);

// Asks every question of `trace`. With `scripted` answers, uses them in order (and stops when they
// run out); otherwise reads a letter per question from `in` (stops at end of input).
QuizScore run_quiz(const Trace& trace, const QuizOptions& options,
                   const std::optional<std::vector<std::size_t>>& scripted, std::istream& in,
                   std::ostream& out);
// The same with the questions given (quiz/lesson_questions.h: the lesson's own among them).
QuizScore run_questions(const Trace& trace, const std::vector<Question>& questions,
                        const std::optional<std::vector<std::size_t>>& scripted, std::istream& in,
                        std::ostream& out);

}  // namespace tcplab::quiz
