#include "present/catalog_search.h"

#include <cstdlib>

#include "present/translate.h"

namespace tcplab::present {

namespace fs = std::filesystem;

namespace {

// The Chinese catalog stands for all: every language tcplab ships is compiled together.
bool holds_catalogs(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "zh_CN" / "LC_MESSAGES" / "tcplab.mo", ec);
}

}  // namespace

std::vector<fs::path> catalog_search_path(const CatalogSearch& search) {
  if (!search.env.empty()) return {fs::path(search.env)};
  std::vector<fs::path> candidates;
  if (!search.executable.empty()) {
    const fs::path bin = search.executable.parent_path();
    candidates.push_back(bin.parent_path() / "share" / "tcplab" / "locale");
    candidates.push_back(bin / "locale");
  }
  if (!search.build_tree.empty()) candidates.push_back(search.build_tree);
  return candidates;
}

std::optional<fs::path> find_catalog_dir(const CatalogSearch& search) {
  const std::vector<fs::path> candidates = catalog_search_path(search);
  if (!search.env.empty()) return candidates.front();
  for (const fs::path& dir : candidates) {
    if (holds_catalogs(dir)) return dir;
  }
  return std::nullopt;
}

std::optional<fs::path> find_catalog_dir() {
  CatalogSearch search;
  if (const char* env = std::getenv("TCPLAB_LOCALEDIR"); env) search.env = env;
  std::error_code ec;
  search.executable = fs::read_symlink("/proc/self/exe", ec);
  if (ec) search.executable.clear();
  search.build_tree = TCPLAB_BUILD_LOCALE_DIR;
  return find_catalog_dir(search);
}

std::vector<std::string> load_installed_catalogs() {
  const std::optional<fs::path> dir = find_catalog_dir();
  if (!dir) {
    return {"no message catalogs found (set TCPLAB_LOCALEDIR to a directory holding "
            "zh_CN/LC_MESSAGES/tcplab.mo)"};
  }
  return load_catalogs(dir->string());
}

}  // namespace tcplab::present
