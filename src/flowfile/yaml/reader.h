#pragma once
// YAML text -> Node tree with locations (private to flowfile; the only user of libfyaml).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "flow/base/error.h"
#include "flow/flowfile/node.h"

namespace flow::flowfile::yaml {

struct YamlOptions {
  /// Literal lists with at least this many simple items skip the YAML parser
  /// (literal_runs.h); 0 turns the shortcut off. Tests lower it to compare both paths.
  std::size_t min_literal_run = 64;
  /// Aliases may not expand the document beyond this many values ("billion laughs").
  std::size_t max_nodes = 1'000'000;
  /// Accept plain scalars with `{...}` inside flow collections, as the spec writes them
  /// (`{path: words/{book}.txt}`), by quoting them first (brace_quoting.h). Tests turn it off
  /// to compare.
  bool quote_brace_scalars = true;
};

struct YamlDocument {
  /// The document; unset when the text is not valid YAML. An empty text is a null node.
  std::optional<Node> root;
  /// Flowfile errors with locations in `file`: a syntax error (then `root` is unset), or
  /// duplicate keys, non-string keys and the like (the tree is still usable).
  std::vector<Error> errors;
  /// The literal-run shortcut was taken (for tests: the shortcut must not silently fail).
  bool literal_runs_used = false;
  /// Brace scalars were quoted to make the text valid YAML (for tests, likewise).
  bool brace_scalars_quoted = false;
};

/// Parses `text` (one YAML document) as file `file`. Never throws.
YamlDocument read_yaml(std::string_view text, const std::string& file,
                       const YamlOptions& options = {});

}  // namespace flow::flowfile::yaml
