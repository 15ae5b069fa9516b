#pragma once
// Finding the compiled message catalogs, as lessons are found (scenario/lesson_catalog.h): a
// directory holding <locale>/LC_MESSAGES/tcplab.mo, installed as <prefix>/share/tcplab/locale.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tcplab::present {

// What the catalog search starts from (find_catalog_dir() fills it in from the process).
struct CatalogSearch {
  std::string env;                    // $TCPLAB_LOCALEDIR, "" when not set
  std::filesystem::path executable;   // the running binary, "" when unknown
  std::filesystem::path build_tree;   // the locale/ this build compiled the .po files into
};

// Where catalogs are looked for, in order. $TCPLAB_LOCALEDIR when set is the only one;
// otherwise <prefix>/share/tcplab/locale beside an installed binary, locale/ beside the binary,
// then this build's locale/.
std::vector<std::filesystem::path> catalog_search_path(const CatalogSearch& search);

// The first directory of the search path holding a catalog (the one asked for even when it
// holds none, so the error names it); nullopt when none does.
std::optional<std::filesystem::path> find_catalog_dir(const CatalogSearch& search);
// The same, for this process: $TCPLAB_LOCALEDIR, /proc/self/exe and this build's tree.
std::optional<std::filesystem::path> find_catalog_dir();

// Finds the catalogs and loads them (load_catalogs()); returns what could not be loaded, one
// line each, for the caller to warn about (English is shown then).
std::vector<std::string> load_installed_catalogs();

}  // namespace tcplab::present
