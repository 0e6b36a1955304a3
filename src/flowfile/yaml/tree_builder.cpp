#include "flowfile/yaml/tree_builder.h"

#include <string_view>
#include <unordered_set>

#include <fmt/format.h>

#include "flowfile/diagnostics.h"

namespace flow::flowfile::yaml {
namespace {

// Below this many keys, a pairwise comparison is cheaper than a hash set.
constexpr std::size_t k_small_mapping = 16;

std::size_t count_nodes(const Node& node) {
  std::size_t count = 1;
  for (const auto& item : node.items)
    count += count_nodes(item);
  for (const auto& entry : node.entries)
    count += count_nodes(entry.second);
  return count;
}

Node make_node(Node::Kind kind, SourceLocation location) {
  Node node;
  node.kind = kind;
  node.location = std::move(location);
  return node;
}

}  // namespace

TreeBuilder::TreeBuilder(std::string file, const ReducedText* reduced, const QuotedText* quoted,
                         std::size_t max_nodes)
    : m_file(std::move(file)), m_reduced(reduced), m_quoted(quoted), m_max_nodes(max_nodes) {
  if (m_reduced) m_runs_seen.assign(m_reduced->runs.size(), false);
  if (m_quoted) m_quotes_seen.assign(m_quoted->scalars.size(), false);
}

// The position of `mark` in the text before brace scalars were quoted.
TextPosition TreeBuilder::unquoted(const Mark& mark) const {
  TextPosition position{mark.line, mark.column};
  return m_quoted ? m_quoted->to_source(position) : position;
}

SourceLocation TreeBuilder::location(const Mark& mark) const {
  if (mark.is_null()) return SourceLocation{m_file, 0, 0};
  TextPosition position = unquoted(mark);
  if (m_reduced) position = m_reduced->to_original(position);
  return SourceLocation{m_file, position.line + 1, position.column + 1};
}

Error& TreeBuilder::add_error(const SourceLocation& location, std::string message) {
  m_errors.push_back(make_error(ErrorKind::flowfile, std::move(message), location));
  return m_errors.back();
}

void TreeBuilder::on_null(const Mark& mark, std::string_view anchor) {
  ++m_node_count;
  add(make_node(Node::Kind::null, location(mark)), anchor);
}

// Scans a quoted scalar starting at `mark` to its closing quote. Each quoted scalar is
// scanned once, so the whole check is linear in the text. (libfyaml reports an unclosed
// quote itself; this stays as a guard, since issue 9 must never come back.)
void TreeBuilder::check_closed(const Mark& mark) {
  if (mark.pos >= m_text.size()) return;
  char quote = m_text[mark.pos];
  if (quote != '"' && quote != '\'') return;  // a block scalar, or a tag or anchor first
  for (std::size_t i = mark.pos + 1; i < m_text.size(); ++i) {
    if (quote == '"' && m_text[i] == '\\') {
      ++i;  // an escape: the next character is never the end
    } else if (m_text[i] == quote) {
      if (quote == '\'' && i + 1 < m_text.size() && m_text[i + 1] == '\'') {
        ++i;  // '' is a quote inside a single-quoted scalar
        continue;
      }
      return;
    }
  }
  add_error(location(mark), fmt::format("invalid YAML: the end of the file comes inside this "
                                        "{}-quoted scalar (its closing {} is missing)",
                                        quote == '"' ? "double" : "single", quote));
}

void TreeBuilder::on_scalar(const Mark& mark, std::string_view value, ScalarStyle style,
                            bool tagged, std::string_view anchor) {
  // A plain scalar without a tag may be a number, a boolean...; anything else is a string.
  // A brace scalar was plain.
  bool plain = style == ScalarStyle::plain && !tagged;
  if (!plain) check_closed(mark);
  if (m_quoted) {
    if (auto index = m_quoted->find({mark.line, mark.column})) {
      plain = check_quoted_scalar(*index, value) && style == ScalarStyle::double_quoted && !tagged;
    }
  }
  if (m_reduced && value.find(m_reduced->token_prefix) != std::string_view::npos) {
    add_literal_run(mark, style == ScalarStyle::plain && !tagged, anchor, value);
    return;
  }
  if (value.find('\0') != std::string_view::npos) {
    // A "\0" escape: no command line, path or environment variable can hold the byte.
    add_error(location(mark),
              "a NUL character (\\0) in a value: commands, paths and "
              "environment variables cannot hold one");
  }
  ++m_node_count;
  Node node = make_node(Node::Kind::scalar, location(mark));
  node.scalar = value;
  node.quoted = !plain;
  // `run: |` needs to know where its lines start; a tag or an anchor before the indicator
  // leaves it `none` (the mark is then the property's).
  bool properties = tagged || !anchor.empty();
  if (!properties && style == ScalarStyle::literal) node.block = Node::Block::literal;
  if (!properties && style == ScalarStyle::folded) node.block = Node::Block::folded;
  add(std::move(node), anchor);
}

void TreeBuilder::on_alias(const Mark& mark, std::string_view name) {
  auto it = m_anchors.find(std::string(name));
  if (it == m_anchors.end()) {
    bool open = false;
    for (const Frame& frame : m_stack)
      open = open || frame.anchor == name;
    add_error(location(mark),
              open ? fmt::format("alias '*{}' refers to the node that contains it", name)
                   : fmt::format("invalid YAML: alias '*{}' refers to no anchor: an anchor "
                                 "'&{}' must come before it",
                                 name, name));
    add(make_node(Node::Kind::null, location(mark)), {});
    return;
  }
  if (!reserve_nodes(it->second.size, location(mark))) {
    add(make_node(Node::Kind::null, location(mark)), {});
    return;
  }
  Node copy = it->second.node;
  copy.location = location(mark);
  add(std::move(copy), {});
}

bool TreeBuilder::check_quoted_scalar(std::size_t index, std::string_view value) {
  bool ok = !m_quotes_seen[index] && value == m_quoted->scalars[index].value && !m_stack.empty() &&
            m_stack.back().flow;
  if (ok) {
    m_quotes_seen[index] = true;
  } else {
    m_quotes_mismatch = true;
  }
  return ok;
}

void TreeBuilder::push_frame(Node::Kind kind, const Mark& mark, std::string_view anchor,
                             bool flow) {
  Frame frame;
  frame.node = make_node(kind, location(mark));
  frame.anchor = anchor;
  frame.flow = flow;
  // An alias inside the node refers to it, not to an earlier node of that name.
  if (!anchor.empty()) m_anchors.erase(frame.anchor);
  m_stack.push_back(std::move(frame));
}

void TreeBuilder::on_sequence_start(const Mark& mark, std::string_view anchor, bool flow) {
  ++m_node_count;
  push_frame(Node::Kind::sequence, mark, anchor, flow);
}

void TreeBuilder::on_sequence_end() {
  if (m_stack.empty()) return;
  Frame frame = std::move(m_stack.back());
  m_stack.pop_back();
  add(std::move(frame.node), frame.anchor);
}

void TreeBuilder::on_map_start(const Mark& mark, std::string_view anchor, bool flow) {
  ++m_node_count;
  push_frame(Node::Kind::mapping, mark, anchor, flow);
}

void TreeBuilder::on_map_end() {
  if (m_stack.empty()) return;
  Frame frame = std::move(m_stack.back());
  m_stack.pop_back();
  finish_mapping(frame);
  add(std::move(frame.node), frame.anchor);
}

Node TreeBuilder::take_root() {
  return std::move(m_root);
}

bool TreeBuilder::literal_runs_ok() const {
  if (!m_runs_ok) return false;
  for (bool seen : m_runs_seen) {
    if (!seen) return false;
  }
  return true;
}

bool TreeBuilder::quoted_scalars_ok() const {
  if (m_quotes_mismatch) return false;
  for (bool seen : m_quotes_seen) {
    if (!seen) return false;
  }
  return true;
}

bool TreeBuilder::reserve_nodes(std::size_t count, const SourceLocation& where) {
  if (m_too_big) return false;
  if (m_node_count + count > m_max_nodes) {
    m_too_big = true;
    add_error(where, fmt::format("the document is too large: more than {} values once aliases "
                                 "are expanded",
                                 m_max_nodes));
    return false;
  }
  m_node_count += count;
  return true;
}

void TreeBuilder::add(Node node, std::string_view anchor) {
  if (!anchor.empty()) {
    std::size_t size = count_nodes(node);
    m_anchors[std::string(anchor)] = Anchored{node, size};
  }
  if (m_stack.empty()) {
    m_root = std::move(node);
    return;
  }
  Frame& top = m_stack.back();
  if (top.node.is_sequence()) {
    top.node.items.push_back(std::move(node));
    return;
  }
  if (!top.has_key) {
    take_key(top, node);
    return;
  }
  top.has_key = false;
  if (!top.key_ok) return;
  // An empty value's mark is wherever the next token is: a null value points at its key.
  if (node.kind == Node::Kind::null) node.location = top.key_location;
  node.key_location = top.key_location;
  if (top.key == "<<" && top.key_plain && !top.merge_key) top.merge_key = top.key_location;
  top.node.entries.emplace_back(std::move(top.key), std::move(node));
}

void TreeBuilder::take_key(Frame& frame, const Node& key) {
  frame.has_key = true;
  frame.key_location = key.location;
  frame.key_ok = key.is_scalar();
  if (frame.key_ok) {
    frame.key = key.scalar;
    frame.key_plain = !key.quoted;
  } else {
    add_error(key.location, "a mapping key must be a string, not " + describe(key));
  }
}

void TreeBuilder::add_literal_run(const Mark& mark, bool plain, std::string_view anchor,
                                  std::string_view value) {
  const LiteralRun* run = m_reduced->find_run(std::string(value));
  std::size_t index = run ? static_cast<std::size_t>(run - m_reduced->runs.data()) : 0;
  bool ok = run != nullptr && plain && anchor.empty() && !m_stack.empty() &&
            m_stack.back().node.is_sequence() && unquoted(mark) == run->token_position &&
            !m_runs_seen[index];
  if (!ok) {
    m_runs_ok = false;  // the result is thrown away; keep the tree's shape anyway
    add(make_node(Node::Kind::null, location(mark)), anchor);
    return;
  }
  m_runs_seen[index] = true;
  m_node_count += run->items.size();
  append_run_items(*run, m_stack.back().node.items);
}

// Kept apart from the checks above: this loop runs for every item of a long list.
void TreeBuilder::append_run_items(const LiteralRun& run, std::vector<Node>& items) const {
  items.reserve(items.size() + run.items.size());
  for (const RunItem& item : run.items) {
    items.emplace_back();
    Node& node = items.back();
    node.kind = Node::Kind::scalar;
    node.scalar.assign(m_reduced->original.substr(item.begin, item.end - item.begin));
    node.location = SourceLocation{m_file, item.position.line + 1, item.position.column + 1};
  }
}

void TreeBuilder::finish_mapping(Frame& frame) {
  remove_duplicate_keys(frame.node);
  apply_merge_key(frame);
}

void TreeBuilder::remove_duplicate_keys(Node& mapping) {
  auto& entries = mapping.entries;
  std::vector<bool> drop(entries.size(), false);
  bool any = false;
  auto report = [&](std::size_t first, std::size_t second) {
    Error& error = add_error(entries[second].second.key_location,
                             "duplicate key " + quote(entries[second].first));
    error.notes.push_back("first given at " + location_text(entries[first].second.key_location));
    drop[second] = any = true;
  };
  if (entries.size() <= k_small_mapping) {
    for (std::size_t j = 1; j < entries.size(); ++j) {
      for (std::size_t i = 0; i < j; ++i) {
        if (!drop[i] && entries[i].first == entries[j].first) {
          report(i, j);
          break;
        }
      }
    }
  } else {
    std::unordered_map<std::string_view, std::size_t> seen;
    seen.reserve(entries.size());
    for (std::size_t j = 0; j < entries.size(); ++j) {
      auto [it, inserted] = seen.emplace(entries[j].first, j);
      if (!inserted) report(it->second, j);
    }
  }
  if (!any) return;
  std::vector<std::pair<std::string, Node>> kept;
  kept.reserve(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (!drop[i]) kept.push_back(std::move(entries[i]));
  }
  entries = std::move(kept);
}

// YAML's merge key: `<<: *defaults` (or a list of aliases) adds the keys the mapping does
// not give itself, where the `<<` was written; earlier sources win over later ones.
void TreeBuilder::apply_merge_key(Frame& frame) {
  if (!frame.merge_key) return;
  auto& entries = frame.node.entries;
  std::size_t at = 0;
  while (at < entries.size() &&
         !(entries[at].first == "<<" &&
           entries[at].second.key_location.line == frame.merge_key->line &&
           entries[at].second.key_location.column == frame.merge_key->column)) {
    ++at;
  }
  if (at == entries.size()) return;
  Node merged = std::move(entries[at].second);
  entries.erase(entries.begin() + static_cast<std::ptrdiff_t>(at));
  std::vector<Node*> sources;
  if (merged.is_mapping()) sources.push_back(&merged);
  for (auto& item : merged.items)
    sources.push_back(&item);
  bool valid = merged.is_mapping() || merged.is_sequence();
  for (Node* source : sources)
    valid = valid && source->is_mapping();
  if (!valid) {
    add_error(merged.location,
              "'<<' must be a mapping or a list of mappings, not " + describe(merged));
    return;
  }
  std::unordered_set<std::string> present;
  for (const auto& entry : entries)
    present.insert(entry.first);
  std::vector<std::pair<std::string, Node>> added;
  for (Node* source : sources) {
    for (auto& entry : source->entries) {
      if (present.insert(entry.first).second) added.push_back(std::move(entry));
    }
  }
  entries.insert(entries.begin() + static_cast<std::ptrdiff_t>(at),
                 std::make_move_iterator(added.begin()), std::make_move_iterator(added.end()));
}

}  // namespace flow::flowfile::yaml
