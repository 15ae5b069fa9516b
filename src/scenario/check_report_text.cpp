#include "scenario/check_report_text.h"

#include <algorithm>

#include "present/translate.h"

namespace tcplab {

using present::fill;
using present::tr;

std::string format_check_report(const CheckReport& report) {
  const std::string lang(present::language());
  std::string out;
  // The two labels line their values up, in whichever language they are.
  const std::string expected = tr("expected:");
  const std::string actual = tr("actual:");
  const std::size_t label_width = std::max(expected.size(), actual.size());
  auto labelled = [label_width](std::string label, const std::string& value) {
    label.resize(label_width, ' ');
    return "      " + label + " " + value + "\n";
  };
  for (const auto& o : report.outcomes) {
    // TRANSLATORS: the mark before a check that held (PASS) or failed (FAIL).
    const std::string mark = o.passed ? tr("PASS") : tr("FAIL");
    out += mark + "  " + report.lesson + ": " + check_name(o) + ": " + o.spec.description.in(lang) +
           "\n";
    if (!o.passed) out += labelled(expected, o.expected) + labelled(actual, o.actual);
  }
  const std::size_t failed = report.failures();
  const std::size_t total = report.outcomes.size();
  // TRANSLATORS: {0} the lesson, {1} how many checks passed, {2} how many there are.
  out += fill(tr("{0}: {1} of {2} checks passed"),
              {report.lesson, std::to_string(total - failed), std::to_string(total)}) +
         "\n";
  return out;
}

}  // namespace tcplab
