#pragma once
// Builds a Node tree from YAML parser events (private to flowfile; reader.cpp feeds it
// libfyaml's events). It keeps document order, sees duplicate keys, expands aliases within a
// node cap, applies merge keys and records every value's location.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "flow/base/error.h"
#include "flow/flowfile/node.h"
#include "flowfile/yaml/brace_quoting.h"
#include "flowfile/yaml/literal_runs.h"

namespace flow::flowfile::yaml {

/// A 0-based position in the parsed text; `pos` is the byte offset.
struct Mark {
  int line = -1;
  int column = -1;
  std::size_t pos = std::string_view::npos;
  bool is_null() const { return line < 0 || column < 0; }
};

/// How a scalar was written.
enum class ScalarStyle { plain, single_quoted, double_quoted, literal, folded };

class TreeBuilder final {
 public:
  /// `reduced`, when given, is the text with literal runs taken out: their tokens are
  /// replaced by the runs' items (literal_runs.h). `quoted`, when given, is the text being
  /// parsed: `reduced`'s text (or else the original) with brace scalars quoted
  /// (brace_quoting.h). Aliases may not make the document larger than `max_nodes` values.
  TreeBuilder(std::string file, const ReducedText* reduced, const QuotedText* quoted,
              std::size_t max_nodes);

  // The events of one document. `mark` is where the node starts: its first property (`&a`,
  // `!t`) if it has any, else its first character (a block scalar's indicator). `anchor` is
  // the anchor's name, empty without one; `tagged` says an explicit tag was given.
  void on_null(const Mark& mark, std::string_view anchor);
  void on_alias(const Mark& mark, std::string_view name);
  void on_scalar(const Mark& mark, std::string_view value, ScalarStyle style, bool tagged,
                 std::string_view anchor);
  void on_sequence_start(const Mark& mark, std::string_view anchor, bool flow);
  void on_sequence_end();
  void on_map_start(const Mark& mark, std::string_view anchor, bool flow);
  void on_map_end();
  /// How many sequences and mappings are open.
  std::size_t depth() const { return m_stack.size(); }

  /// `text` is the text being parsed: quoted scalars are checked to be closed in it (issue 9:
  /// a quoted scalar cut off by the end of the file must never end there). Must outlive the
  /// builder.
  void check_quotes_in(std::string_view text) { m_text = text; }

  /// The document (a null node for an empty one). Call once, after parsing succeeded.
  Node take_root();
  /// Duplicate keys, keys that are not strings, bad merge keys, alias bombs.
  std::vector<Error>& errors() { return m_errors; }
  /// False when a literal-run token turned up where it cannot stand, or never turned up:
  /// the reduced text did not mean the same as the original.
  bool literal_runs_ok() const;
  /// True when every quoted brace scalar came out once, where predicted, with its text, as an
  /// item or key of a flow collection: then the quotes only made the text valid YAML.
  bool quoted_scalars_ok() const;
  /// A quoted brace scalar came out wrong (as opposed to not at all, after a syntax error).
  bool quoted_scalar_mismatch() const { return m_quotes_mismatch; }

  /// The location of a mark of the parsed text, 1-based, in the original text.
  SourceLocation location(const Mark& mark) const;

 private:
  struct Frame {
    Node node;  // a sequence or mapping being filled
    std::string anchor;
    bool flow = false;       // written as [...] or {...}
    bool has_key = false;    // mapping: a key was read and its value comes next
    bool key_ok = false;     // that key is a string
    bool key_plain = false;  // that key was not quoted
    std::string key;
    SourceLocation key_location;
    std::optional<SourceLocation> merge_key;  // where a plain `<<` key was written
  };

  void push_frame(Node::Kind kind, const Mark& mark, std::string_view anchor, bool flow);
  TextPosition unquoted(const Mark& mark) const;
  bool check_quoted_scalar(std::size_t index, std::string_view value);
  void check_closed(const Mark& mark);
  void add(Node node, std::string_view anchor);
  void take_key(Frame& frame, const Node& key);
  void add_literal_run(const Mark& mark, bool plain, std::string_view anchor,
                       std::string_view value);
  void append_run_items(const LiteralRun& run, std::vector<Node>& items) const;
  void finish_mapping(Frame& frame);
  void remove_duplicate_keys(Node& mapping);
  void apply_merge_key(Frame& frame);
  bool reserve_nodes(std::size_t count, const SourceLocation& where);
  Error& add_error(const SourceLocation& location, std::string message);

  std::string m_file;
  const ReducedText* m_reduced;
  const QuotedText* m_quoted;
  std::vector<Frame> m_stack;
  Node m_root;
  struct Anchored {
    Node node;
    std::size_t size = 0;
  };
  std::unordered_map<std::string, Anchored> m_anchors;  // by name, the latest definition
  std::size_t m_max_nodes;
  std::size_t m_node_count = 0;
  bool m_too_big = false;
  std::vector<bool> m_runs_seen;
  bool m_runs_ok = true;
  std::vector<bool> m_quotes_seen;
  bool m_quotes_mismatch = false;
  std::vector<Error> m_errors;
  std::string_view m_text;
};

}  // namespace flow::flowfile::yaml
