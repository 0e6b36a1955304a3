#pragma once
// UTF-8 decoding and validation for the text steps.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace flow::builtins::text {

/// The byte offset of the first byte where `text` stops being valid UTF-8 (a bad lead byte,
/// a truncated or overlong sequence, a surrogate, or a code point above U+10FFFF); nullopt
/// when all of `text` is valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

/// Decodes the code point starting at `pos` in VALID UTF-8 and moves `pos` past it.
/// Precondition: pos < text.size() and `text` passed find_invalid_utf8.
inline char32_t next_code_point(std::string_view text, std::size_t& pos) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(pos);
  if (lead < 0x80) {
    ++pos;
    return lead;
  }
  if (lead < 0xE0) {
    char32_t cp = (char32_t{lead} & 0x1F) << 6 | (byte(pos + 1) & 0x3F);
    pos += 2;
    return cp;
  }
  if (lead < 0xF0) {
    char32_t cp = (char32_t{lead} & 0x0F) << 12 | (char32_t{byte(pos + 1)} & 0x3F) << 6 |
                  (byte(pos + 2) & 0x3F);
    pos += 3;
    return cp;
  }
  char32_t cp = (char32_t{lead} & 0x07) << 18 | (char32_t{byte(pos + 1)} & 0x3F) << 12 |
                (char32_t{byte(pos + 2)} & 0x3F) << 6 | (byte(pos + 3) & 0x3F);
  pos += 4;
  return cp;
}

/// Appends the UTF-8 encoding of `cp` (which must be a valid scalar value).
void append_utf8(std::string& out, char32_t cp);

/// The number of code points in VALID UTF-8 (bytes that are not continuation bytes).
std::size_t count_code_points(std::string_view text);

/// The UTF-8 byte order mark.
inline constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";

}  // namespace flow::builtins::text
