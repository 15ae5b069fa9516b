#include "core/name.h"

#include <algorithm>
#include <mutex>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/container/node_hash_set.h>

namespace tcplab {

const std::string Name::kEmpty;

namespace {
// The process's interned names. Node storage: a name's address never changes once made.
struct Names {
  std::mutex mutex;
  absl::node_hash_set<std::string> texts;
  // Name::numbered: per base text, the interned "base#n" at index n (null until made).
  absl::flat_hash_map<const std::string*, std::vector<const std::string*>> numbered;
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

Name Name::numbered(const Name& base, std::uint32_t number) {
  Names& all = names();
  const std::lock_guard lock(all.mutex);
  std::vector<const std::string*>& made = all.numbered[base.text_];
  if (number >= made.size()) made.resize(std::max<std::size_t>(number + 1, made.size() * 2));
  const std::string*& text = made[number];
  if (text == nullptr) {
    std::string label(base.view());
    label += '#';
    label += std::to_string(number);
    text = &*all.texts.emplace(std::move(label)).first;
  }
  Name name;
  name.text_ = text;
  return name;
}

}  // namespace tcplab
