#include "quiz/terminal_quiz.h"

#include <algorithm>
#include <cctype>
#include <istream>
#include <ostream>

#include "present/event_sentence.h"
#include "present/translate.h"
#include "quiz/answer_check.h"
#include "quiz/question_text.h"

namespace tcplab::quiz {

namespace {
using present::fill;
using present::tr;

// What happened since the last question, a sentence per event (at most the last few).
void print_story(const Trace& trace, std::size_t from, std::size_t to, std::ostream& out) {
  constexpr std::size_t kShown = 8;
  if (to - from > kShown) {
    out << "  " << fill(tr("... {0} earlier events"), {std::to_string(to - from - kShown)}) << "\n";
    from = to - kShown;
  }
  for (std::size_t i = from; i < to; ++i)
    out << "  " << present::event_sentence(trace.events()[i]) << "\n";
}

std::optional<std::size_t> letter_index(std::string_view word) {
  if (word.size() != 1 || !std::isalpha(static_cast<unsigned char>(word[0]))) return std::nullopt;
  return static_cast<std::size_t>(std::tolower(static_cast<unsigned char>(word[0])) - 'a');
}
}  // namespace

std::optional<std::vector<std::size_t>> parse_answers(const std::string& text, std::string& error) {
  std::vector<std::size_t> answers;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    std::string word = text.substr(start, comma - start);
    while (!word.empty() && std::isspace(static_cast<unsigned char>(word.back()))) word.pop_back();
    while (!word.empty() && std::isspace(static_cast<unsigned char>(word.front()))) word.erase(0, 1);
    const auto index = letter_index(word);
    if (!index || *index > 25) {
      error = "answer " + std::to_string(answers.size() + 1) + " ('" + word +
              "') is not a letter such as A, B, C or D";
      return std::nullopt;
    }
    answers.push_back(*index);
    start = comma + 1;
  }
  return answers;
}

QuizScore run_quiz(const Trace& trace, const QuizOptions& options,
                   const std::optional<std::vector<std::size_t>>& scripted, std::istream& in,
                   std::ostream& out) {
  return run_questions(trace, generate_questions(trace, options), scripted, in, out);
}

QuizScore run_questions(const Trace& trace, const std::vector<Question>& questions,
                        const std::optional<std::vector<std::size_t>>& scripted, std::istream& in,
                        std::ostream& out) {
  QuizScore score;
  std::size_t shown = 0;
  for (std::size_t n = 0; n < questions.size(); ++n) {
    const Question& q = questions[n];
    if (scripted && n >= scripted->size()) break;
    print_story(trace, std::min(shown, q.before_step), q.before_step, out);
    shown = std::max(shown, q.before_step);
    out << "\n"
        << fill(tr("Question {0} of {1}: {2}"),
                {std::to_string(n + 1), std::to_string(questions.size()),
                 question_text(q, trace)})
        << "\n";
    for (std::size_t c = 0; c < q.choices.size(); ++c)
      out << "  " << choice_letter(c) << ") " << choice_text(q, q.choices[c]) << "\n";
    std::optional<std::size_t> answer;
    if (scripted) {
      answer = (*scripted)[n];
      out << tr("Your answer: ") << choice_letter(*answer) << "\n";
    } else {
      while (!answer) {
        out << tr("Your answer: ") << std::flush;
        std::string line;
        if (!std::getline(in, line)) break;
        answer = letter_index(line);
        if (answer && *answer >= q.choices.size()) answer.reset();
      }
      if (!answer) {
        out << "\n";
        break;  // end of input: the score so far
      }
    }
    ++score.asked;
    const bool right = *answer < q.choices.size() && *answer == q.right;
    if (right) ++score.right;
    out << (right ? tr("Right.") : tr("Not quite.")) << " "
        << fill(tr("The answer: {0}) {1}"),
                {choice_letter(q.right), choice_text(q, q.choices[q.right])})
        << "\n";
    out << reveal_text(q, trace) << "\n";
    // The answer's event was just told; the story goes on after it.
    if (q.answer_step == q.before_step) shown = q.before_step + 1;
  }
  out << "\n"
      << fill(tr("Score: {0} of {1}"), {std::to_string(score.right), std::to_string(score.asked)})
      << "\n";
  return score;
}

}  // namespace tcplab::quiz
