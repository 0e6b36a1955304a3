#pragma once
// Python's format-spec mini-language for `expand` placeholders such as {i:03d} (spec §8).

#include <optional>
#include <string>
#include <string_view>

namespace flow::flowfile {

/// An expand value as Python would hold it: a number when its text reads as one (and it was
/// not a quoted YAML string), else a string.
struct FormatValue {
  std::string_view text;
  bool quoted = false;  ///< a quoted YAML scalar: always a string
};

/// `value` formatted by `spec` (the text after ':'), as Python's `format(value, spec)`:
/// [[fill]align][sign][#][0][width][,|_][.precision][type] with types s d b o x X c e E f F
/// g G n %. Returns nullopt and sets `problem` for a malformed spec or one that does not
/// apply to the value ("'d' needs an integer, and 'abc' is a string").
std::optional<std::string> format_with_spec(const FormatValue& value, std::string_view spec,
                                            std::string& problem);

}  // namespace flow::flowfile
