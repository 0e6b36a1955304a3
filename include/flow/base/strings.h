#pragma once
// Small string helpers that know nothing of workflows.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace flow {

/// True when `text` would be split or interpreted by bash if inserted unquoted.
bool needs_shell_quote(std::string_view text);

/// `text` quoted for bash when it needs it (single quotes, `'\''` for a quote), else unchanged.
/// The empty string becomes `''`.
std::string shell_quote(std::string_view text);

/// Levenshtein distance, for "did you mean" hints.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` if it is close enough to be a plausible typo.
std::optional<std::string> closest_match(std::string_view word,
                                         std::span<const std::string> candidates);

std::vector<std::string> split(std::string_view text, char separator);
std::string join(std::span<const std::string> parts, std::string_view separator);
std::string_view trim(std::string_view text);

/// Parses a whole decimal integer (optional sign); nullopt on anything else or overflow.
std::optional<std::int64_t> parse_int(std::string_view text);

/// 64-bit FNV-1a: stable across runs and builds, used for the records in `.flow/`.
std::uint64_t hash_string(std::string_view text, std::uint64_t seed = 0xcbf29ce484222325ULL);
std::string hex64(std::uint64_t value);

/// Escapes `\`, tab, newline and carriage return as `\\`, `\t`, `\n`, `\r`, so that any
/// path fits on one line of a tab-separated record; unescape_field reverses it.
std::string escape_field(std::string_view text);
std::string unescape_field(std::string_view text);

}  // namespace flow
