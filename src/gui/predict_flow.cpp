#include "gui/predict_flow.h"

#include <algorithm>

namespace tcplab::gui {

std::optional<PredictVariant> parse_predict_variant(std::string_view text) {
  if (text == "class") return PredictVariant::Class;
  if (text == "student") return PredictVariant::Student;
  return std::nullopt;
}

std::string_view to_string(PredictVariant variant) {
  return variant == PredictVariant::Class ? "class" : "student";
}

void PredictFlow::start(std::vector<quiz::Question> questions, PredictVariant variant) {
  on_ = true;
  variant_ = variant;
  score_ = {};
  replace_questions(std::move(questions));
}

void PredictFlow::replace_questions(std::vector<quiz::Question> questions) {
  questions_ = std::move(questions);
  done_.clear();
  phase_ = PredictPhase::Stepping;
  current_ = 0;
  chosen_.reset();
}

void PredictFlow::stop() {
  on_ = false;
  phase_ = PredictPhase::Stepping;
  chosen_.reset();
}

void PredictFlow::ask(std::size_t index) {
  phase_ = PredictPhase::Asking;
  current_ = index;
  chosen_.reset();
}

std::size_t PredictFlow::arrive(std::size_t from, std::size_t to) {
  if (!on_ || to <= from || phase_ == PredictPhase::Asking) return to;
  if (phase_ == PredictPhase::Revealed) phase_ = PredictPhase::Stepping;
  for (std::size_t i = 0; i < questions_.size(); ++i) {
    const std::size_t at = questions_[i].before_step;
    if (at > from && at <= to && !done_.contains(i)) {
      ask(i);
      return at;
    }
  }
  return to;
}

bool PredictFlow::next(std::size_t at) {
  if (!on_) return false;
  if (phase_ == PredictPhase::Asking) return true;  // the app reveals: it moves the cursor
  phase_ = PredictPhase::Stepping;
  for (std::size_t i = 0; i < questions_.size(); ++i) {
    if (questions_[i].before_step == at && !done_.contains(i)) {
      ask(i);
      return true;
    }
  }
  return false;
}

void PredictFlow::choose(std::size_t choice) {
  if (!on_ || phase_ != PredictPhase::Asking || choice >= questions_[current_].choices.size())
    return;
  chosen_ = choice;
}

std::size_t PredictFlow::reveal(std::size_t at) {
  if (!on_ || phase_ != PredictPhase::Asking) return at;
  const quiz::Question& q = questions_[current_];
  phase_ = PredictPhase::Revealed;
  done_.insert(current_);
  if (chosen_) {
    ++score_.answered;
    if (*chosen_ == q.right) ++score_.right;
  }
  // On the answer's event, but never past a question still to be asked.
  std::size_t to = std::max(at, q.answer_step + 1);
  for (std::size_t i = 0; i < questions_.size(); ++i) {
    if (!done_.contains(i) && questions_[i].before_step >= at) to = std::min(to, questions_[i].before_step);
  }
  return to;
}

void PredictFlow::dismiss() {
  if (phase_ == PredictPhase::Stepping) return;
  phase_ = PredictPhase::Stepping;
  chosen_.reset();
}

void PredictFlow::next(StepCursor& cursor) {
  if (phase_ == PredictPhase::Asking) {
    reveal(cursor);
    return;
  }
  if (next(cursor.step())) return;
  const std::size_t from = cursor.step();
  cursor.next();
  cursor.go_to(arrive(from, cursor.step()));
  if (phase_ == PredictPhase::Asking) cursor.playing = false;
}

void PredictFlow::reveal(StepCursor& cursor) {
  if (phase_ != PredictPhase::Asking) return;
  cursor.go_to(reveal(cursor.step()));
}

void PredictFlow::choose(StepCursor& cursor, std::size_t choice) {
  choose(choice);
  if (variant_ == PredictVariant::Student && phase_ == PredictPhase::Asking && chosen_)
    reveal(cursor);
}

void PredictFlow::cursor_moved(StepCursor& cursor, std::size_t from) {
  if (!on_ || cursor.step() == from) return;
  dismiss();
  const std::size_t to = arrive(from, cursor.step());
  if (to != cursor.step()) cursor.go_to(to);
  if (phase_ == PredictPhase::Asking) cursor.playing = false;
}

void PredictFlow::ask_from(StepCursor& cursor, std::size_t step) {
  if (!on_) return;
  dismiss();
  cursor.go_to(step);
  if (next(step)) return;
  const std::size_t to = arrive(step, cursor.last_step());
  if (phase_ == PredictPhase::Asking) cursor.go_to(to);
}

const quiz::Question* PredictFlow::current() const {
  if (!on_ || phase_ == PredictPhase::Stepping || current_ >= questions_.size()) return nullptr;
  return &questions_[current_];
}

std::optional<bool> PredictFlow::was_right() const {
  if (phase_ != PredictPhase::Revealed || !chosen_) return std::nullopt;
  return *chosen_ == questions_[current_].right;
}

}  // namespace tcplab::gui
