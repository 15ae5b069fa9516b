#pragma once
// Predict, then reveal: stepping stops before each teachable event and asks what comes next
// (quiz/lesson_questions.h makes the questions, quiz/answer_check.h judges them); the answer is
// revealed on the timeline, and a running score is kept. Pure logic, driven by the app's keys
// and clicks and unit-tested on the model's traces.
//
// Two variants: Class, for the projector (the class calls out a letter, the teacher may mark it,
// and reveals with the clicker's next key), and Student (a click on a choice is the answer,
// revealed at once).
#include <cstddef>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "core/trace.h"
#include "gui/step_cursor.h"
#include "quiz/question.h"

namespace tcplab::gui {

enum class PredictVariant { Class, Student };
// "class", "student" as the command line takes them.
std::optional<PredictVariant> parse_predict_variant(std::string_view text);
std::string_view to_string(PredictVariant variant);

enum class PredictPhase {
  Stepping,  // no question on screen
  Asking,    // a question is on screen, its answer hidden
  Revealed   // the answer is shown, with its cause
};

struct PredictScore {
  std::size_t right = 0;
  std::size_t answered = 0;  // revealed with a choice made (Class: the teacher may reveal without)
};

class PredictFlow {
 public:
  // Starts over with these questions (in the order they stop, as predict_questions gives them).
  void start(std::vector<quiz::Question> questions, PredictVariant variant);
  // A re-run (a knob, a dropped segment) changed the trace: new questions, the score kept,
  // nothing on screen.
  void replace_questions(std::vector<quiz::Question> questions);
  void stop();
  bool on() const { return on_; }
  PredictVariant variant() const { return variant_; }
  void set_variant(PredictVariant v) { variant_ = v; }

  // The cursor is moving forward from step `from` to step `to`: the step it may go to. It stops
  // on the first question not yet asked whose step lies after `from` and at or before `to`, and
  // asks it. Going backwards (or with a question on screen) it goes where it was sent.
  std::size_t arrive(std::size_t from, std::size_t to);
  // The clicker's "next" at step `at`: reveals the question on screen, or asks the next one
  // that stops at `at`. Returns false when there is nothing to do (then the cursor steps on).
  bool next(std::size_t at);
  // Marks the choice (the class's, called out; again: another). A student's click is then revealed
  // at once by the app.
  // Ignored without a question on screen, or after its reveal, or out of range.
  void choose(std::size_t choice);
  // Shows the answer; the step the cursor goes to (the answer's event, unless another question
  // stops before it), given the cursor's step `at`.
  std::size_t reveal(std::size_t at);
  // The cursor went elsewhere (back, home, end, a click): the question on screen is put away,
  // unanswered, and will be asked again when stepping reaches it.
  void dismiss();

  // The same, moving the stepping cursor as the app does.
  // The clicker's next key: reveals the question on screen, else asks the next one at the
  // cursor, else steps on and stops before the next question.
  void next(StepCursor& cursor);
  // Reveals the question on screen: the cursor goes to its answer's event.
  void reveal(StepCursor& cursor);
  // Marks a choice; a student's is revealed at once.
  void choose(StepCursor& cursor, std::size_t choice);
  // The cursor was moved by something else (the transport bar, playing, a click) from `from`:
  // the question on screen is put away and a move forward stops before the next question.
  void cursor_moved(StepCursor& cursor, std::size_t from);
  // Goes to `step` and asks the first question from there on (none left: the cursor stays).
  void ask_from(StepCursor& cursor, std::size_t step);

  PredictPhase phase() const { return phase_; }
  // The question on screen (asked or revealed), its number (1-based) and how many there are.
  const quiz::Question* current() const;
  std::size_t number() const { return current_ + 1; }
  std::size_t count() const { return questions_.size(); }
  std::optional<std::size_t> chosen() const { return chosen_; }
  // After a reveal: whether the choice made was right (nullopt: none was made).
  std::optional<bool> was_right() const;
  const PredictScore& score() const { return score_; }
  const std::vector<quiz::Question>& questions() const { return questions_; }

 private:
  void ask(std::size_t index);

  bool on_ = false;
  PredictVariant variant_ = PredictVariant::Class;
  std::vector<quiz::Question> questions_;
  std::set<std::size_t> done_;  // revealed questions: not asked again when stepping back over
  PredictPhase phase_ = PredictPhase::Stepping;
  std::size_t current_ = 0;
  std::optional<std::size_t> chosen_;
  PredictScore score_;
};

}  // namespace tcplab::gui
