#include <gtest/gtest.h>

#include <cstdlib>

#include "builtin_test_util.h"
#include "builtins/text/svg.h"

namespace flow::builtins {
namespace {

using test::message_of;
using test::read_file;
using test::run_step;
using test::TempDir;

const char* const k_summary =
    "book\twords\tdistinct_stems\n84\t75000\t5000\n11\t26000\t2500\nall\t101000\t6000\n";

bool have_xmllint() {
  return std::system("command -v xmllint >/dev/null 2>&1") == 0;
}

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

TEST(BarChartTest, DrawsOneBarPerRow) {
  TempDir dir;
  std::string in = dir.write("summary.tsv", k_summary);
  ASSERT_EQ(
      message_of(run_step(
          "bar_chart", {in}, {dir / "stems.svg"},
          {{"value", "distinct_stems"}, {"exclude", "all"}, {"title", "Stems <per> book & more"}})),
      "<ok>");
  std::string svg = read_file(dir / "stems.svg");
  EXPECT_TRUE(svg.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));
  EXPECT_NE(svg.find("xmlns=\"http://www.w3.org/2000/svg\""), std::string::npos);
  EXPECT_TRUE(svg.ends_with("</svg>\n"));
  EXPECT_EQ(count_of(svg, "<rect "), 3u);  // the background and two bars
  EXPECT_NE(svg.find(">84</text>"), std::string::npos);
  EXPECT_NE(svg.find(">5000</text>"), std::string::npos);
  EXPECT_EQ(svg.find(">all</text>"), std::string::npos);
  EXPECT_NE(svg.find("Stems &lt;per&gt; book &amp; more"), std::string::npos);
  // The longest bar fills the space, the other is scaled: 2500 is half of 5000.
  std::size_t first = svg.find("width=\"", svg.find("<rect x="));
  std::size_t second = svg.find("width=\"", svg.find("<rect x=", first));
  double long_bar = std::atof(svg.c_str() + first + 7);
  double short_bar = std::atof(svg.c_str() + second + 7);
  EXPECT_GT(long_bar, 300);
  EXPECT_NEAR(short_bar * 2, long_bar, 0.2);
  if (have_xmllint()) {
    std::string command = "xmllint --noout " + dir / "stems.svg";
    EXPECT_EQ(std::system(command.c_str()), 0);
  }
}

TEST(BarChartTest, AnEmptyTableSaysNoData) {
  TempDir dir;
  std::string in = dir.write("t.tsv", "book\tn\nall\t3\n");
  ASSERT_TRUE(
      run_step("bar_chart", {in}, {dir / "c.svg"}, {{"value", "n"}, {"exclude", "all"}}).ok());
  std::string svg = read_file(dir / "c.svg");
  EXPECT_NE(svg.find(">no data</text>"), std::string::npos);
  EXPECT_EQ(count_of(svg, "<rect "), 1u);
}

TEST(BarChartTest, ExplainsBadTablesAndArguments) {
  TempDir dir;
  std::string in = dir.write("t.tsv", "book\tn\n84\tmany\n");
  EXPECT_EQ(message_of(run_step("bar_chart", {in}, {dir / "c.svg"}, {{"value", "n"}})),
            "input '" + in + "': line 2: 'many' in column 'n' is not a number >= 0");
  EXPECT_EQ(message_of(run_step("bar_chart", {in}, {dir / "c.svg"}, {{"value", "count"}})),
            "input '" + in + "' has no column 'count' (it has: book, n)");
  EXPECT_EQ(message_of(run_step("bar_chart", {in}, {dir / "c.svg"},
                                {{"value", "n"}, {"color", "red\" onload=\"x"}})),
            "argument 'color' must be '#rgb', '#rrggbb' or a colour name such as 'steelblue', "
            "not 'red\" onload=\"x'");
  EXPECT_EQ(
      message_of(run_step("bar_chart", {in}, {dir / "c.svg"}, {{"value", "n"}, {"width", "10"}})),
      "argument 'width' must be an integer from 200 to 20000, not '10'");
  std::string negative = dir.write("neg.tsv", "book\tn\n84\t-1\n");
  EXPECT_FALSE(run_step("bar_chart", {negative}, {dir / "c.svg"}, {{"value", "n"}}).ok());
  EXPECT_FALSE(test::file_exists(dir / "c.svg"));
}

TEST(BarChartTest, EscapesEverythingItWrites) {
  EXPECT_EQ(text::xml_escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
  EXPECT_EQ(text::xml_escape(std::string("bell\x07")), "bell\xEF\xBF\xBD");
  std::string svg = text::render_bar_chart({{"<script>", "1", 1}}, text::ChartStyle{});
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
}

}  // namespace
}  // namespace flow::builtins
