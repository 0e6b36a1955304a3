#include "flow/flowfile/node.h"

#include <string>
#include <unordered_map>

namespace flow::flowfile {

const Node* Node::find(std::string_view key) const {
  if (kind != Kind::mapping) return nullptr;
  for (const auto& [name, value] : entries) {
    if (name == key) return &value;
  }
  return nullptr;
}

Node* Node::find(std::string_view key) {
  return const_cast<Node*>(static_cast<const Node*>(this)->find(key));
}

const Node* find_path(const Node& root, std::string_view dotted) {
  const Node* node = &root;
  while (node != nullptr) {
    std::size_t dot = dotted.find('.');
    node = node->find(dotted.substr(0, dot));
    if (dot == std::string_view::npos) return node;
    dotted.remove_prefix(dot + 1);
  }
  return nullptr;
}

namespace {

// Below this many entries a linear search is cheaper than building an index.
constexpr std::size_t k_index_threshold = 16;

}  // namespace

void deep_merge(Node& base, const Node& over) {
  if (!base.is_mapping() || !over.is_mapping()) {
    base = over;
    return;
  }
  // An index over base's keys keeps merging two large mappings linear (no quadratic pass).
  std::unordered_map<std::string, std::size_t> index;
  bool use_index = base.entries.size() > k_index_threshold;
  if (use_index) {
    index.reserve(base.entries.size());
    for (std::size_t i = 0; i < base.entries.size(); ++i)
      index.emplace(base.entries[i].first, i);
  }
  for (const auto& [key, value] : over.entries) {
    Node* existing = nullptr;
    if (use_index) {
      auto it = index.find(key);
      if (it != index.end()) existing = &base.entries[it->second].second;
    } else {
      existing = base.find(key);
    }
    if (existing != nullptr) {
      deep_merge(*existing, value);
    } else {
      base.entries.emplace_back(key, value);
      // Keep the index valid for later keys of `over` (pointers are not held across this).
      if (use_index) index.emplace(key, base.entries.size() - 1);
    }
  }
}

}  // namespace flow::flowfile
