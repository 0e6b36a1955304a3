#pragma once
// How many terminal columns UTF-8 text takes (issue 13 item 4): a CJK character or an emoji
// takes two, a combining accent none. Uses the C library's wcwidth in the C.UTF-8 locale
// (whatever the user's locale), one column per character when that locale is missing.

#include <string>
#include <string_view>

namespace flow {

/// Columns of `text`; bytes that are not valid UTF-8 count one each, control characters none.
std::size_t columns_of(std::string_view text);

/// The longest prefix of `text` that fits in `width` columns, never cutting a character.
std::string cut_to_columns(std::string_view text, std::size_t width);

}  // namespace flow
