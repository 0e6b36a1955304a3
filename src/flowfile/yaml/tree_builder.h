#pragma once
// Builds a Node tree from yaml-cpp parser events (private to flowfile). Unlike yaml-cpp's own
// Node API it keeps document order, sees duplicate keys (jbeder/yaml-cpp#60) and records
// every value's location.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/mark.h>

#include "flow/base/error.h"
#include "flow/flowfile/node.h"
#include "flowfile/yaml/brace_quoting.h"
#include "flowfile/yaml/literal_runs.h"

namespace flow::flowfile::yaml {

class TreeBuilder final : public YAML::EventHandler {
 public:
  /// `reduced`, when given, is the text with literal runs taken out: their tokens are
  /// replaced by the runs' items (literal_runs.h). `quoted`, when given, is the text being
  /// parsed: `reduced`'s text (or else the original) with brace scalars quoted
  /// (brace_quoting.h). Aliases may not make the document larger than `max_nodes` values.
  TreeBuilder(std::string file, const ReducedText* reduced, const QuotedText* quoted,
              std::size_t max_nodes);

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override;
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override;
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override;
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override;
  void OnSequenceEnd() override;
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override;
  void OnMapEnd() override;
  void OnAnchor(const YAML::Mark& mark, const std::string& name) override;

  /// `text` is the text being parsed: quoted scalars are checked to be closed in it (yaml-cpp
  /// takes a double-quoted scalar cut off by the end of the file after a line break as
  /// ending there). Must outlive the builder.
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
  SourceLocation location(const YAML::Mark& mark) const;

 private:
  struct Frame {
    Node node;  // a sequence or mapping being filled
    YAML::anchor_t anchor = 0;
    bool flow = false;       // written as [...] or {...}
    bool has_key = false;    // mapping: a key was read and its value comes next
    bool key_ok = false;     // that key is a string
    bool key_plain = false;  // that key was not quoted
    std::string key;
    SourceLocation key_location;
    std::optional<SourceLocation> merge_key;  // where a plain `<<` key was written
  };

  void push_frame(Node::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style);
  TextPosition unquoted(const YAML::Mark& mark) const;
  bool check_quoted_scalar(std::size_t index, const std::string& value);
  void check_closed(const YAML::Mark& mark);
  Node::Block block_style(const YAML::Mark& mark) const;
  void add(Node node, YAML::anchor_t anchor);
  void take_key(Frame& frame, const Node& key);
  void add_literal_run(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       const std::string& value);
  void append_run_items(const LiteralRun& run, std::vector<Node>& items) const;
  void finish_mapping(Frame& frame);
  void remove_duplicate_keys(Node& mapping);
  void apply_merge_key(Frame& frame);
  bool reserve_nodes(std::size_t count, const SourceLocation& where);
  void note_anchor_name(YAML::anchor_t anchor);
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
  std::unordered_map<YAML::anchor_t, Anchored> m_anchors;
  std::unordered_map<YAML::anchor_t, std::string> m_anchor_names;
  std::string m_pending_anchor_name;
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
