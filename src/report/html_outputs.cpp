#include <fmt/format.h>

#include "flow/base/strings.h"
#include "report/html_sections.h"
#include "report/html_text.h"
#include "report/markdown.h"

namespace flow::report {
namespace {

constexpr std::int64_t k_most_embedded = 10'000'000;  // bytes; larger files are linked only
constexpr std::size_t k_most_rows = 500;
constexpr std::size_t k_most_text = 100'000;

enum class Embedding { picture, tsv, csv, markdown, text, none };

std::string extension(const std::string& path) {
  auto slash = path.rfind('/');
  auto dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string ext = path.substr(dot + 1);
  for (auto& c : ext)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

Embedding embedding_of(const std::string& ext) {
  if (ext == "svg" || ext == "png" || ext == "jpg" || ext == "jpeg" || ext == "gif")
    return Embedding::picture;
  if (ext == "tsv" || ext == "tab") return Embedding::tsv;
  if (ext == "csv") return Embedding::csv;
  if (ext == "md" || ext == "markdown") return Embedding::markdown;
  if (ext == "txt" || ext == "log") return Embedding::text;
  return Embedding::none;
}

std::string mime_type(const std::string& ext) {
  if (ext == "svg") return "image/svg+xml";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  return "image/" + ext;
}

bool is_number(const std::string& cell) {
  if (cell.empty()) return false;
  char* end = nullptr;
  std::strtod(cell.c_str(), &end);
  return end == cell.c_str() + cell.size();
}

// One CSV record's fields (RFC 4180 quoting; a record spans one line here).
std::vector<std::string> csv_fields(std::string_view line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      fields.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

// A table file as a sortable table: the first row is the header.
std::string table_html(const std::string& text, bool csv) {
  auto lines = split(text, '\n');
  while (!lines.empty() && lines.back().empty())
    lines.pop_back();
  if (lines.empty()) return "<p>(empty)</p>";
  auto cells = [&](std::string line) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return csv ? csv_fields(line) : split(line, '\t');
  };
  std::string out = "<table class=\"sortable data\"><thead><tr>";
  for (const auto& cell : cells(lines[0]))
    out += "<th>" + html_escape(cell) + "</th>";
  out += "</tr></thead><tbody>\n";
  std::size_t rows = std::min(lines.size() - 1, k_most_rows);
  for (std::size_t i = 1; i <= rows; ++i) {
    out += "<tr>";
    for (const auto& cell : cells(lines[i])) {
      out += is_number(cell) ? "<td class=\"num\">" : "<td>";
      out += html_escape(cell) + "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody></table>\n";
  if (lines.size() - 1 > rows) {
    out += fmt::format("<p class=\"note\">The first {} of {} rows.</p>\n", rows, lines.size() - 1);
  }
  return out;
}

std::string embedded(const FinalOutput& output, const std::string& text) {
  std::string ext = extension(output.path);
  switch (embedding_of(ext)) {
    case Embedding::picture:
      return fmt::format("<img src=\"data:{};base64,{}\" alt=\"{}\">", mime_type(ext), base64(text),
                         html_escape(output.path));
    case Embedding::tsv:
      return table_html(text, false);
    case Embedding::csv:
      return table_html(text, true);
    case Embedding::markdown:
      return "<div class=\"markdown\">" + markdown_to_html(text) + "</div>";
    case Embedding::text:
      return "<pre>" + html_escape(text.substr(0, k_most_text)) +
             (text.size() > k_most_text ? "\n[...]" : "") + "</pre>";
    case Embedding::none:
      break;
  }
  return "";
}

void write_embedded(const FinalOutput& output, const sys::FileStat& stat, const std::string& link,
                    const sys::Filesystem& fs, std::string& out) {
  out += fmt::format("<figure class=\"report-item\" data-path=\"{}\">", html_escape(output.path));
  std::string body;
  if (!stat.exists) {
    body = "<p class=\"note\">Missing: the run did not make it.</p>";
  } else if (stat.is_dir) {
    body = "<p class=\"note\">A directory: follow the link.</p>";
  } else if (embedding_of(extension(output.path)) == Embedding::none) {
    body =
        "<p class=\"note\">Not embedded: flow embeds SVG, PNG, JPEG and GIF pictures, TSV, "
        "CSV, Markdown and text files. Follow the link.</p>";
  } else if (stat.size > k_most_embedded) {
    body = fmt::format("<p class=\"note\">Not embedded: {} is more than {}.</p>",
                       format_bytes(stat.size), format_bytes(k_most_embedded));
  } else if (auto text = fs.read_file(output.path)) {
    body = embedded(output, *text);
  } else {
    body = "<p class=\"note\">Cannot be read: " + html_escape(text.error().message) + "</p>";
  }
  out += body + fmt::format("<figcaption><a href=\"{}\">{}</a>{}</figcaption></figure>\n", link,
                            html_escape(output.path),
                            output.rule.empty() ? "" : " (rule " + html_escape(output.rule) + ")");
}

}  // namespace

void write_outputs(const RunRecord& run, const ReportInputs& inputs, const sys::Filesystem& fs,
                   std::string& out) {
  out += "<section id=\"outputs\"><h2>Final outputs</h2>\n";
  if (run.outputs.empty()) {
    out += "<p>The targets have no files.</p></section>\n";
    return;
  }
  out +=
      "<table class=\"sortable\" id=\"output-table\"><thead><tr><th>file</th><th>rule</th>"
      "<th class=\"num\">size</th></tr></thead><tbody>\n";
  std::string items;
  for (const auto& output : run.outputs) {
    sys::FileStat stat;
    if (auto got = fs.stat(output.path)) stat = *got;
    std::string link =
        url_path(output.path.starts_with('/') ? output.path : inputs.link_prefix + output.path);
    std::string size = !stat.exists  ? "missing"
                       : stat.is_dir ? "directory"
                                     : format_bytes(stat.size);
    out += fmt::format(
        "<tr class=\"{}\"><td><a href=\"{}\">{}</a></td><td>{}</td><td class=\"num\" "
        "data-sort=\"{}\" data-bytes=\"{}\">{}</td></tr>\n",
        stat.exists ? "present" : "missing", link, html_escape(output.path),
        html_escape(output.rule.empty() ? "(source)" : output.rule), stat.exists ? stat.size : -1,
        stat.exists ? stat.size : -1, size);
    if (output.report) write_embedded(output, stat, link, fs, items);
  }
  out += "</tbody></table>\n";
  if (!items.empty()) out += "<h3>In the report</h3>\n" + items;
  out += "</section>\n";
}

}  // namespace flow::report
