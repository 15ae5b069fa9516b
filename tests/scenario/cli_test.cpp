// The tcplab binary as a user runs it: exit codes, help, errors on stderr naming what was wrong.
#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

struct Result {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
  std::string stdout_only;
};

std::string capture(const std::string& command, int* status) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  std::array<char, 4096> buffer{};
  while (std::size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
  *status = pclose(pipe);
  return out;
}

Result tcplab(const std::string& args) {
  const std::string base =
      std::string(TCPLAB_BINARY) + " --lessons " TCPLAB_SOURCE_DIR "/lessons " + args;
  Result r;
  int status = 0;
  r.output = capture(base + " 2>&1", &status);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.stdout_only = capture(base + " 2>/dev/null", &status);
  return r;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Cli, HelpEverywhereExitsZero) {
  for (const std::string sub : {"", "list", "show", "run", "check", "knobs"}) {
    const Result r = tcplab(sub + " --help");
    EXPECT_EQ(r.exit_code, 0) << sub << "\n" << r.output;
    EXPECT_TRUE(contains(r.output, "Usage")) << sub << "\n" << r.output;
  }
  EXPECT_TRUE(contains(tcplab("run --help").output, "--set"));
  EXPECT_TRUE(contains(tcplab("--help").output, "Exit codes: 0 ok, 1 a check failed, 2 bad usage"));
}

TEST(Cli, BadUsageExitsTwo) {
  EXPECT_EQ(tcplab("").exit_code, 2);
  EXPECT_EQ(tcplab("frobnicate").exit_code, 2);
  EXPECT_EQ(tcplab("show").exit_code, 2);  // the lesson is required
  EXPECT_EQ(tcplab("--lang fr list").exit_code, 2);
  const Result knob = tcplab("run four-way-close --set tcp_tw_reuse");
  EXPECT_EQ(knob.exit_code, 2);
  EXPECT_TRUE(contains(knob.output,
                       "--set wants knob=value (e.g. --set tcp_tw_reuse=1), not 'tcp_tw_reuse'"))
      << knob.output;
  const Result unknown = tcplab("run four-way-close --set tcp_tw_resue=1");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_TRUE(contains(unknown.output, "unknown knob 'tcp_tw_resue'")) << unknown.output;
  EXPECT_TRUE(unknown.stdout_only.empty()) << "errors go to stderr: " << unknown.stdout_only;
}

TEST(Cli, ListsEveryLessonWithItsTitle) {
  const Result en = tcplab("list");
  EXPECT_EQ(en.exit_code, 0) << en.output;
  for (const char* id : {"four-way-close", "lost-last-ack", "linger-zero", "server-restart",
                         "who-enters-time-wait", "half-close-close-wait", "simultaneous-close",
                         "port-exhaustion", "port-exhaustion-tw-reuse", "why-2msl",
                         "time-wait-assassination", "time-wait-assassination-injected",
                         "close-with-unread-data", "nagle-delayed-ack"}) {
    EXPECT_TRUE(contains(en.stdout_only, id)) << id;
  }
  EXPECT_TRUE(contains(en.stdout_only, "The lost last ACK: why TIME-WAIT exists"));
  EXPECT_TRUE(contains(tcplab("list --lang zh").stdout_only, "四次挥手"));
}

// The search itself is tested in lesson_catalog_test.cpp; here, that the binary uses it.
TEST(Cli, FindsLessonsInTcplabLessonsUnlessLessonsIsGiven) {
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / "cli_test_one_lesson";
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(TCPLAB_SOURCE_DIR "/lessons/01-four-way-close.toml",
                             dir / "01-four-way-close.toml",
                             std::filesystem::copy_options::overwrite_existing);
  int status = 0;
  const std::string env = "TCPLAB_LESSONS=" + dir.string() + " " + TCPLAB_BINARY;
  const std::string listed = capture(env + " list 2>&1", &status);
  EXPECT_EQ(WEXITSTATUS(status), 0) << listed;
  EXPECT_TRUE(contains(listed, "four-way-close")) << listed;
  EXPECT_FALSE(contains(listed, "lost-last-ack")) << listed;
  const std::string asked =
      capture(env + " --lessons " TCPLAB_SOURCE_DIR "/lessons list 2>&1", &status);
  EXPECT_TRUE(contains(asked, "lost-last-ack")) << asked;
}

TEST(Cli, ShowsALessonByIdOrPathInEitherLanguage) {
  const Result en = tcplab("show four-way-close");
  EXPECT_EQ(en.exit_code, 0) << en.output;
  EXPECT_TRUE(contains(en.stdout_only, "The client closes first: it is the active closer."));
  const Result zh = tcplab("show " TCPLAB_SOURCE_DIR "/lessons/01-four-way-close.toml --lang zh");
  EXPECT_EQ(zh.exit_code, 0) << zh.output;
  EXPECT_TRUE(contains(zh.stdout_only, "主动关闭方"));
}

TEST(Cli, AnUnknownLessonExitsTwoNamingIt) {
  const Result r = tcplab("show no-such-lesson");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(contains(r.output, "no lesson 'no-such-lesson' in ")) << r.output;
}

TEST(Cli, ABadLessonExitsTwoWithItsPosition) {
  const auto file = std::filesystem::temp_directory_path() / "tcplab-cli-bad-lesson.toml";
  std::ofstream(file) << "id = \"bad\"\ntitle = { en = \"Bad\" }\n";
  for (const std::string command : {"show ", "check ", "run "}) {
    const Result r = tcplab(command + file.string());
    EXPECT_EQ(r.exit_code, 2) << command << r.output;
    EXPECT_TRUE(contains(r.output, file.string() + ":2:9: 'title' has no 'zh'")) << r.output;
  }
  std::filesystem::remove(file);
}

TEST(Cli, RunsALessonAsALadderDiagram) {
  const Result r = tcplab("run four-way-close");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.stdout_only, "├─ F. seq 1 ack 1 ")) << r.stdout_only;
  EXPECT_TRUE(contains(r.stdout_only, "s1: FIN-WAIT-2 → TIME-WAIT")) << r.stdout_only;
  EXPECT_TRUE(contains(r.stdout_only, "» The client closes first: it is the active closer."))
      << r.stdout_only;
  EXPECT_TRUE(contains(r.stdout_only, "four-way-close: 10 of 10 checks passed")) << r.stdout_only;
  const Result zh = tcplab("run four-way-close --lang zh --width 40");
  EXPECT_EQ(zh.exit_code, 0) << zh.output;
  EXPECT_TRUE(contains(zh.stdout_only, "» 客户端先调用 close()，成为主动关闭方")) << zh.stdout_only;
}

TEST(Cli, TheLaddersWordsSpeakTheLanguageAskedFor) {
  const Result en = tcplab("run lost-last-ack --width 40");
  EXPECT_EQ(en.exit_code, 0) << en.output;
  EXPECT_TRUE(contains(en.stdout_only, "F. seq 1 ack 2 (retransmit)")) << en.stdout_only;
  EXPECT_TRUE(contains(en.stdout_only, "TIME-WAIT timer cancelled")) << en.stdout_only;
  // The message catalog this build compiled: the same words in Chinese, state names unchanged.
  const Result zh = tcplab("run lost-last-ack --lang zh --width 40");
  EXPECT_EQ(zh.exit_code, 0) << zh.output;
  EXPECT_TRUE(contains(zh.stdout_only, "F. seq 1 ack 2（重传）")) << zh.stdout_only;
  EXPECT_TRUE(contains(zh.stdout_only, "TIME-WAIT定时器已取消")) << zh.stdout_only;
  EXPECT_TRUE(contains(zh.stdout_only, "✗  丢失：")) << zh.stdout_only;
  EXPECT_FALSE(contains(zh.stdout_only, "(retransmit)")) << zh.stdout_only;
}

TEST(Cli, QuizAsksBeforeTheRetransmittedFinAndScoresScriptedAnswers) {
  // Fifteen answers: the thirteenth question is the lesson's own ([[questions]]), before the
  // retransmitted FIN; it takes the place of the generated one there.
  const Result r = tcplab("quiz lost-last-ack --answers a,a,a,a,a,a,a,a,a,a,a,a,b,a,a");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.stdout_only, "Question 13 of 15: The client's last ACK was lost, and the "
                                      "client is in TIME-WAIT. What happens when the server's FIN "
                                      "comes again?"))
      << r.stdout_only;
  EXPECT_TRUE(contains(r.stdout_only,
                       "Your answer: B\nRight. The answer: B) The client ACKs it again and "
                       "restarts its 60 s timer\nserver sends F. seq 1 ack 2 (retransmit) to "
                       "client; on arrival: retransmitted FIN in TIME-WAIT: ACKed again, timer "
                       "restarted\nTIME-WAIT remembers the connection for exactly this"))
      << r.stdout_only;
  EXPECT_TRUE(contains(r.stdout_only, "Score: 3 of 15")) << r.stdout_only;
  // Without a terminal to answer from, nothing is asked and nothing hangs.
  const Result none = tcplab("quiz lost-last-ack < /dev/null");
  EXPECT_EQ(none.exit_code, 0) << none.output;
  EXPECT_TRUE(contains(none.stdout_only, "Score: 0 of 0")) << none.stdout_only;
  const Result zh = tcplab("quiz lost-last-ack --lang zh --answers d");
  EXPECT_TRUE(contains(zh.stdout_only, "第 1 题（共 15 题）：server 调用 bind()。它返回什么？"))
      << zh.stdout_only;
  EXPECT_TRUE(contains(zh.stdout_only, "得分：1 / 1")) << zh.stdout_only;
  const Result bad = tcplab("quiz lost-last-ack --answers a,9");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(contains(bad.output, "--answers: answer 2 ('9') is not a letter")) << bad.output;
}

TEST(Cli, CountsSocketsPerStateOverTime) {
  const Result r = tcplab("run port-exhaustion --format states");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.stdout_only.substr(0, r.stdout_only.find('\n')),
            "t_s,host,LISTEN,SYN_SENT,SYN_RECV,ESTABLISHED,FIN_WAIT1,FIN_WAIT2,CLOSE_WAIT,CLOSING,"
            "LAST_ACK,TIME_WAIT");
}

TEST(Cli, CheckExitsOneNamingTheFailedCheck) {
  EXPECT_EQ(tcplab("check four-way-close").exit_code, 0);
  // With RFC 1337 protection on, the lesson's "TIME-WAIT is assassinated" check must fail.
  const Result r = tcplab("check time-wait-assassination --set tcp_rfc1337=true");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(contains(r.stdout_only, "FAIL  time-wait-assassination: check 5 (state, "))
      << r.output;
  EXPECT_TRUE(contains(r.stdout_only, "expected: client's socket 's' gone at 3 s")) << r.output;
  EXPECT_TRUE(contains(r.stdout_only, "actual:   client#1 in TIME-WAIT")) << r.output;
  EXPECT_TRUE(contains(r.output, "tcplab: lesson time-wait-assassination (")) << r.output;
  // Options may come before the lesson: --set takes exactly one knob=value each time.
  EXPECT_EQ(tcplab("run --set tcp_rfc1337=true time-wait-assassination").exit_code, 1);
}

TEST(Cli, AMillionRoundsStopAtTheEventLimitSayingHowToRaiseIt) {
  const auto file = std::filesystem::temp_directory_path() /
                    ("tcplab-cli-million-" + std::to_string(getpid()) + ".toml");
  std::ofstream(file) << R"(id = "million"
title = { en = "A million sockets", zh = "一百万个套接字" }
summary = { en = "s", zh = "s" }
[[programs]]
host = "client"
phases = [ { repeat = 1000000, steps = [
  { call = "socket", as = "s" },
  { call = "close", socket = "s", label = "client.close" },
] } ]
[[checks]]
kind = "segment_count"
count = 0
en = "no segments"
zh = "没有报文段"
)";
  const Result r = tcplab("run " + file.string() + " --max-events 100000");
  EXPECT_EQ(r.exit_code, 0) << r.output.substr(0, 2000);
  EXPECT_TRUE(contains(r.output,
                       "tcplab: warning: stopped after 100000 trace events, at 0 ns of virtual "
                       "time: the limit is 100000 events per run (raise it with --max-events N); "
                       "the scenario had more to do\n"))
      << r.output.substr(0, 2000);
  const Result few = tcplab("run " + file.string() + " --max-events 6 --format jsonl");
  EXPECT_EQ(few.exit_code, 0) << few.output;
  EXPECT_EQ(std::count(few.stdout_only.begin(), few.stdout_only.end(), '\n'), 1 + 6)
      << few.stdout_only;
  EXPECT_TRUE(contains(few.output, "the limit is 6 events per run")) << few.output;
  EXPECT_EQ(tcplab("run " + file.string() + " --max-events 0").exit_code, 2);
  std::filesystem::remove(file);
}

// Whether process `pid` catches SIGINT (what tcplab does while a kernel run can be stopped).
bool catches_sigint(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("SigCgt:", 0) == 0) {
      return (std::stoull(line.substr(7), nullptr, 16) & (1ull << (SIGINT - 1))) != 0;
    }
  }
  return false;
}

TEST(Cli, CtrlCOnAKernelRunPrintsWhatRanAndSaysSo) {
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  const std::string binary = TCPLAB_BINARY;
  const std::string lessons = TCPLAB_SOURCE_DIR "/lessons";
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    setpgid(0, 0);  // a process group of its own, as a shell gives a foreground job
    dup2(out[1], 1);
    dup2(out[1], 2);
    close(out[0]);
    execl(binary.c_str(), binary.c_str(), "--lessons", lessons.c_str(), "run", "four-way-close",
          "--backend", "kernel", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  // Wait until the run can be stopped (or tcplab said it cannot run the kernel here).
  int status = 0;
  bool exited = false;
  while (!catches_sigint(pid)) {
    if (waitpid(pid, &status, WNOHANG) == pid) {
      exited = true;
      break;
    }
    usleep(10'000);
  }
  if (!exited) {
    sleep(3);            // the lesson's first connection opens and closes in its first second
    kill(-pid, SIGINT);  // to the whole group, as the terminal's Ctrl-C: the sandbox too
  }
  std::string output;
  std::array<char, 4096> buffer{};
  for (ssize_t n; (n = read(out[0], buffer.data(), buffer.size())) > 0;)
    output.append(buffer.data(), static_cast<std::size_t>(n));
  close(out[0]);
  if (!exited) waitpid(pid, &status, 0);
  if (exited && WIFEXITED(status) && WEXITSTATUS(status) == 2) {
    GTEST_SKIP() << "the kernel backend cannot run here: " << output;
  }
  ASSERT_FALSE(exited) << output;
  ASSERT_TRUE(WIFEXITED(status)) << output;
  EXPECT_EQ(WEXITSTATUS(status), 130) << output;
  EXPECT_TRUE(contains(output,
                       "tcplab: Ctrl-C: stopping the run, then showing what ran (Ctrl-C "
                       "again quits at once)\n"))
      << output;
  EXPECT_TRUE(contains(output,
                       "tcplab: interrupted (Ctrl-C): the run of 'four-way-close' stopped "
                       "at "))
      << output;
  EXPECT_TRUE(contains(output, "│ socket(AF_INET, SOCK_STREAM, 0) = 3 → listener")) << output;
  EXPECT_TRUE(contains(output, "├─ S seq 0 ")) << output;
  EXPECT_TRUE(contains(output, "four-way-close: ")) << output;  // the checks, judged on what ran
}

TEST(Cli, ListsTheKnobs) {
  const Result r = tcplab("knobs");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(contains(r.stdout_only, "tcp_tw_reuse")) << r.output;
  EXPECT_TRUE(contains(r.stdout_only, "time_wait                       60s")) << r.output;
}

}  // namespace
