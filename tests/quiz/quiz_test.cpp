// The quiz asks only what the trace answers: every generated question, for every lesson under
// several knob settings, has exactly one choice consistent with the run; a knob that changes
// the run changes the answers; and scripted answers are scored as given.
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "quiz/answer_check.h"
#include "quiz/question_generator.h"
#include "quiz/question_text.h"
#include "quiz/terminal_quiz.h"
#include "scenario/lesson_catalog.h"
#include "scenario/lesson_loader.h"
#include "scenario/model_backend.h"

namespace tcplab::quiz {
namespace {

struct Setting {
  std::string profile;
  std::vector<std::pair<std::string, std::string>> knobs;
};

std::vector<Setting> settings() {
  return {{"", {}},
          {"", {{"delayed_ack", "0"}}},
          {"rfc9293", {}},
          {"linux", {{"tcp_rfc1337", "1"}, {"rst_on_close_with_unread_data", "0"}}},
          {"linux", {{"time_wait", "2msl"}, {"msl", "30s"}}}};
}

RunResult run(const Scenario& s, const Setting& setting) {
  RunOptions o;
  if (!setting.profile.empty()) o.profile = setting.profile;
  o.knobs = setting.knobs;
  return ModelBackend().run(s, o);
}

std::vector<Scenario> lessons() {
  std::vector<Scenario> out;
  const auto dir = find_lessons_dir();
  if (!dir) return out;
  for (const auto& file : lesson_files(*dir)) out.push_back(load_lesson_file(file));
  return out;
}

TEST(QuizQuestions, EveryQuestionOfEveryLessonHasExactlyOneAnswerTheTraceBearsOut) {
  const auto all = lessons();
  ASSERT_GE(all.size(), 12u) << "the shipped lessons were not found";
  std::size_t asked = 0;
  for (const Scenario& s : all) {
    for (const Setting& setting : settings()) {
      const RunResult r = run(s, setting);
      QuizOptions options;
      options.time_wait = r.profile.time_wait_length();
      const auto questions = generate_questions(r.trace, options);
      EXPECT_FALSE(questions.empty()) << s.id << ": a lesson with nothing to ask";
      for (const Question& q : questions) {
        SCOPED_TRACE(s.id + " " + setting.profile + ": " + question_text(q, r.trace));
        ASSERT_GE(q.choices.size(), 3u);
        std::size_t consistent = 0;
        for (std::size_t c = 0; c < q.choices.size(); ++c) {
          if (consistent_with_trace(q, q.choices[c], r.trace)) {
            ++consistent;
            EXPECT_EQ(c, q.right) << "a wrong choice agrees with the trace: "
                                  << choice_text(q, q.choices[c]);
          }
          for (std::size_t d = 0; d < c; ++d)
            EXPECT_NE(choice_text(q, q.choices[c]), choice_text(q, q.choices[d]));
        }
        EXPECT_EQ(consistent, 1u);
        EXPECT_LE(q.before_step, q.answer_step);
        ++asked;
      }
    }
  }
  EXPECT_GT(asked, 100u);
}

// The flags of every answer the quiz expects from the server right after a FIN from the client.
std::set<std::string> server_answers_to_fin(const Trace& trace) {
  std::set<std::string> flags;
  for (const Question& q : generate_questions(trace)) {
    if (q.kind != QuestionKind::NextSegment) continue;
    const auto& guess = std::get<SegmentGuess>(q.choices[q.right]);
    const SegmentEvent* last = nullptr;  // the segment before the one asked about
    for (std::size_t i = q.before_step; i > 0 && !last; --i)
      last = get_if<SegmentEvent>(&trace.events()[i - 1].body);
    if (guess.sender.starts_with("server") && last && last->segment.flags.fin())
      flags.insert(tcpdump_flags(guess.flags));
  }
  return flags;
}

TEST(QuizQuestions, ALongerDelayedAckTurnsTheServersAnswerToAFinIntoItsOwnFin) {
  const Scenario s = load_lesson_file(resolve_lesson("four-way-close", find_lessons_dir()));
  // Linux's 4 ms delayed ACK goes out before the server closes 50 ms later (four segments); the
  // second connection closes at once and its FIN carries the ACK (three segments).
  EXPECT_EQ(server_answers_to_fin(run(s, {"", {}}).trace), (std::set<std::string>{".", "F."}));
  // Held 200 ms, the ACK rides on the FIN in both connections.
  EXPECT_EQ(server_answers_to_fin(
                run(s, {"", {{"delayed_ack", "200ms"}, {"delayed_ack_before_data", "200ms"}}})
                    .trace),
            (std::set<std::string>{"F."}));
}

TEST(QuizQuestions, TimeWaitQuestionNamesTheActiveCloserAndTheProfilesLength) {
  const Scenario s = load_lesson_file(resolve_lesson("four-way-close", find_lessons_dir()));
  for (const auto& [setting, length] :
       {std::pair{Setting{"", {}}, std::chrono::seconds(60)},
        std::pair{Setting{"linux", {{"time_wait", "2msl"}, {"msl", "30s"}}}, std::chrono::seconds(60)},
        std::pair{Setting{"linux", {{"time_wait", "2msl"}, {"msl", "120s"}}},
                  std::chrono::seconds(240)}}) {
    const RunResult r = run(s, setting);
    QuizOptions options;
    options.time_wait = r.profile.time_wait_length();
    bool found = false;
    for (const Question& q : generate_questions(r.trace, options)) {
      if (q.kind != QuestionKind::TimeWaitOwner) continue;
      const auto& answer = std::get<TimeWaitGuess>(q.choices[q.right]);
      EXPECT_EQ(answer.endpoint, "client#1");
      EXPECT_EQ(answer.lasts, Duration{length});
      found = true;
    }
    EXPECT_TRUE(found);
  }
}

// A call's reveal says why it returned what it did: the model's typed reason, in either language.
TEST(QuizQuestions, ABindsRevealSaysWhatHoldsThePort) {
  const Scenario s = load_lesson_file(resolve_lesson("server-restart", find_lessons_dir()));
  const RunResult r = run(s, Setting{});
  std::size_t failed_binds = 0;
  for (const Question& q : generate_questions(r.trace, QuizOptions{})) {
    if (q.kind != QuestionKind::CallResult || q.call != "bind") continue;
    const auto& answer = std::get<CallOutcome>(q.choices[q.right]);
    if (answer.error != Errno::AddressInUse) continue;
    ++failed_binds;
    EXPECT_NE(reveal_text(q, r.trace).find("(): held by 1 connection in TIME-WAIT on 127.0.0.2:555"),
              std::string::npos)
        << reveal_text(q, r.trace);
  }
  EXPECT_GE(failed_binds, 1u);
}

// A call that succeeded is revealed with its cause too: the SO_REUSEADDR that let a restarted
// server's bind() share the port with TIME-WAIT (asked as a question of its own), a plain bind()
// on a free port, and the FIN that made recv() return 0.
TEST(QuizQuestions, ASuccessfulCallsRevealSaysWhy) {
  const Scenario s = load_lesson_file(resolve_lesson("server-restart", find_lessons_dir()));
  const RunResult r = run(s, Setting{});
  std::vector<std::string> binds, recvs;
  for (const Question& q : generate_questions(r.trace, QuizOptions{})) {
    if (q.kind != QuestionKind::CallResult) continue;
    if (std::get<CallOutcome>(q.choices[q.right]) != CallOutcome{0, Errno::None}) continue;
    (q.call == "bind" ? binds : recvs).push_back(reveal_text(q, r.trace));
  }
  ASSERT_EQ(binds.size(), 2u);
  EXPECT_NE(binds[0].find("No other socket held the address, so bind() takes it"), std::string::npos)
      << binds[0];
  EXPECT_NE(binds[1].find("bind(): shared with 1 connection in TIME-WAIT on 127.0.0.2:5554: both "
                          "sockets set SO_REUSEADDR"),
            std::string::npos)
      << binds[1];
  ASSERT_EQ(recvs.size(), 1u);
  EXPECT_NE(recvs[0].find("The peer's FIN (F. seq 1 ack 1) arrived at 90 ms"), std::string::npos)
      << recvs[0];
}

// Every reveal of the abort lesson names its cause: the close() that sent FIN or RST, the RST
// that ended the server's connection and failed its recv(), the FIN behind recv() = 0.
TEST(QuizQuestions, EveryRevealOfLingerZeroNamesItsCause) {
  const Scenario s = load_lesson_file(resolve_lesson("linger-zero", find_lessons_dir()));
  const RunResult r = run(s, Setting{});
  std::string all;
  for (const Question& q : generate_questions(r.trace, QuizOptions{})) {
    const std::string reveal = reveal_text(q, r.trace);
    EXPECT_NE(reveal.find('\n'), std::string::npos) << "a reveal with no cause: " << reveal;
    all += reveal + "\n";
  }
  for (const char* cause :
       {"close(): SO_LINGER {1, 0}: connection aborted with RST",
        "RFC 9293 §3.10.7.4: an RST in the window ends the connection at once",
        "The peer's RST (R. seq 8 ack 1) arrived at 130 ms: the connection is gone, so recv() fails "
        "with ECONNRESET",
        "RFC 9293 §3.3.2, Figure 5: CLOSE / snd FIN"})
    EXPECT_NE(all.find(cause), std::string::npos) << cause << "\nnot in:\n" << all;
}

// Every generated question of every lesson is revealed with a cause under its event's sentence.
TEST(QuizQuestions, EveryGeneratedRevealOfEveryLessonHasACause) {
  const auto all = lessons();
  ASSERT_FALSE(all.empty());
  for (const Scenario& s : all) {
    const RunResult r = run(s, Setting{});
    for (const Question& q : generate_questions(r.trace, QuizOptions{})) {
      const std::string reveal = reveal_text(q, r.trace);
      const auto newline = reveal.find('\n');
      EXPECT_TRUE(newline != std::string::npos && newline + 1 < reveal.size())
          << s.id << ": a reveal with no cause: " << reveal;
    }
  }
}

// A segment's reveal says what sent it: a retransmit timer, a delayed ACK, or the host's RST for a
// four-tuple with no socket; and TIME-WAIT ended by an RST is not Figure 5's 2MSL timeout.
TEST(QuizQuestions, ASegmentsRevealSaysWhatSentIt) {
  const auto reveals_of = [](const char* lesson) {
    const Scenario s = load_lesson_file(resolve_lesson(lesson, find_lessons_dir()));
    const RunResult r = run(s, Setting{});
    std::string all;
    for (const Question& q : generate_questions(r.trace, QuizOptions{})) all += reveal_text(q, r.trace) + "\n";
    return all;
  };
  const std::string four_way = reveals_of("four-way-close");
  EXPECT_NE(four_way.find("Its delayed-ACK timer fired"), std::string::npos) << four_way;
  const std::string assassination = reveals_of("time-wait-assassination");
  EXPECT_NE(assassination.find("No ACK came before its retransmit timer fired"), std::string::npos);
  EXPECT_NE(assassination.find("No socket holds this four-tuple, so the host answers with an RST"),
            std::string::npos)
      << assassination;
  EXPECT_NE(assassination.find("an RST in CLOSING, LAST-ACK or TIME-WAIT closes the connection"),
            std::string::npos);
  EXPECT_EQ(assassination.find("Timeout=2MSL"), std::string::npos) << assassination;
}

TEST(QuizScoring, ScriptedAnswersAreScoredAsGivenAndStopWhenTheyRunOut) {
  const Scenario s = load_lesson_file(resolve_lesson("lost-last-ack", find_lessons_dir()));
  const RunResult r = run(s, {"", {}});
  const auto questions = generate_questions(r.trace);
  ASSERT_GE(questions.size(), 3u);
  std::vector<std::size_t> right, wrong;
  for (const Question& q : questions) {
    right.push_back(q.right);
    wrong.push_back((q.right + 1) % q.choices.size());
  }
  std::istringstream no_input;
  std::ostringstream out;
  QuizScore all = run_quiz(r.trace, {}, right, no_input, out);
  EXPECT_EQ(all.asked, questions.size());
  EXPECT_EQ(all.right, questions.size());
  EXPECT_NE(out.str().find("Score: " + std::to_string(questions.size()) + " of " +
                           std::to_string(questions.size())),
            std::string::npos);
  wrong.resize(2);
  std::ostringstream out2;
  QuizScore none = run_quiz(r.trace, {}, wrong, no_input, out2);
  EXPECT_EQ(none.asked, 2u);
  EXPECT_EQ(none.right, 0u);
}

TEST(QuizScoring, TypedAnswersAreReadUntilTheInputEnds) {
  const Scenario s = load_lesson_file(resolve_lesson("linger-zero", find_lessons_dir()));
  const RunResult r = run(s, {"", {}});
  const auto questions = generate_questions(r.trace);
  ASSERT_GE(questions.size(), 2u);
  // A line that is not a choice is asked again; the input ends after two answers.
  std::istringstream in("x\n" + choice_letter(questions[0].right) + "\n" +
                        choice_letter((questions[1].right + 1) % questions[1].choices.size()) + "\n");
  std::ostringstream out;
  const QuizScore score = run_quiz(r.trace, {}, std::nullopt, in, out);
  EXPECT_EQ(score.asked, 2u);
  EXPECT_EQ(score.right, 1u);
}

TEST(QuizScoring, AnswersAreLettersSeparatedByCommas) {
  std::string error;
  EXPECT_EQ(parse_answers("a,C, b", error), (std::vector<std::size_t>{0, 2, 1}));
  EXPECT_FALSE(parse_answers("a,,b", error));
  EXPECT_EQ(error, "answer 2 ('') is not a letter such as A, B, C or D");
  EXPECT_FALSE(parse_answers("a,7", error));
  EXPECT_EQ(error, "answer 2 ('7') is not a letter such as A, B, C or D");
}

}  // namespace
}  // namespace tcplab::quiz
