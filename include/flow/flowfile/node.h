#pragma once
// A YAML value with its location, as the loader keeps config values.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "flow/base/error.h"

namespace flow::flowfile {

struct Node {
  enum class Kind { null, scalar, sequence, mapping };
  Kind kind = Kind::null;
  std::string scalar;   ///< the text of a scalar, as written (without quotes)
  bool quoted = false;  ///< a quoted or block scalar, which is always a string
  /// How a block scalar was written: `|` keeps its lines (its text starts on the line after
  /// `location`, the indicator's), `>` folds them. `none` for every other node.
  enum class Block : std::uint8_t { none, literal, folded };
  Block block = Block::none;
  std::vector<Node> items;                            ///< a sequence
  std::vector<std::pair<std::string, Node>> entries;  ///< a mapping, in document order
  SourceLocation location;
  /// Added by the flowfile module: for a value in a mapping, where its key was written
  /// (unknown-key errors point there); unknown (line 0) for other nodes.
  SourceLocation key_location;

  bool is_scalar() const { return kind == Kind::scalar; }
  bool is_sequence() const { return kind == Kind::sequence; }
  bool is_mapping() const { return kind == Kind::mapping; }
  /// The entry for `key` in a mapping, or nullptr.
  const Node* find(std::string_view key) const;
  Node* find(std::string_view key);
};

/// Looks up a dotted path ("a.b.c") in a mapping; nullptr when any part is missing.
const Node* find_path(const Node& root, std::string_view dotted);

/// Copies `over` onto `base`: mappings merge key by key (recursively), anything else is
/// replaced. This is how --configfile and --config apply (spec §1).
void deep_merge(Node& base, const Node& over);

}  // namespace flow::flowfile
