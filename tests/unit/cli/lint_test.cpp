#include <gtest/gtest.h>

#include "cli/lint.h"
#include "flow/builtins/catalog.h"
#include "flow/flowfile/load.h"
#include "support/fake_filesystem.h"

namespace flow::cli {
namespace {

// The lint titles of `text`, in order.
std::vector<std::string> lint_titles(const std::string& text) {
  test::FakeFilesystem fs;
  SourceTexts texts;
  auto file = flowfile::parse_flowfile(text, "flow.yaml", fs, {}, texts);
  EXPECT_TRUE(file.ok()) << (file ? "" : format_error(file.error(), &texts));
  if (!file) return {};
  auto rules = rules::build_rules(*file, builtins::signatures());
  EXPECT_TRUE(rules.ok()) << (rules ? "" : format_error(rules.error(), &texts));
  if (!rules) return {};
  std::vector<std::string> titles;
  for (const auto& lint : lint_workflow(*rules, file->config, texts))
    titles.push_back(lint.title);
  return titles;
}

using Titles = std::vector<std::string>;

TEST(LintTest, ARuleWithAStepNeedsALog) {
  EXPECT_EQ(lint_titles(R"(
rules:
  all: {input: a.txt}
  make: {output: a.txt, shell: "touch {output}"}
  logged: {output: b.txt, log: b.log, shell: "touch {output} 2> {log}"}
)"),
            Titles{"rule 'make' has no log"});
}

TEST(LintTest, AbsolutePathsInFilesAndParams) {
  EXPECT_EQ(lint_titles(R"(
rules:
  make:
    input: /data/in.txt
    output: out.txt
    log: out.log
    params: {ref: /refs/hg38.fa, sink: /dev/null}
    shell: "cp {input} {output} 2> {log}"
)"),
            (Titles{"rule 'make' uses the absolute path \"/data/in.txt\"",
                    "rule 'make' uses the absolute path \"/refs/hg38.fa\""}));
}

TEST(LintTest, FilesByIndexInACommand) {
  EXPECT_EQ(lint_titles(R"(
rules:
  join:
    input: [a.txt, b.txt]
    output: c.txt
    log: c.log
    shell: "paste {input[0]} {input[1]} > {output} 2> {log}"
)"),
            Titles{"rule 'join' refers to a file by its index ({input[0]})"});
}

TEST(LintTest, ThreadsTheCommandUsesButTheRuleDoesNotDeclare) {
  EXPECT_EQ(lint_titles(R"(
rules:
  align:
    output: a.bam
    log: a.log
    shell: "bwa mem ref.fa r.fq 2> {log} | samtools sort -@ 4 -o {output}"
  counted:
    output: b.bam
    log: b.log
    shell: "pigz -p {threads} -c x > {output} 2> {log}"
  declared:
    output: c.bam
    log: c.log
    threads: 8
    shell: "time bwa mem -t {threads} ref.fa r.fq > {output} 2> {log}"
  plain_sort:
    output: d.txt
    log: d.log
    shell: "sort -u x > {output} 2> {log}; sort --parallel=4 y >> {output}"
)"),
            (Titles{"rule 'align' runs bwa, which can use several threads, without `threads:`",
                    "rule 'align' gives samtools a fixed thread count (-@ 4)",
                    "rule 'counted' uses {threads} but sets no `threads:`, so it is always 1",
                    "rule 'plain_sort' gives sort a fixed thread count (--parallel 4)"}));
}

TEST(LintTest, ConfigKeysNothingRefersTo) {
  EXPECT_EQ(lint_titles(R"(
config:
  books: [a]
  spare: 1
  tools: {used: x, unused: y}
  dirs: [p, q]
rules:
  all:
    input:
      - expand: "c/{b}.txt"
        b: config.books
  count:
    input: "in/{b}.txt"
    params: {dirs: "{config.dirs}"}
    output: "c/{b}.txt"
    log: "l/{b}.log"
    shell: "{config.tools.used} {input} > {output} 2> {log}"
)"),
            (Titles{"config key 'spare' is not used", "config key 'tools.unused' is not used"}));
}

}  // namespace
}  // namespace flow::cli
