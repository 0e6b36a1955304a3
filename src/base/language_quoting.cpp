#include "flow/base/language_quoting.h"

#include <cstdint>

#include <fmt/format.h>

namespace flow {
namespace {

// The code point of the UTF-8 sequence at text[i] and its length; length 0 when invalid.
std::pair<std::uint32_t, std::size_t> decode_utf8(std::string_view text, std::size_t i) {
  auto byte = static_cast<unsigned char>(text[i]);
  std::size_t length = byte >= 0xF0 && byte < 0xF8 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 0;
  if (length == 0 || i + length > text.size()) return {0, 0};
  std::uint32_t point = byte & (0x3F >> (length - 1));
  for (std::size_t k = 1; k < length; ++k) {
    auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0) != 0x80) return {0, 0};
    point = (point << 6) | (next & 0x3F);
  }
  // Overlong forms and surrogates are not valid UTF-8; R would refuse them.
  static constexpr std::uint32_t k_min[] = {0, 0, 0x80, 0x800, 0x10000};
  if (point < k_min[length] || point > 0x10FFFF || (point >= 0xD800 && point <= 0xDFFF))
    return {0, 0};
  return {point, length};
}

}  // namespace

std::string json_quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (byte < 0x20) {
      out += fmt::format("\\u{:04x}", byte);
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

std::string r_quote(std::string_view text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7F) {
      out += fmt::format("\\x{:02x}", byte);
    } else if (byte < 0x80) {
      out += c;
    } else if (auto [point, length] = decode_utf8(text, i); length > 0) {
      out += fmt::format("\\U{{{:x}}}", point);
      i += length - 1;
    } else {
      out += fmt::format("\\x{:02x}", byte);
    }
  }
  out += '"';
  return out;
}

std::string bash_single_quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

}  // namespace flow
