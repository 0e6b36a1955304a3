#pragma once
// Markdown to HTML, for `report: true` outputs: the common subset (headings, paragraphs,
// lists, fenced code, pipe tables, `code`, **strong**, *emphasis*, [links](url)). Raw HTML
// in the text is shown as text, never interpreted.

#include <string>
#include <string_view>

namespace flow::report {

std::string markdown_to_html(std::string_view text);

}  // namespace flow::report
