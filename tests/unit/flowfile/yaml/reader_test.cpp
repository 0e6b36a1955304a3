#include "flowfile/yaml/reader.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

#include "flow/base/source_texts.h"
#include "flowfile/yaml/brace_quoting.h"

namespace flow::flowfile::yaml {
namespace {

Node parse_ok(const std::string& text) {
  YamlDocument document = read_yaml(text, "t.yaml");
  EXPECT_TRUE(document.errors.empty())
      << (document.errors.empty() ? "" : document.errors[0].message);
  return document.root.value_or(Node{});
}

std::string where(const SourceLocation& location) {
  return std::to_string(location.line) + ":" + std::to_string(location.column);
}

TEST(YamlReaderTest, KeepsDocumentOrderOfMappings) {
  Node root = parse_ok("zeta: 1\nalpha: 2\nmid: 3\n");
  ASSERT_EQ(root.entries.size(), 3u);
  EXPECT_EQ(root.entries[0].first, "zeta");
  EXPECT_EQ(root.entries[1].first, "alpha");
  EXPECT_EQ(root.entries[2].first, "mid");
}

TEST(YamlReaderTest, RecordsOneBasedLocationsOfValuesAndKeys) {
  Node root = parse_ok("rules:\n  count:\n    threads: 4\n    input: [a, \"b\"]\n");
  const Node& count = *root.find("rules")->find("count");
  EXPECT_EQ(where(count.key_location), "2:3");
  const Node& threads = *count.find("threads");
  EXPECT_EQ(where(threads.key_location), "3:5");
  EXPECT_EQ(where(threads.location), "3:14");
  const Node& input = *count.find("input");
  EXPECT_EQ(where(input.location), "4:12");
  EXPECT_EQ(where(input.items[1].location), "4:16");  // a quoted scalar starts at its quote
  EXPECT_EQ(input.items[0].location.file, "t.yaml");
}

TEST(YamlReaderTest, AnEmptyValuePointsAtItsKey) {
  Node root = parse_ok("a:\nb: 1\n");
  const Node& a = *root.find("a");
  EXPECT_EQ(a.kind, Node::Kind::null);
  EXPECT_EQ(where(a.location), "1:1");
}

TEST(YamlReaderTest, TellsQuotedScalarsFromPlainOnes) {
  Node root = parse_ok("a: 1\nb: \"1\"\nc: '1'\nd: |\n  text\ne: !!str 1\nf: ~\n");
  EXPECT_FALSE(root.find("a")->quoted);
  EXPECT_TRUE(root.find("b")->quoted);
  EXPECT_TRUE(root.find("c")->quoted);
  EXPECT_TRUE(root.find("d")->quoted);
  EXPECT_EQ(root.find("d")->scalar, "text\n");
  EXPECT_TRUE(root.find("e")->quoted);
  EXPECT_EQ(root.find("f")->kind, Node::Kind::null);
}

TEST(YamlReaderTest, AnEmptyTextIsANullDocument) {
  YamlDocument document = read_yaml("# only a comment\n", "t.yaml");
  ASSERT_TRUE(document.root.has_value());
  EXPECT_EQ(document.root->kind, Node::Kind::null);
  EXPECT_TRUE(document.errors.empty());
}

TEST(YamlReaderTest, ReportsDuplicateKeysAndKeepsTheFirst) {
  YamlDocument document = read_yaml("a: 1\nb: 2\na: 3\n", "t.yaml");
  ASSERT_EQ(document.errors.size(), 1u);
  EXPECT_EQ(document.errors[0].message, "duplicate key 'a'");
  EXPECT_EQ(where(*document.errors[0].location), "3:1");
  EXPECT_EQ(document.errors[0].notes, std::vector<std::string>{"first given at t.yaml:1:1"});
  ASSERT_TRUE(document.root.has_value());
  ASSERT_EQ(document.root->entries.size(), 2u);
  EXPECT_EQ(document.root->find("a")->scalar, "1");
}

TEST(YamlReaderTest, FindsDuplicatesInLargeMappings) {
  std::string text;
  for (int i = 0; i < 40; ++i)
    text += fmt::format("k{}: x\n", i);  // not "k" + ...: GCC 12 -O3 -Wrestrict
  text += "k7: again\n";
  YamlDocument document = read_yaml(text, "t.yaml");
  ASSERT_EQ(document.errors.size(), 1u);
  EXPECT_EQ(document.errors[0].message, "duplicate key 'k7'");
  EXPECT_EQ(where(*document.errors[0].location), "41:1");
}

TEST(YamlReaderTest, CopiesAnchoredNodesForAliases) {
  Node root = parse_ok("a: &list [1, 2]\nb: *list\nc: &s text\nd: *s\n");
  const Node& b = *root.find("b");
  ASSERT_TRUE(b.is_sequence());
  ASSERT_EQ(b.items.size(), 2u);
  EXPECT_EQ(b.items[1].scalar, "2");
  EXPECT_EQ(where(b.location), "2:4");  // the alias, where a value error should point
  EXPECT_EQ(root.find("d")->scalar, "text");
}

TEST(YamlReaderTest, AppliesMergeKeysWithoutOverridingExplicitKeys) {
  Node root = parse_ok(
      "base: &base {threads: 2, priority: 1}\n"
      "rule:\n"
      "  shell: run\n"
      "  <<: *base\n"
      "  priority: 5\n");
  const Node& rule = *root.find("rule");
  ASSERT_EQ(rule.entries.size(), 3u);
  EXPECT_EQ(rule.entries[0].first, "shell");
  EXPECT_EQ(rule.entries[1].first, "threads");  // merged keys sit where `<<` was
  EXPECT_EQ(rule.find("threads")->scalar, "2");
  EXPECT_EQ(rule.find("priority")->scalar, "5");
}

TEST(YamlReaderTest, RejectsAMergeKeyThatIsNoMapping) {
  YamlDocument document = read_yaml("a:\n  <<: [1]\n", "t.yaml");
  ASSERT_EQ(document.errors.size(), 1u);
  EXPECT_EQ(document.errors[0].message, "'<<' must be a mapping or a list of mappings, not a list");
}

TEST(YamlReaderTest, RejectsAnAliasInsideItsOwnAnchor) {
  YamlDocument document = read_yaml("a: &x [1, *x]\n", "t.yaml");
  ASSERT_EQ(document.errors.size(), 1u);
  EXPECT_EQ(document.errors[0].message, "alias '*x' refers to the node that contains it");
  EXPECT_EQ(where(*document.errors[0].location), "1:11");
}

TEST(YamlReaderTest, RejectsAnAliasOfNoAnchor) {
  YamlDocument document = read_yaml("a: [1, *nope]\nb: &nope 2\n", "t.yaml");
  ASSERT_EQ(document.errors.size(), 1u);
  EXPECT_EQ(document.errors[0].message,
            "invalid YAML: alias '*nope' refers to no anchor: an anchor '&nope' must come before "
            "it");
  EXPECT_EQ(where(*document.errors[0].location), "1:8");
}

TEST(YamlReaderTest, RefusesTextThatIsNotUtf8) {
  // Valid UTF-8 of every length is fine.
  Node root = parse_ok("a: \"\xc3\xa9t\xc3\xa9\"\nb: \xe2\x82\xac \xf0\x9f\x98\x80\n");
  EXPECT_EQ(root.find("a")->scalar, "\xc3\xa9t\xc3\xa9");
  // A Latin-1 byte, a cut sequence, an overlong form, a surrogate; and `%` with 0xde, on
  // which libfyaml 0.7.12 loops forever.
  for (const char* text : {"a: 1\nb: \xe9t\xe9\n", "a: 1\nb: \xc3", "a: 1\nb: \xc0\xaf\n",
                           "a: 1\nb: \xed\xa0\x80\n", "a: 1\n%\xde\n"}) {
    YamlDocument document = read_yaml(text, "t.yaml");
    EXPECT_FALSE(document.root.has_value()) << text;
    ASSERT_EQ(document.errors.size(), 1u) << text;
    EXPECT_NE(document.errors[0].message.find("that is not UTF-8 in the file"), std::string::npos);
    EXPECT_EQ(document.errors[0].location->line, 2) << text;
  }
}

TEST(YamlReaderTest, StopsAliasBombs) {
  // Each line holds ten aliases of the line before: 10^9 values if expanded in full.
  std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    std::string alias = std::string(", *") + static_cast<char>(c - 1);
    std::string aliases;
    for (int i = 0; i < 10; ++i)
      aliases += alias;
    text += std::string(1, c) + ": &" + std::string(1, c) + " [" + aliases.substr(2) + "]\n";
  }
  YamlDocument document = read_yaml(text, "t.yaml", YamlOptions{64, 5000});
  ASSERT_EQ(document.errors.size(), 1u);
  EXPECT_EQ(document.errors[0].message,
            "the document is too large: more than 5000 values once aliases are expanded");
  EXPECT_EQ(where(*document.errors[0].location), "4:20");  // the alias that crosses 5000
}

TEST(YamlReaderTest, RejectsKeysThatAreNotStrings) {
  YamlDocument document = read_yaml("? [a, b]\n: 1\nc: 2\n", "t.yaml");
  ASSERT_EQ(document.errors.size(), 1u);
  EXPECT_EQ(document.errors[0].message, "a mapping key must be a string, not a list");
  ASSERT_TRUE(document.root.has_value());
  EXPECT_EQ(document.root->entries.size(), 1u);
}

TEST(YamlReaderTest, TurnsSyntaxErrorsIntoLocatedErrors) {
  YamlDocument document = read_yaml("a: 1\nb: [1, 2\n", "t.yaml");
  EXPECT_FALSE(document.root.has_value());
  ASSERT_EQ(document.errors.size(), 1u);
  EXPECT_EQ(document.errors[0].kind, ErrorKind::flowfile);
  EXPECT_EQ(document.errors[0].message, "invalid YAML: flow sequence without a closing bracket");
  EXPECT_EQ(where(*document.errors[0].location), "3:1");
}

TEST(YamlReaderTest, RejectsASecondDocument) {
  YamlDocument document = read_yaml("a: 1\n---\nb: 2\n", "t.yaml");
  ASSERT_EQ(document.errors.size(), 1u);
  EXPECT_EQ(document.errors[0].message,
            "invalid YAML: expected one document, but a second one starts here");
}

TEST(YamlReaderTest, ExplainsBracesThatStartAValueInFlowCollections) {
  const std::string text = "out: {path: {b}.txt, temp: true}\n";
  YamlDocument document = read_yaml(text, "t.yaml");
  ASSERT_EQ(document.errors.size(), 1u);
  SourceTexts texts;
  texts.add("t.yaml", text);
  EXPECT_EQ(format_error(document.errors[0], &texts),
            "flow: error: t.yaml:1:16: invalid YAML: missing comma in flow mapping\n"
            "    out: {path: {b}.txt, temp: true}\n"
            "                   ^\n"
            "  quote a value that starts with '{' or '[', or that holds unbalanced braces inside "
            "[...] or {...}: \"{sample}/x.txt\"\n");
}

TEST(YamlReaderTest, AcceptsUnquotedBracesInsideFlowScalars) {
  YamlDocument document = read_yaml("a: 1\nout: {path: a/{b}.txt, temp: true}\n", "t.yaml");
  ASSERT_TRUE(document.root.has_value());
  EXPECT_TRUE(document.errors.empty());
  EXPECT_TRUE(document.brace_scalars_quoted);
  const Node& out = *document.root->find("out");
  const Node& path = *out.find("path");
  EXPECT_EQ(path.scalar, "a/{b}.txt");
  EXPECT_FALSE(path.quoted);  // it was written plain
  EXPECT_EQ(where(path.location), "2:13");
  EXPECT_EQ(where(path.key_location), "2:7");
  EXPECT_EQ(where(out.find("temp")->key_location), "2:24");
  EXPECT_EQ(where(out.find("temp")->location), "2:30");
  EXPECT_FALSE(out.find("temp")->quoted);
}

TEST(YamlReaderTest, KeepsExplicitTagsOfUnquotedBraceScalars) {
  YamlDocument document = read_yaml("a: [!!str x/{b}, &y z/{c}, *y]\n", "t.yaml");
  ASSERT_TRUE(document.root.has_value());
  const Node& a = *document.root->find("a");
  ASSERT_EQ(a.items.size(), 3u);
  EXPECT_TRUE(a.items[0].quoted);  // a tag makes a string, as it would without braces
  EXPECT_EQ(a.items[1].scalar, "z/{c}");
  EXPECT_EQ(where(a.items[1].location), "1:18");  // the anchor, as for any anchored value
  EXPECT_EQ(a.items[2].scalar, "z/{c}");
  EXPECT_EQ(where(a.items[2].location), "1:28");
}

TEST(YamlReaderTest, DecidesOnTheTextAsWrittenWhenQuotingGuessedWrong) {
  // The scan takes "!|" for one tag and quotes "b/{c}" in what yaml-cpp read as a block
  // scalar's text (libfyaml rejects "!|" as a tag). That quoted scalar never comes out, so
  // the text as written decides.
  const std::string text = "a: !|\n  [b/{c}]\n";
  EXPECT_FALSE(quote_brace_scalars(text).empty());
  YamlDocument document = read_yaml(text, "t.yaml");
  YamlDocument as_written = read_yaml(text, "t.yaml", YamlOptions{64, 5000, false});
  EXPECT_FALSE(document.brace_scalars_quoted);
  EXPECT_EQ(document.root.has_value(), as_written.root.has_value());
  ASSERT_EQ(document.errors.size(), 1u);
  ASSERT_EQ(as_written.errors.size(), 1u);
  EXPECT_EQ(document.errors[0].message, as_written.errors[0].message);
  EXPECT_EQ(where(*document.errors[0].location), where(*as_written.errors[0].location));
  // A block scalar that holds what looks like a flow list is never touched.
  Node root = parse_ok("a: |\n  [b/{c}]\n");
  EXPECT_EQ(root.find("a")->scalar, "[b/{c}]\n");
}

TEST(YamlReaderTest, ReportsTheSyntaxErrorThatQuotingDidNotFix) {
  // Line 1 needs the quoting; line 2 is broken either way.
  YamlDocument document = read_yaml("a: [b/{c}, d]\ne: [f\n", "t.yaml");
  ASSERT_EQ(document.errors.size(), 1u);
  EXPECT_EQ(document.errors[0].message, "invalid YAML: flow sequence without a closing bracket");
  EXPECT_EQ(where(*document.errors[0].location), "3:1");
}

}  // namespace
}  // namespace flow::flowfile::yaml
