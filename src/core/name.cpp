#include "core/name.h"

#include <mutex>

#include <absl/container/node_hash_set.h>

namespace tcplab {

const std::string Name::kEmpty;

namespace {
// The process's interned names. Node storage: a name's address never changes once made.
struct Names {
  std::mutex mutex;
  absl::node_hash_set<std::string> texts;
};
Names& names() {
  static Names* all = new Names;  // never destroyed: names outlive every static that holds one
  return *all;
}
}  // namespace

Name::Name(std::string_view text) {
  if (text.empty()) return;
  Names& all = names();
  const std::lock_guard lock(all.mutex);
  text_ = &*all.texts.emplace(text).first;
}

}  // namespace tcplab
