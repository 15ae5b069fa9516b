#pragma once
// A CheckReport as text: one line per passing check, and for a failure the lesson, the check,
// what was expected and what happened.
#include <string>

#include "scenario/checks.h"

namespace tcplab {

// In the language present::set_language chose last (the lesson's own words included).
std::string format_check_report(const CheckReport& report);

}  // namespace tcplab
