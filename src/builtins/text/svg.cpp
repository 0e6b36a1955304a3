#include "builtins/text/svg.h"

#include <algorithm>

#include <fmt/format.h>

#include "builtins/text/utf8.h"

namespace flow::builtins::text {
namespace {

constexpr int k_row_height = 24;
constexpr int k_bar_height = 16;
constexpr int k_char_width = 7;  // a generous average for 12px sans-serif
constexpr int k_margin = 10;

struct Layout {
  int label_width = 0;  // left of the bars
  int bar_space = 0;    // the longest bar
  int top = 0;          // y of the first row
  int height = 0;
};

int text_width(std::string_view text) {
  return static_cast<int>(count_code_points(text)) * k_char_width;
}

Layout lay_out(const std::vector<Bar>& bars, const ChartStyle& style) {
  int longest_label = 0;
  int longest_value = 0;
  for (const auto& bar : bars) {
    longest_label = std::max(longest_label, text_width(bar.label));
    longest_value = std::max(longest_value, text_width(bar.value_text));
  }
  Layout layout;
  layout.label_width = k_margin + std::min(longest_label, style.width / 3) + 8;
  int value_width = 6 + longest_value + k_margin;
  layout.bar_space = std::max(20, style.width - layout.label_width - value_width);
  layout.top = style.title.empty() ? k_margin : 36;
  int rows = std::max<int>(1, static_cast<int>(bars.size()));
  layout.height = layout.top + rows * k_row_height + 8 + 24;
  return layout;
}

void draw_bar(std::string& out, const Bar& bar, int row, double scale, const Layout& layout,
              const ChartStyle& style) {
  double length = bar.value * scale;
  int y = layout.top + row * k_row_height;
  double middle = y + k_row_height / 2.0;
  out += fmt::format(
      "  <text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" dominant-baseline=\"middle\">{}</text>\n",
      layout.label_width - 8, middle, xml_escape(bar.label));
  out += fmt::format("  <rect x=\"{}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"/>\n",
                     layout.label_width, middle - k_bar_height / 2.0, length, k_bar_height,
                     style.color);
  out += fmt::format("  <text x=\"{:.1f}\" y=\"{:.1f}\" dominant-baseline=\"middle\">{}</text>\n",
                     layout.label_width + length + 6, middle, xml_escape(bar.value_text));
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // XML 1.0 forbids most control characters even when escaped.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += "\xEF\xBF\xBD";  // U+FFFD
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string render_bar_chart(const std::vector<Bar>& bars, const ChartStyle& style) {
  Layout layout = lay_out(bars, style);
  std::string title = style.title.empty() ? style.caption : style.title;
  std::string out = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" font-family=\"sans-serif\" font-size=\"12\">\n"
      "  <title>{2}</title>\n"
      "  <rect width=\"{0}\" height=\"{1}\" fill=\"white\"/>\n",
      style.width, layout.height, xml_escape(title));
  if (!style.title.empty()) {
    out += fmt::format(
        "  <text x=\"{}\" y=\"22\" text-anchor=\"middle\" font-size=\"14\" "
        "font-weight=\"bold\">{}</text>\n",
        style.width / 2, xml_escape(style.title));
  }
  double largest = 0;
  for (const auto& bar : bars)
    largest = std::max(largest, bar.value);
  double scale = largest > 0 ? layout.bar_space / largest : 0;
  for (std::size_t row = 0; row < bars.size(); ++row) {
    draw_bar(out, bars[row], static_cast<int>(row), scale, layout, style);
  }
  int axis_end = layout.top + std::max<int>(1, static_cast<int>(bars.size())) * k_row_height;
  if (bars.empty()) {
    out += fmt::format("  <text x=\"{}\" y=\"{}\" fill=\"#555\">no data</text>\n",
                       layout.label_width + 6, layout.top + k_row_height / 2 + 4);
  }
  out += fmt::format("  <line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#333\"/>\n",
                     layout.label_width, layout.top, axis_end);
  out += fmt::format("  <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\">{}</text>\n",
                     layout.label_width + layout.bar_space / 2, axis_end + 24,
                     xml_escape(style.caption));
  out += "</svg>\n";
  return out;
}

}  // namespace flow::builtins::text
