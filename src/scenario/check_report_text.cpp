#include "scenario/check_report_text.h"

namespace tcplab {

std::string format_check_report(const CheckReport& report, const std::string& lang) {
  const bool zh = lang == "zh";
  std::string out;
  for (const auto& o : report.outcomes) {
    const std::string mark = o.passed ? (zh ? "通过" : "PASS") : (zh ? "失败" : "FAIL");
    out += mark + "  " + report.lesson + ": " + check_name(o) + ": " + o.spec.description.in(lang) +
           "\n";
    if (!o.passed) {
      out += std::string(zh ? "      期望: " : "      expected: ") + o.expected + "\n";
      out += std::string(zh ? "      实际: " : "      actual:   ") + o.actual + "\n";
    }
  }
  const std::size_t failed = report.failures();
  const std::size_t total = report.outcomes.size();
  if (zh) {
    out += report.lesson + ": " + std::to_string(total - failed) + "/" + std::to_string(total) +
           " 项检查通过\n";
  } else {
    out += report.lesson + ": " + std::to_string(total - failed) + " of " + std::to_string(total) +
           " checks passed\n";
  }
  return out;
}

}  // namespace tcplab
