#pragma once
// Drawing a horizontal bar chart as standalone SVG (for bar_chart).

#include <string>
#include <string_view>
#include <vector>

namespace flow::builtins::text {

struct Bar {
  std::string label;
  std::string value_text;  ///< written beside the bar as given
  double value = 0;        ///< >= 0
};

struct ChartStyle {
  int width = 640;  ///< pixels
  std::string color = "#4c78a8";
  std::string title;    ///< "" for none
  std::string caption;  ///< under the bars: what their length means
};

/// `text` with &, <, >, " and ' escaped for XML text and attribute values.
std::string xml_escape(std::string_view text);

/// A complete SVG document (XML declaration, svg root with its namespace, a <title>).
std::string render_bar_chart(const std::vector<Bar>& bars, const ChartStyle& style);

}  // namespace flow::builtins::text
