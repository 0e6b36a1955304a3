#pragma once
// Character classes and lower-casing for code points, from tables generated out of the
// Unicode Character Database (unicode_tables.cpp, made by unicode_tables.py). There is no ICU
// here: only these properties, and only simple (one-to-one) case mapping.

namespace flow::builtins::text {

/// General category L (Lu, Ll, Lt, Lm, Lo): letters of every script.
bool is_letter(char32_t cp);

/// General category M (Mn, Mc, Me): combining marks, such as U+0301 in a decomposed "é" or
/// the vowel signs of Indic scripts.
bool is_mark(char32_t cp);

/// General category Nd: decimal digits of every script (0-9, U+0660-0669, ...).
bool is_decimal_digit(char32_t cp);

/// The White_Space property: ASCII space, tab, LF, VT, FF, CR, U+0085, U+00A0 (no-break
/// space), U+1680, U+2000-200A, U+2028, U+2029, U+202F, U+205F, U+3000.
bool is_white_space(char32_t cp);

/// The simple lowercase mapping (UnicodeData.txt field 13): 'A' -> 'a', 'Ä' -> 'ä',
/// 'Σ' -> 'σ', 'Ж' -> 'ж', 'İ' -> 'i'; any other code point is returned unchanged.
char32_t to_lower(char32_t cp);

}  // namespace flow::builtins::text
