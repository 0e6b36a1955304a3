#include "flow/base/columns.h"

#include <locale.h>
#include <wchar.h>

namespace flow {
namespace {

// The code point at `text[at]` and its length in bytes; nullopt-like length 0 when invalid.
std::pair<char32_t, std::size_t> decode(std::string_view text, std::size_t at) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char first = byte(at);
  std::size_t length = first < 0x80           ? 1
                       : (first >> 5) == 0x6  ? 2
                       : (first >> 4) == 0xE  ? 3
                       : (first >> 3) == 0x1E ? 4
                                              : 0;
  if (length == 0 || at + length > text.size()) return {first, 0};
  char32_t point = length == 1 ? first : first & (0x7F >> length);
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return {first, 0};
    point = (point << 6) | (byte(at + i) & 0x3F);
  }
  return {point, length};
}

int width_of(char32_t point) {
  // One locale for the process, made once: wcwidth answers for the calling thread's locale.
  static locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  if (point < 0x80) return point < 0x20 || point == 0x7F ? 0 : 1;
  if (utf8 == static_cast<locale_t>(nullptr)) return 1;
  locale_t previous = uselocale(utf8);
  int width = wcwidth(static_cast<wchar_t>(point));
  uselocale(previous);
  return width < 0 ? 1 : width;
}

}  // namespace

std::size_t columns_of(std::string_view text) {
  std::size_t columns = 0;
  for (std::size_t i = 0; i < text.size();) {
    auto [point, length] = decode(text, i);
    columns += length == 0 ? 1 : static_cast<std::size_t>(width_of(point));
    i += length == 0 ? 1 : length;
  }
  return columns;
}

std::string cut_to_columns(std::string_view text, std::size_t width) {
  std::size_t columns = 0;
  for (std::size_t i = 0; i < text.size();) {
    auto [point, length] = decode(text, i);
    std::size_t step = length == 0 ? 1 : length;
    std::size_t wide = length == 0 ? 1 : static_cast<std::size_t>(width_of(point));
    if (columns + wide > width) return std::string(text.substr(0, i));
    columns += wide;
    i += step;
  }
  return std::string(text);
}

}  // namespace flow
