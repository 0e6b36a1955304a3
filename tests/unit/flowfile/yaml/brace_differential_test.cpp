// Quoting brace scalars (brace_quoting.h) must never change what a valid YAML text means:
// over texts full of braces in every YAML context, and deterministic mutations of them
// (std::mt19937's sequence is fixed by the standard), read_yaml with the quoting gives exactly
// what it gives without whenever the parser accepts the text as written. Texts that only load
// thanks to the quoting must have every plain scalar located where its text is written.

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "../rich_workflow.h"
#include "flowfile/yaml/brace_quoting.h"
#include "flowfile/yaml/reader.h"
#include "yaml_dump.h"

namespace flow::flowfile::yaml {
namespace {

// Valid YAML with braces in quoted scalars, comments, block scalars, block plain scalars
// (also over several lines), keys, anchors and JSON-like flow collections.
const char* const k_valid = R"(config:
  books: [11, 84, 1342]
  tool: {sort: sort}
  pattern: "x/{a}.txt"
x-defaults: &defaults {threads: 2, retries: 1}
rules:
  all:
    input:
      - expand: counts/{book}.tsv
        book: config.books
      - {expand: "s/{{w}}/{size}.txt", size: [1, 2]}
  download:
    output: {path: "books/{book}.txt", protected: true}
    with: {url: 'https://example.org/{wildcards.book}.txt', n: "a\"{b}"}
    message: fetching {wildcards.book} [now] {x}
  count:
    <<: *defaults
    input: {text: "books/{book}.txt", stops: [a.txt, b.txt]}
    output: counts/{book}.tsv   # [x/{y}]
    shell: |
      [ -s {input.text} ] && sort {input} | wc -l > {output}
      echo {a} [b/{c}]
    notes: >-
      [a/{b}, c]
    cmd: echo [a/{b}]
      [c/{d}]
    list:
      - [x, "y/{z}", 'w/{v}', &a "u/{t}", *a]
      - {"k": [1, 2], "m":{"n": "o/{p}"}}
      - ? "q/{r}"
        : s
)";

// The texts of the other flowfile tests (fuzz_test.cpp's valid workflow, literal runs and
// reader cases).
const char* const k_fuzz_valid = test::k_rich_workflow;

const char* const k_small_texts[] = {
    "a:\n  - 1\n  - two\n  - 3\nb: [x, y,\n  z]  # c\nc: d\n",
    "a: [\n  1,\n  2,\n  3\n]\nb: {c: [4, 5, 6]}\n",
    "a: &x [1, 2, 3]\nb: *x\n",
    "a:\r\n  - 1\r\n  - 2\r\nb: [x, y]\r\n",
    "s: |\n  - 1\n  - 2\n  - 3\n",
    "? [1, 2, 3]\n: v\n",
    "rules:\n  count:\n    threads: 4\n    input: [a, \"b\"]\n",
    "a: 1\nb: \"1\"\nc: '1'\nd: |\n  text\ne: !!str 1\nf: ~\n",
    "base: &base {threads: 2, priority: 1}\nrule:\n  shell: run\n  <<: *base\n  priority: 5\n",
    "config: {n: 1}\nrules:\n  other: {output: o.txt, shell: 'touch {output}'}\n",
};

// The spec's style: unquoted wildcards inside flow collections (not valid YAML as written).
const char* const k_spec_style = R"(config: {books: [11, 84, 1342, 2701]}
rules:
  words:
    input: [books/{book}.txt, x/{a}_{b}.csv]
    output: {path: words/{book}.txt, temp: true}
    with: {url: https://example.org/{wildcards.book}.txt}
    shell: |
      [a/{b}]
  count:
    output: [{path: out/{n,[0-9]{3}}.txt}, &l logs/{n}.log, *l]
    params: {a: "q/{x}", b: 'r/{y}', c: s/{z}}  # {t/{u}}
)";

// Checks the invariant of the file comment for `text`; returns whether quoting was used.
bool check(const std::string& text, std::size_t min_literal_run) {
  YamlDocument with = read_yaml(text, "t.yaml", YamlOptions{min_literal_run, 5000, true});
  YamlDocument without = read_yaml(text, "t.yaml", YamlOptions{min_literal_run, 5000, false});
  EXPECT_FALSE(without.brace_scalars_quoted);
  if (without.root) {
    EXPECT_EQ(dump(with), dump(without)) << "text:\n" << text;
    EXPECT_FALSE(with.brace_scalars_quoted) << "text:\n" << text;
  }
  return with.brace_scalars_quoted;
}

// Where (line, column) of `text` is as a byte offset, or npos.
std::size_t offset_of(const std::string& text, const SourceLocation& location) {
  std::size_t begin = 0;
  for (int line = 1; line < location.line; ++line) {
    begin = text.find('\n', begin);
    if (begin == std::string::npos) return begin;
    ++begin;
  }
  return begin + static_cast<std::size_t>(location.column - 1);
}

// Every plain scalar's text starts where it is located (or its anchor, tag or alias does).
void expect_located(const Node& node, const std::string& text) {
  if (node.is_scalar() && !node.quoted && !node.scalar.empty()) {
    std::size_t at = offset_of(text, node.location);
    ASSERT_LT(at, text.size()) << node.scalar << "\n" << text;
    std::string word = node.scalar.substr(0, node.scalar.find_first_of(" \n"));
    bool ok = text.compare(at, word.size(), word) == 0 || text[at] == '&' || text[at] == '*' ||
              text[at] == '!';
    EXPECT_TRUE(ok) << "'" << node.scalar << "' at " << node.location.line << ":"
                    << node.location.column << " in\n"
                    << text;
  }
  for (const auto& item : node.items)
    expect_located(item, text);
  for (const auto& entry : node.entries)
    expect_located(entry.second, text);
}

// One to three truncations, replaced or inserted bytes.
std::string mutate(const std::string& base, std::mt19937& random) {
  static const std::string bytes = "-[]{},:#'\"|>&*!? \n\t0a./\\";
  std::string text = base;
  for (auto edits = 1 + random() % 3; edits > 0 && !text.empty(); --edits) {
    std::size_t position = random() % text.size();
    switch (random() % 5) {
      case 0:
        text.resize(std::max(position, text.size() * 3 / 4));
        break;
      case 1:
      case 2:
        text[position] = bytes[random() % bytes.size()];
        break;
      default:
        text.insert(position, 1, bytes[random() % bytes.size()]);
        break;
    }
  }
  return text;
}

TEST(BraceDifferentialTest, ValidTextsMeanTheSameWithQuoting) {
  std::vector<std::string> texts{k_valid, k_fuzz_valid};
  texts.insert(texts.end(), std::begin(k_small_texts), std::end(k_small_texts));
  for (const std::string& text : texts) {
    YamlDocument document = read_yaml(text, "t.yaml", YamlOptions{64, 5000, false});
    ASSERT_TRUE(document.root.has_value()) << dump(document);
    EXPECT_FALSE(check(text, 64));
    EXPECT_FALSE(check(text, 2));
  }
}

// Odd texts that the scan misreads (found by mutating texts; yaml-cpp accepted them, libfyaml
// rejects them): the reader notices that the quoted scalars did not come out as predicted, and
// the quoting never makes them load.
TEST(BraceDifferentialTest, OddTextsTheScanMisreadsMeanTheSame) {
  for (const char* text :
       {"a: !|\n  [b/{c}]\n", "? a\n!\"[b/{c}]\n: d\n", "'- a' b\n  [c/{d}]\n",
        ",a:\n  - b\n  [c/{d}]\n", "{key: }x\n  [b/{c}]\n", "\"a: \"'x\n  [b/{c}]'\n"}) {
    EXPECT_FALSE(quote_brace_scalars(text).empty()) << text;
    bool valid = read_yaml(text, "t.yaml", YamlOptions{64, 5000, false}).root.has_value();
    EXPECT_EQ(read_yaml(text, "t.yaml").root.has_value(), valid) << text;
    EXPECT_FALSE(check(text, 64));
  }
}

TEST(BraceDifferentialTest, TheSpecStyleLoadsOnlyWithQuoting) {
  EXPECT_FALSE(read_yaml(k_spec_style, "t.yaml", YamlOptions{64, 5000, false}).root);
  YamlDocument document = read_yaml(k_spec_style, "t.yaml");
  ASSERT_TRUE(document.root.has_value()) << dump(document);
  EXPECT_TRUE(document.brace_scalars_quoted);
  expect_located(*document.root, k_spec_style);
  YamlDocument fast = read_yaml(k_spec_style, "t.yaml", YamlOptions{2, 5000, true});
  EXPECT_TRUE(fast.literal_runs_used);
  EXPECT_EQ(dump(fast), dump(document));
}

TEST(BraceDifferentialTest, MutationsMeanTheSameWhereValidAndLocateWhereQuoted) {
  std::mt19937 random(20261122);
  int valid = 0;
  int quoted = 0;
  for (const std::string base : {k_valid, k_fuzz_valid, k_spec_style}) {
    for (int round = 0; round < 600; ++round) {
      std::string text = mutate(base, random);
      bool used = check(text, round % 2 == 0 ? 64 : 2);
      valid += read_yaml(text, "t.yaml", YamlOptions{64, 5000, false}).root ? 1 : 0;
      if (!used) continue;
      ++quoted;
      YamlDocument document = read_yaml(text, "t.yaml");
      ASSERT_TRUE(document.root.has_value());
      expect_located(*document.root, text);
      // The literal-run shortcut still changes nothing.
      EXPECT_EQ(dump(read_yaml(text, "t.yaml", YamlOptions{2, 5000, true})),
                dump(read_yaml(text, "t.yaml", YamlOptions{0, 5000, true})));
    }
  }
  EXPECT_GT(valid, 400);   // the comparison really ran
  EXPECT_GT(quoted, 150);  // and so did the quoting
}

}  // namespace
}  // namespace flow::flowfile::yaml
