#pragma once
// A CheckReport as text: one line per passing check, and for a failure the lesson, the check,
// what was expected and what happened.
#include <string>

#include "scenario/checks.h"

namespace tcplab {

std::string format_check_report(const CheckReport& report, const std::string& lang);

}  // namespace tcplab
