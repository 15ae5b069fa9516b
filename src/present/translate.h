#pragma once
// The one door every user-visible English literal goes through: tr() looks it up in the current
// language's message catalog (gettext, po/<locale>.po compiled to <dir>/<locale>/LC_MESSAGES/
// tcplab.mo at build time). English is the msgid itself; a msgid a catalog lacks stays English.
//
// Extraction: po/README.md (`xgettext --keyword=tr --keyword=N_ ...` finds both forms below).
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tcplab::present {

// The languages tcplab speaks, as the settings and --lang name them.
inline constexpr std::string_view kEnglish = "en";
inline constexpr std::string_view kChinese = "zh";

// Reads the compiled catalog of every language but English from `dir` (laid out as
// <dir>/zh_CN/LC_MESSAGES/tcplab.mo). A language already loaded stays as it is, so text tr()
// handed out stays valid. Returns one line per catalog that could not be read, naming the file.
std::vector<std::string> load_catalogs(const std::string& dir);

// The language tr() translates into from now on: "en" or "zh". Another name, or a language whose
// catalog was not loaded, shows English.
void set_language(std::string_view language);
// The language set last ("en" at start).
std::string_view language();

// The text to show for `msgid` (an English literal) in the current language. The pointer form is
// for literals handed to ImGui: its result is NUL-terminated and lives as long as the program.
const char* tr(const char* msgid);
std::string_view tr(std::string_view msgid);
// The text for `msgid` in `language`, whatever the current one is: for words stored in every
// language at once (a tcplab::Text), which a later language switch must not freeze.
std::string_view tr_in(std::string_view language, std::string_view msgid);

// Every translation the catalog of `language` holds (none for English or an unloaded one): the
// GUI bakes their glyphs into its font.
std::vector<std::string_view> translations(std::string_view language);

// A translated sentence with its parameters: "{0}", "{1}" ... in `pattern` are replaced by
// args[0], args[1] ..., so a translation may put them in another order. A placeholder without
// an argument stays as written.
std::string fill(std::string_view pattern, std::initializer_list<std::string_view> args);
std::string fill(std::string_view pattern, std::span<const std::string_view> args);

}  // namespace tcplab::present

// Marks a literal for extraction where it cannot be translated yet (a constexpr table); the
// code that shows it passes it through tr().
#define N_(msgid) msgid
