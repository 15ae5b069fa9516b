#include "present/translate.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_map>

namespace tcplab::present {

// Why tcplab reads the compiled .mo catalog itself (the format is GNU gettext's, documented in
// its manual, "The Format of GNU MO Files"), not through glibc's gettext or Boost.Locale:
// - glibc's gettext() only translates after setlocale() succeeds for an installed OS locale
//   (the C locale ignores $LANGUAGE), and a student's machine may have no zh_CN locale;
// - Boost.Locale's gnu_gettext facet reads a .mo without OS locales, but cannot list a
//   catalog's translations, which the GUI needs to bake their glyphs into its font atlas; and it
//   is a compiled library Emscripten's ports do not carry, where this file builds as it is.
// The .po stays the source; msgfmt compiles it at build time (po/CMakeLists.txt).

namespace {

constexpr std::uint32_t kMoMagic = 0x950412de;
constexpr std::size_t kMoHeaderBytes = 28;  // magic, revision, count, two table offsets, hash

// A language tcplab ships a catalog for, and the gettext locale its .mo is filed under.
struct CatalogLocale {
  std::string_view language;
  std::string_view gettext_locale;
};
constexpr CatalogLocale kCatalogLocales[] = {{kChinese, "zh_CN"}};

struct Catalog {
  std::string_view language;
  std::string bytes;  // the whole .mo: the views below point into it
  std::unordered_map<std::string_view, std::string_view> messages;
};

// Loaded once, never replaced or freed: the text tr() returns points into them.
std::map<std::string_view, Catalog>& catalogs() {
  static std::map<std::string_view, Catalog> all;
  return all;
}

// The GUI switches language on its thread while a kernel run may label text on another.
std::atomic<const Catalog*> current{nullptr};

// Reads a .mo file's messages into `catalog`; returns what is wrong with it, "" when nothing.
std::string parse_mo(Catalog& catalog) {
  const std::string& b = catalog.bytes;
  if (b.size() < kMoHeaderBytes) return "too short for a .mo header";
  auto word_at = [&b](std::size_t at, bool swap) {
    std::uint32_t w = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      const auto byte = static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + i]));
      w |= swap ? byte << (8 * (3 - i)) : byte << (8 * i);
    }
    return w;
  };
  // Written in the compiling machine's byte order: the magic number says which.
  bool swap = false;
  if (word_at(0, false) != kMoMagic) {
    swap = true;
    if (word_at(0, true) != kMoMagic) return "not a .mo file (wrong magic number)";
  }
  if (word_at(4, swap) >> 16 > 1) return "unknown .mo revision";
  const std::size_t count = word_at(8, swap);
  const std::size_t originals = word_at(12, swap);
  const std::size_t translations = word_at(16, swap);
  // One string: its table entry (length, offset) read and checked against the file.
  auto string_at = [&](std::size_t table, std::size_t k, std::string_view& out) {
    const std::size_t entry = table + 8 * k;
    if (entry > b.size() || b.size() - entry < 8) return false;
    const std::size_t length = word_at(entry, swap);
    const std::size_t offset = word_at(entry + 4, swap);
    if (offset > b.size() || b.size() - offset <= length) return false;  // and its NUL
    out = std::string_view(b).substr(offset, length);
    // A plural entry holds its forms NUL-separated: tcplab's texts use the first.
    out = out.substr(0, out.find('\0'));
    return true;
  };
  for (std::size_t k = 0; k < count; ++k) {
    std::string_view id;
    std::string_view text;
    if (!string_at(originals, k, id) || !string_at(translations, k, text)) {
      return "message " + std::to_string(k) + " lies outside the file";
    }
    if (id.empty() || text.empty()) continue;  // the header, or nothing translated
    catalog.messages.emplace(id, text);
  }
  return "";
}

}  // namespace

std::vector<std::string> load_catalogs(const std::string& dir) {
  std::vector<std::string> problems;
  for (const CatalogLocale& locale : kCatalogLocales) {
    if (catalogs().contains(locale.language)) continue;
    const std::filesystem::path file =
        std::filesystem::path(dir) / locale.gettext_locale / "LC_MESSAGES" / "tcplab.mo";
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      problems.push_back(file.string() + ": cannot be read");
      continue;
    }
    Catalog catalog;
    catalog.language = locale.language;
    std::ostringstream contents;
    contents << in.rdbuf();
    catalog.bytes = std::move(contents).str();
    // Moved into the map first: the views must point into the string where it will stay.
    Catalog& kept = catalogs().emplace(locale.language, std::move(catalog)).first->second;
    if (const std::string error = parse_mo(kept); !error.empty()) {
      problems.push_back(file.string() + ": " + error);
      catalogs().erase(locale.language);
    }
  }
  return problems;
}

void set_language(std::string_view language) {
  const auto found = catalogs().find(language);
  current = found == catalogs().end() ? nullptr : &found->second;
}

std::string_view language() {
  const Catalog* catalog = current;
  return catalog ? catalog->language : kEnglish;
}

std::string_view tr(std::string_view msgid) {
  const Catalog* catalog = current;
  if (!catalog) return msgid;
  const auto found = catalog->messages.find(msgid);
  return found == catalog->messages.end() ? msgid : found->second;
}

std::string_view tr_in(std::string_view language, std::string_view msgid) {
  const auto found = catalogs().find(language);
  if (found == catalogs().end()) return msgid;
  const auto message = found->second.messages.find(msgid);
  return message == found->second.messages.end() ? msgid : message->second;
}

const char* tr(const char* msgid) {
  if (!msgid) return msgid;
  // A translation is followed by its NUL in the .mo, as a literal is.
  return tr(std::string_view(msgid)).data();
}

std::vector<std::string_view> translations(std::string_view language) {
  std::vector<std::string_view> out;
  const auto found = catalogs().find(language);
  if (found == catalogs().end()) return out;
  out.reserve(found->second.messages.size());
  for (const auto& [id, text] : found->second.messages) out.push_back(text);
  return out;
}

std::string fill(std::string_view pattern, std::span<const std::string_view> args) {
  std::string out;
  out.reserve(pattern.size());
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' &&
        pattern[i + 1] >= '0' && pattern[i + 1] <= '9') {
      const auto k = static_cast<std::size_t>(pattern[i + 1] - '0');
      if (k < args.size()) {
        out += args[k];
        i += 2;
        continue;
      }
    }
    out += pattern[i];
  }
  return out;
}

std::string fill(std::string_view pattern, std::initializer_list<std::string_view> args) {
  return fill(pattern, std::span<const std::string_view>(args.begin(), args.size()));
}

}  // namespace tcplab::present
