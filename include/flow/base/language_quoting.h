#pragma once
// String literals of the languages a `script:` step is written in (spec §8): the job's values
// reach Python through JSON, R and bash through source text, so each needs its own quoting.

#include <string>
#include <string_view>

namespace flow {

/// A JSON string literal: `"` and `\` escaped, control characters as \uXXXX, UTF-8 kept.
std::string json_quote(std::string_view text);

/// An R string literal that reads back as `text` in any locale: non-ASCII UTF-8 as \u{XXXX}
/// (a byte that is not valid UTF-8 as \xNN), control characters escaped.
std::string r_quote(std::string_view text);

/// A bash word in single quotes that reads back as `text` ('\'' for a quote), always quoted.
std::string bash_single_quote(std::string_view text);

}  // namespace flow
