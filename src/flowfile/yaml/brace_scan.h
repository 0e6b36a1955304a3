#pragma once
// The spec writes wildcards inside YAML flow collections without quotes:
// `output: {path: words/{book}.txt, temp: true}`. Braces are flow indicators, so that is not
// valid YAML and the parser rejects it. This scanner finds such plain scalars so that the reader
// can hand the parser a text where each is double-quoted (brace_quoting.h).
//
// It follows YAML's structure well enough to know where flow context is: it skips comments,
// quoted scalars, block scalars and multi-line plain scalars of block context, and tracks the
// nesting of [ and {. Inside flow context, a `{` within a plain scalar (after a character of
// it, or a blank after one; not at the start of a node, where it opens a mapping) begins a
// brace group: balanced braces on one line (`{name}`, `{name,REGEX}` with `{n,m}`
// quantifiers, `{wildcards.x}`, `{{w}}`) holding no ": " or " #". A scalar holding such groups
// is reported from its start to its end (`,` `]` `}` outside groups, ": " or " #"). Scalars
// spanning lines are left alone. A mistake here cannot change a valid document: the reader
// checks that every quoted scalar comes out where predicted, with its text, as an item or key
// of a flow collection, and parses the original text otherwise.

#include <cstddef>
#include <string_view>
#include <vector>

namespace flow::flowfile::yaml {

/// A plain scalar in flow context that holds brace groups; byte offsets into the text.
struct BraceScalar {
  std::size_t begin = 0;  ///< its first character
  std::size_t end = 0;    ///< one past its last non-blank character
  /// Where the reader puts the node: its first property (`&a`, `!t`), else `begin`.
  std::size_t node_begin = 0;
};

/// The brace scalars of `text`, in text order; empty (after a quick check) when no `{` in the
/// text follows a character that can be part of a plain scalar, and for a text with a byte
/// order mark or a lone CR (positions would not map back).
std::vector<BraceScalar> find_brace_scalars(std::string_view text);

}  // namespace flow::flowfile::yaml
