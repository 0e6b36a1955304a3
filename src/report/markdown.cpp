#include "report/markdown.h"

#include <algorithm>
#include <vector>

#include "flow/base/strings.h"
#include "report/html_text.h"

namespace flow::report {
namespace {

// The ')' closing the '(' at `open` (URLs may hold balanced parentheses), or npos.
std::size_t matching_paren(std::string_view text, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    if (text[i] == ')' && --depth == 0) return i;
  }
  return std::string_view::npos;
}

// Inline markup of one line: `code` first (nothing inside it is markup), then links,
// **strong** and *emphasis*.
std::string inline_html(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  bool strong = false, em = false;
  while (i < text.size()) {
    char c = text[i];
    if (c == '`') {
      auto end = text.find('`', i + 1);
      if (end != std::string_view::npos) {
        out += "<code>" + html_escape(text.substr(i + 1, end - i - 1)) + "</code>";
        i = end + 1;
        continue;
      }
    } else if (c == '[') {
      auto close = text.find("](", i);
      auto end = close == std::string_view::npos ? close : matching_paren(text, close + 1);
      if (end != std::string_view::npos) {
        std::string_view href = text.substr(close + 2, end - close - 2);
        bool safe = !href.starts_with("javascript:") && !href.starts_with("data:");
        out += "<a href=\"" + html_escape(safe ? href : "#") + "\">" +
               inline_html(text.substr(i + 1, close - i - 1)) + "</a>";
        i = end + 1;
        continue;
      }
    } else if (c == '*' && i + 1 < text.size() && text[i + 1] == '*') {
      out += strong ? "</strong>" : "<strong>";
      strong = !strong;
      i += 2;
      continue;
    } else if (c == '*' || (c == '_' && (i == 0 || text[i - 1] == ' ' || em))) {
      out += em ? "</em>" : "<em>";
      em = !em;
      ++i;
      continue;
    }
    out += html_escape(text.substr(i, 1));
    ++i;
  }
  if (em) out += "</em>";
  if (strong) out += "</strong>";
  return out;
}

bool is_table_separator(std::string_view line) {
  if (line.find('-') == std::string_view::npos) return false;
  for (char c : line) {
    if (c != '|' && c != '-' && c != ':' && c != ' ') return false;
  }
  return true;
}

std::vector<std::string> table_cells(std::string_view line) {
  std::string_view trimmed = trim(line);
  if (trimmed.starts_with('|')) trimmed.remove_prefix(1);
  if (trimmed.ends_with('|')) trimmed.remove_suffix(1);
  std::vector<std::string> cells;
  for (const auto& cell : split(trimmed, '|'))
    cells.emplace_back(trim(cell));
  return cells;
}

// Block structure: one pass over the lines, closing the open block when the kind changes.
class Renderer {
 public:
  std::string render(std::string_view text) {
    auto lines = split(text, '\n');
    for (std::size_t i = 0; i < lines.size(); ++i) {
      std::string line = lines[i];
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (m_code) {
        if (trim(line).starts_with("```")) {
          m_out += "</code></pre>\n";
          m_code = false;
        } else {
          m_out += html_escape(line) + "\n";
        }
        continue;
      }
      std::string_view t = trim(line);
      if (t.starts_with("```")) {
        close();
        m_out += "<pre><code>";
        m_code = true;
      } else if (t.empty()) {
        close();
      } else if (t.starts_with('#')) {
        close();
        std::size_t hashes = std::min(t.find_first_not_of('#'), t.size());
        // "#" is h3: the report's own headings are h1 and h2.
        // Appended piece by piece: `"<" + std::string` trips GCC 12's -Wrestrict false
        // positive at -O3.
        std::string tag = std::to_string(std::min<std::size_t>(hashes + 2, 6));
        m_out += "<h";
        m_out += tag;
        m_out += '>';
        m_out += inline_html(trim(t.substr(hashes)));
        m_out += "</h";
        m_out += tag;
        m_out += ">\n";
      } else if (t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ")) {
        open("ul");
        m_out += "<li>" + inline_html(t.substr(2)) + "</li>\n";
      } else if (is_ordered_item(t)) {
        open("ol");
        m_out += "<li>" + inline_html(trim(t.substr(t.find('.') + 1))) + "</li>\n";
      } else if (t.starts_with('|') && i + 1 < lines.size() && is_table_separator(lines[i + 1])) {
        close();
        i = table(lines, i);
      } else {
        open("p");
        m_out += inline_html(t) + "\n";
      }
    }
    if (m_code) m_out += "</code></pre>\n";
    close();
    return m_out;
  }

 private:
  static bool is_ordered_item(std::string_view t) {
    std::size_t digits = 0;
    while (digits < t.size() && std::isdigit(static_cast<unsigned char>(t[digits])))
      ++digits;
    return digits > 0 && digits + 1 < t.size() && t[digits] == '.' && t[digits + 1] == ' ';
  }

  void open(const std::string& block) {
    if (m_block == block) return;
    close();
    m_out += "<" + block + ">";
    if (block != "p") m_out += "\n";
    m_block = block;
  }

  void close() {
    if (m_block.empty()) return;
    if (m_block == "p" && !m_out.empty() && m_out.back() == '\n') m_out.pop_back();
    m_out += "</" + m_block + ">\n";
    m_block.clear();
  }

  // A pipe table from line `start` (the header); returns the index of its last line.
  std::size_t table(const std::vector<std::string>& lines, std::size_t start) {
    m_out += "<table class=\"sortable\"><thead><tr>";
    for (const auto& cell : table_cells(lines[start]))
      m_out += "<th>" + inline_html(cell) + "</th>";
    m_out += "</tr></thead><tbody>\n";
    std::size_t i = start + 2;
    for (; i < lines.size() && trim(lines[i]).starts_with('|'); ++i) {
      m_out += "<tr>";
      for (const auto& cell : table_cells(lines[i]))
        m_out += "<td>" + inline_html(cell) + "</td>";
      m_out += "</tr>\n";
    }
    m_out += "</tbody></table>\n";
    return i - 1;
  }

  std::string m_out;
  std::string m_block;  // "p", "ul", "ol", or "" between blocks
  bool m_code = false;
};

}  // namespace

std::string markdown_to_html(std::string_view text) {
  return Renderer().render(text);
}

}  // namespace flow::report
