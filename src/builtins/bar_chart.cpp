// `bar_chart`: one column of a TSV table drawn as a standalone SVG bar chart.

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "builtins/args.h"
#include "builtins/steps.h"
#include "builtins/text/io.h"
#include "builtins/text/svg.h"
#include "builtins/text/tsv.h"

namespace flow::builtins {
namespace {

Result<double> parse_value(const text::TsvTable& table, std::size_t row, std::size_t column) {
  const std::string& text = table.rows[row][column];
  char* end = nullptr;
  double value = text.empty() ? 0 : std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(value) || value < 0) {
    return make_error(ErrorKind::job,
                      fmt::format("input '{}': line {}: '{}' in column '{}' is not a number >= 0",
                                  table.path, table.row_lines[row], text, table.header[column]));
  }
  return value;
}

Result<std::size_t> find_column(const text::TsvTable& table, const std::string& name) {
  if (auto column = table.column(name)) return *column;
  return make_error(ErrorKind::job, fmt::format("input '{}' has no column '{}' (it has: {})",
                                                table.path, name, fmt::join(table.header, ", ")));
}

Result<std::vector<text::Bar>> collect_bars(const BuiltinInvocation& invocation,
                                            const text::TsvTable& table) {
  const std::string& label_name = arg_text(invocation, "label");
  auto label =
      label_name.empty() ? Result<std::size_t>(std::size_t{0}) : find_column(table, label_name);
  if (!label) return label.error();
  auto value = find_column(table, arg_text(invocation, "value"));
  if (!value) return value.error();
  std::vector<std::string> excluded = arg_list(invocation, "exclude");
  std::vector<text::Bar> bars;
  for (std::size_t row = 0; row < table.rows.size(); ++row) {
    const std::string& text = table.rows[row][*label];
    if (std::find(excluded.begin(), excluded.end(), text) != excluded.end()) continue;
    auto number = parse_value(table, row, *value);
    if (!number) return number.error();
    bars.push_back({text, table.rows[row][*value], *number});
  }
  return bars;
}

bool is_safe_color(const std::string& color) {
  if (color.empty() || color.size() > 32) return false;
  if (color[0] == '#') {
    bool hex = std::all_of(color.begin() + 1, color.end(),
                           [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
    return hex && (color.size() == 4 || color.size() == 7);
  }
  return std::all_of(color.begin(), color.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

Result<void> run_bar_chart(const BuiltinInvocation& invocation, StepLog& log) {
  text::ChartStyle style;
  auto width = arg_int(invocation, "width", 200, 20000);
  if (!width) return width.error();
  style.width = static_cast<int>(*width);
  style.color = arg_text(invocation, "color");
  if (!is_safe_color(style.color)) {
    return arg_error("color", fmt::format("must be '#rgb', '#rrggbb' or a colour name such as "
                                          "'steelblue', not '{}'",
                                          style.color));
  }
  style.title = arg_text(invocation, "title");
  style.caption = arg_text(invocation, "value");
  auto table = text::read_tsv(invocation.inputs[0].path);
  if (!table) return table.error();
  auto bars = collect_bars(invocation, *table);
  if (!bars) return bars.error();
  log.line(fmt::format("bar_chart: {} bars of column '{}'", bars->size(), style.caption));
  return text::write_output(invocation.outputs[0].path, text::render_bar_chart(*bars, style));
}

BuiltinArg string_arg(std::string name, std::string default_value, std::string help) {
  BuiltinArg arg;
  arg.name = std::move(name);
  arg.default_value = std::move(default_value);
  arg.help = std::move(help);
  return arg;
}

}  // namespace

Step bar_chart_step() {
  Step step;
  step.signature.name = "bar_chart";
  step.signature.summary = "draw one column of a TSV table as an SVG bar chart";
  BuiltinArg value = string_arg("value", "", "the column holding the bar lengths (numbers >= 0)");
  value.required = true;
  BuiltinArg width =
      string_arg("width", "640", "the width of the picture in pixels (200 to 20000)");
  width.type = ArgType::integer;
  step.signature.args = {
      value,
      string_arg("label", "", "the column holding the bar labels (default: the first column)"),
      string_arg("title", "", "a title above the chart (default: none)"),
      string_arg("exclude", "", "labels of rows to leave out, comma-separated (e.g. 'all')"),
      width,
      string_arg("color", "#4c78a8", "the bar colour: '#rgb', '#rrggbb' or a name"),
  };
  step.signature.min_inputs = step.signature.max_inputs = 1;
  step.signature.min_outputs = step.signature.max_outputs = 1;
  step.signature.files_help =
      "Input: a TSV table with a header row. Output: a standalone SVG file with one horizontal "
      "bar per row, in table order, labelled and with its value written beside it; bars are "
      "scaled so the largest fills the width. A table with no rows gives a chart saying "
      "'no data'.";
  step.run = run_bar_chart;
  return step;
}

}  // namespace flow::builtins
