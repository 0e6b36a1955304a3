// Finding and quoting plain scalars with `{...}` inside flow collections (brace_scan.h,
// brace_quoting.h), as the spec writes them: `output: {path: words/{book}.txt, temp: true}`.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "flowfile/yaml/brace_quoting.h"
#include "flowfile/yaml/brace_scan.h"

namespace flow::flowfile::yaml {
namespace {

// The text of each brace scalar found in `text`.
std::vector<std::string> found(const std::string& text) {
  std::vector<std::string> result;
  for (const BraceScalar& scalar : find_brace_scalars(text)) {
    EXPECT_LE(scalar.node_begin, scalar.begin);
    result.push_back(text.substr(scalar.begin, scalar.end - scalar.begin));
  }
  return result;
}

using Found = std::vector<std::string>;

TEST(BraceScanTest, FindsTheSpecsUnquotedWildcards) {
  EXPECT_EQ(found("output: {path: words/{book}.txt, temp: true}\n"), Found{"words/{book}.txt"});
  EXPECT_EQ(found("input: [books/{book}.txt, x/{a}_{b}.csv]\n"),
            (Found{"books/{book}.txt", "x/{a}_{b}.csv"}));
  EXPECT_EQ(found("with: {url: https://example.org/{wildcards.book}.txt}\n"),
            Found{"https://example.org/{wildcards.book}.txt"});
  EXPECT_EQ(found("with: {url: http://h:{port}/{x}, b: c:{d}}\n"),
            (Found{"http://h:{port}/{x}", "c:{d}"}));
  EXPECT_EQ(found("output: {path: out/{n,[0-9]{3}}.txt}\n"), Found{"out/{n,[0-9]{3}}.txt"});
  EXPECT_EQ(found("o: {path: out/{n,[a-z]{2,4}}/{m,\\d+}.txt}\n"),
            Found{"out/{n,[a-z]{2,4}}/{m,\\d+}.txt"});
}

TEST(BraceScanTest, FindsGroupsAnywhereInAScalar) {
  EXPECT_EQ(found("a: [x_{a}/{b}.txt]\n"), Found{"x_{a}/{b}.txt"});
  EXPECT_EQ(found("a: [x{a}{b}, {c: d{e}}]\n"), (Found{"x{a}{b}", "d{e}"}));
  EXPECT_EQ(found("a: {expand: s/{{w}}/{size}.txt, size: [1, 2]}\n"), Found{"s/{{w}}/{size}.txt"});
  EXPECT_EQ(found("a: [in/{input[0]}, it's/{x}]\n"), (Found{"in/{input[0]}", "it's/{x}"}));
  EXPECT_EQ(found("a: [x y/{z}  , w]\n"), Found{"x y/{z}"});
  EXPECT_EQ(found("a: {shell: touch {output}, m: [b {c} {d}e]}\n"),
            (Found{"touch {output}", "b {c} {d}e"}));
  EXPECT_EQ(found("a: {k/{x}: v}\n"), Found{"k/{x}"});  // a key
  EXPECT_EQ(found("a: [x-{a}, y?{b}, -{c}]\n"), (Found{"x-{a}", "y?{b}", "-{c}"}));
}

TEST(BraceScanTest, FollowsNestingAndLinesOfFlowCollections) {
  EXPECT_EQ(found("a: [[a/{b}], {c: [d/{e}, f]}]\n"), (Found{"a/{b}", "d/{e}"}));
  EXPECT_EQ(found("a: [\n  a/{b}.txt,  # note {x}\n  c/{d}.txt\n]\nb: e/{f}\n"),
            (Found{"a/{b}.txt", "c/{d}.txt"}));
  EXPECT_EQ(found("- {path: a/{b}, temp: true}\n- [c/{d}]\n"), (Found{"a/{b}", "c/{d}"}));
}

TEST(BraceScanTest, LeavesBracesThatStartANodeToYaml) {
  EXPECT_EQ(found("out: {path: {sample}.txt}\n"), Found{});
  EXPECT_EQ(found("a: [{b}, {c: d}, {\"e\":{f: g}}, [:{h}]]\n"), Found{});
  EXPECT_EQ(found("a: {b: c, d: {e: f}}\n"), Found{});
  EXPECT_EQ(found("{\"a\":{\"b\":1}}\n"), Found{});
}

TEST(BraceScanTest, LeavesWhatIsNoPlainScalarInFlowContextAlone) {
  EXPECT_EQ(found("a: \"[b/{c}]\"\nb: '[c/{d}, ''e'']'\n"), Found{});
  EXPECT_EQ(found("a: [\"b/{c}\", 'd/{e}']\n"), Found{});
  EXPECT_EQ(found("# a: [b/{c}]\na: 1 # [b/{c}]\n"), Found{});
  EXPECT_EQ(found("shell: echo [a/{b}] {c}\n"), Found{});  // a block plain scalar
  EXPECT_EQ(found("a: x\n  [b/{c}]\n  [d/{e}]\nb: [f/{g}]\n"), Found{"f/{g}"});  // continued
  EXPECT_EQ(found("s: |\n  [a/{b}]\n\n  [c/{d}]\nt: [e/{f}]\n"), Found{"e/{f}"});
  EXPECT_EQ(found("- >-\n   [a/{b}]\n- [c/{d}]\n"), Found{"c/{d}"});
  EXPECT_EQ(found("a:\n  - key: |\n      [a/{b}]\n    k: [c/{d}]\n"), Found{"c/{d}"});
  EXPECT_EQ(found("a: \"x\n  [b/{c}]\"\n"), Found{});  // a quoted scalar over two lines
}

TEST(BraceScanTest, LeavesGroupsThatAreNoPlaceholdersAlone) {
  EXPECT_EQ(found("a: [b/{c, d]\n"), Found{});                 // not closed
  EXPECT_EQ(found("a: {path: a/{b, temp: true}\n"), Found{});  // a mapping, it seems
  EXPECT_EQ(found("a: [b/{c\n  }]\n"), Found{});               // over two lines
  EXPECT_EQ(found("a: [b\n  c/{d}]\n"), Found{});              // the scalar spans lines
  EXPECT_EQ(found("\xEF\xBB\xBF"
                  "a: [b/{c}]\n"),
            Found{});                               // byte order mark
  EXPECT_EQ(found("a: [b/{c}]\rb: 1\n"), Found{});  // a lone CR
}

TEST(BraceScanTest, ANodeWithPropertiesStartsAtTheFirst) {
  std::string text = "a: [&x !t b/{c}, *x]\n";
  auto scalars = find_brace_scalars(text);
  ASSERT_EQ(scalars.size(), 1u);
  EXPECT_EQ(scalars[0].node_begin, text.find('&'));
  EXPECT_EQ(scalars[0].begin, text.find('b'));
}

TEST(BraceQuotingTest, QuotesAndEscapes) {
  QuotedText quoted = quote_brace_scalars("a: [b/{c}, d\"e\\{f}]\n");
  EXPECT_EQ(quoted.text, "a: [\"b/{c}\", \"d\\\"e\\\\{f}\"]\n");
  ASSERT_EQ(quoted.scalars.size(), 2u);
  EXPECT_EQ(quoted.scalars[0].value, "b/{c}");
  EXPECT_EQ(quoted.scalars[1].value, "d\"e\\{f}");
  EXPECT_TRUE(quote_brace_scalars("a: [b, {c: d}]\n").empty());
}

TEST(BraceQuotingTest, MapsPositionsBackToTheSource) {
  // source: out: {path: a/{b}.txt, temp: x}   quoted: out: {path: "a/{b}.txt", temp: x}
  QuotedText quoted = quote_brace_scalars("z: 1\nout: {path: a/{b}.txt, temp: x}\n");
  ASSERT_EQ(quoted.scalars.size(), 1u);
  EXPECT_EQ(quoted.scalars[0].node, (TextPosition{1, 12}));
  EXPECT_EQ(quoted.find({1, 12}), std::optional<std::size_t>(0));
  EXPECT_EQ(quoted.find({1, 13}), std::nullopt);
  EXPECT_EQ(quoted.to_source({1, 12}), (TextPosition{1, 12}));  // the quote: the scalar's start
  EXPECT_EQ(quoted.to_source({1, 13}), (TextPosition{1, 12}));  // 'a'
  EXPECT_EQ(quoted.to_source({1, 25}), (TextPosition{1, 23}));  // "temp"
  EXPECT_EQ(quoted.to_source({1, 6}), (TextPosition{1, 6}));    // before the quotes
  EXPECT_EQ(quoted.to_source({0, 3}), (TextPosition{0, 3}));    // another line
  EXPECT_EQ(quoted.to_source({2, 0}), (TextPosition{2, 0}));
}

TEST(BraceQuotingTest, MapsPositionsAfterSeveralScalarsOnALine) {
  std::string source = "a: [x/{a}, y\"{b}, c]\n";
  QuotedText quoted = quote_brace_scalars(source);
  ASSERT_EQ(quoted.scalars.size(), 2u);
  std::size_t c_quoted = quoted.text.find(", c]") + 2;
  EXPECT_EQ(quoted.to_source({0, static_cast<int>(c_quoted)}),
            (TextPosition{0, static_cast<int>(source.find(", c]") + 2)}));
  EXPECT_EQ(quoted.to_source(quoted.scalars[1].node),
            (TextPosition{0, static_cast<int>(source.find("y\""))}));
}

}  // namespace
}  // namespace flow::flowfile::yaml
