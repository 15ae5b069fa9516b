#pragma once
// The one door every user-visible English literal of the presentation layer goes through, so a
// message catalog (gettext .po) can hook in here later. Identity for now.
//
// Extraction: `xgettext --keyword=tr --keyword=N_ ...` finds both forms below.
#include <string_view>

namespace tcplab::present {

// The text to show for `msgid` (an English literal) in the current language.
std::string_view tr(std::string_view msgid);

}  // namespace tcplab::present

// Marks a literal for extraction where it cannot be translated yet (a constexpr table); the
// code that shows it passes it through tr().
#define N_(msgid) msgid
