#pragma once
// Small helpers for writing HTML text (report module only).

#include <cstdint>
#include <string>
#include <string_view>

namespace flow::report {

/// `text` with &, <, >, " and ' escaped, safe in element text and attribute values.
std::string html_escape(std::string_view text);

/// A relative path as an href: every byte outside [A-Za-z0-9/._~-] percent-encoded.
std::string url_path(std::string_view path);

/// Standard base64 (for data: URLs).
std::string base64(std::string_view bytes);

/// "512 B", "1.5 kB", "23.4 MB", "1.2 GB" (powers of 1000, as `ls -h --si`).
std::string format_bytes(std::int64_t bytes);

}  // namespace flow::report
