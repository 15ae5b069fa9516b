#include "real/run_answer.h"

#include <istream>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "export/jsonl.h"

namespace tcplab::real {

namespace {

constexpr std::size_t kMaxRunLineBytes = 4096;  // the run line is about 60 bytes
constexpr std::size_t kMaxWhyBytes = 2048;      // an injection's failure, within the run line

[[noreturn]] void fail(std::size_t line, const std::string& what) {
  throw TraceFormatError(kRunAnswerSource, line, what);
}

// The first line, without its '\n'; longer than the limit or cut off before its '\n' is an error.
std::string run_line(std::istream& in) {
  std::string text;
  std::streambuf* buffer = in.rdbuf();
  for (int c = buffer->sbumpc(); c != std::char_traits<char>::eof(); c = buffer->sbumpc()) {
    if (c == '\n') return text;
    text.push_back(static_cast<char>(c));
    if (text.size() > kMaxRunLineBytes) {
      fail(1, "run: line longer than " + std::to_string(kMaxRunLineBytes) + " bytes");
    }
  }
  fail(1, text.empty() ? "empty: the answer has no run line"
                       : "run: the line breaks off after " + std::to_string(text.size()) +
                             " bytes, before its end");
}

}  // namespace

void write_run_answer(const Trace& trace, bool completed, std::int64_t end_ns, std::ostream& out,
                      const std::optional<InjectionFailure>& injection_failure) {
  nlohmann::ordered_json run;
  run["type"] = "run";
  run["completed"] = completed;
  run["end_ns"] = end_ns;
  run["events"] = trace.size();  // lets the reader tell a whole answer from one cut short
  if (injection_failure) {
    run["injection_failure"] = {{"index", injection_failure->index},
                                {"why", injection_failure->why.substr(0, kMaxWhyBytes)}};
  }
  out << run.dump() << '\n';
  write_jsonl(trace, out);
}

RunAnswer read_run_answer(std::istream& in) {
  RunAnswer answer;
  const std::string text = run_line(in);
  const nlohmann::json run = nlohmann::json::parse(text, nullptr, false);
  if (run.is_discarded() || !run.is_object() || run.value("type", "") != "run" ||
      !run.contains("completed") || !run["completed"].is_boolean() || !run.contains("end_ns") ||
      !run["end_ns"].is_number_integer() || !run.contains("events") ||
      !run["events"].is_number_unsigned()) {
    fail(1,
         "run: expected {\"type\":\"run\",\"completed\":BOOL,\"end_ns\":INT,\"events\":N}, got " +
             text.substr(0, 200));
  }
  if (run.contains("injection_failure")) {
    const nlohmann::json& failure = run["injection_failure"];
    if (!failure.is_object() || !failure.contains("index") ||
        !failure["index"].is_number_unsigned() || !failure.contains("why") ||
        !failure["why"].is_string()) {
      fail(1, "run: injection_failure: expected {\"index\":N,\"why\":STRING}, got " +
                  failure.dump().substr(0, 200));
    }
    answer.injection_failure =
        InjectionFailure{failure["index"].get<std::size_t>(), failure["why"].get<std::string>()};
  }
  answer.completed = run["completed"].get<bool>();
  answer.end_ns = run["end_ns"].get<std::int64_t>();
  const auto events = run["events"].get<std::uint64_t>();
  // The trace's own lines are numbered from its header, as in a trace file.
  const std::string trace_source = std::string(kRunAnswerSource) + ", trace";
  answer.trace = read_jsonl(in, trace_source);
  if (answer.trace.size() != events) {
    throw TraceFormatError(trace_source, answer.trace.size() + 2,
                           "the answer stops after " + std::to_string(answer.trace.size()) +
                               " of its " + std::to_string(events) + " events");
  }
  return answer;
}

}  // namespace tcplab::real
