// Lookups (spec §6): compiled and checked when the rules are built, evaluated per wildcard.

#include "flow/rules/lookup.h"

#include <gtest/gtest.h>

#include "flow/rules/rule_set.h"
#include "support/workflow_text.h"

namespace flow::rules {
namespace {

class LookupTest : public ::testing::Test {
 protected:
  LookupTest() {
    m_fs.create("s.tsv", "sample\tfq\tfqs\trg\nA\ta.fq\ta1.fq;a2.fq\tgA\nB\tb.fq\t\tgB\n");
    m_fs.create("u.tsv", "sample\tunit\tfq\nA\t1\ta1.fq\nA\t2\ta2.fq\n");
  }
  static constexpr const char* k_head = R"(
config:
  genomes:
    human: {fasta: hg.fa, index: [hg.1, hg.2], extra: {a: 1}}
    mouse: {index: mm.1}
  flat: [1, 2]
tables:
  samples: {path: s.tsv, lists: {fqs: ";"}}
  units: {path: u.tsv, key: [sample, unit]}
)";
  RuleSet rules(const std::string& body) { return test::rules_of(k_head + body, &m_fs); }
  std::string error(const std::string& body) { return test::rules_error(k_head + body, &m_fs); }

  // The values of the rule's lookup `text` for `wildcards`, or the error message.
  static std::string values(const RuleSet& set, const std::string& text,
                            pattern::WildcardValues wildcards) {
    const Rule& rule = set.rules().back();
    auto index = rule.find_lookup(text);
    if (!index) return "no lookup " + text;
    std::vector<std::string_view> out;
    LookupOrigin origin;
    auto found = set.lookup_sources().append_values(rule.lookups[*index], wildcards, out, &origin);
    if (!found) return format_error(found.error(), nullptr);
    std::string joined;
    for (auto value : out)
      joined += std::string(value) + "|";
    return joined + " @" + std::to_string(origin.location.line);
  }

  test::FakeFilesystem m_fs;
};

TEST_F(LookupTest, TableCellsByWildcard) {
  RuleSet set = rules(R"(
rules:
  map:
    input: {reads: "raw/{tables.samples[sample].fq}", more: "{tables.samples[sample].fqs}"}
    output: "bam/{sample}.bam"
    params: {rg: "ID:{tables.samples[sample].rg}"}
    shell: "echo {params.rg} {input}"
)");
  const Rule& map = set.rules().back();
  ASSERT_EQ(map.lookups.size(), 3u);
  EXPECT_TRUE(map.inputs[0].has_lookups());
  EXPECT_EQ(map.inputs[0].text(), "raw/{tables.samples[sample].fq}");
  EXPECT_TRUE(map.lookups[0].used_by_inputs);
  EXPECT_FALSE(map.lookups[2].used_by_inputs);
  EXPECT_EQ(values(set, "tables.samples[sample].fq", {"B"}), "b.fq| @3");
  EXPECT_EQ(values(set, "tables.samples[sample].fqs", {"A"}), "a1.fq|a2.fq| @2");
  EXPECT_EQ(values(set, "tables.samples[sample].fqs", {"B"}), " @3");
  EXPECT_TRUE(map.shell_lookups.empty());
}

TEST_F(LookupTest, SeveralKeyColumns) {
  RuleSet set = rules(R"(
rules:
  trim:
    input: "{tables.units[sample, unit].fq}"
    output: "trimmed/{sample}-{unit}.fq"
    shell: "cp {input} {output} # {tables.units[sample,unit].fq}"
)");
  EXPECT_EQ(values(set, "tables.units[sample, unit].fq", {"A", "2"}), "a2.fq| @3");
  EXPECT_EQ(set.rules().back().shell_lookups, std::vector<std::size_t>{1});
  EXPECT_EQ(values(set, "tables.units[sample,unit].fq", {"B", "1"}),
            "flow: error: flow.yaml:15:12: no row 'B', '1' in table 'units' (u.tsv)\n"
            "  rows are found by their sample, unit columns\n");
}

TEST_F(LookupTest, MissingRowSuggestsTheClosestKeyAndItsLine) {
  RuleSet set = rules(R"(
rules:
  map: {input: "{tables.samples[sample].fq}", output: "{sample}.bam", shell: "x"}
)");
  EXPECT_EQ(values(set, "tables.samples[sample].fq", {"b"}),
            "flow: error: flow.yaml:12:16: no row 'b' in table 'samples' (s.tsv)\n"
            "  did you mean 'B' (s.tsv:3)?\n"
            "  rows are found by their 'sample' column\n");
}

TEST_F(LookupTest, ConfigMappingsByWildcard) {
  RuleSet set = rules(R"(
rules:
  index:
    input: ["{config.genomes[species].fasta}", "{config.genomes[species].index}"]
    output: "{species}/{part}.idx"
    shell: "x {config.genomes[species].extra[part]}"
)");
  EXPECT_EQ(values(set, "config.genomes[species].fasta", {"human", "a"}), "hg.fa| @4");
  EXPECT_EQ(values(set, "config.genomes[species].index", {"human", "a"}), "hg.1|hg.2| @4");
  EXPECT_EQ(values(set, "config.genomes[species].extra[part]", {"human", "a"}), "1| @4");
  EXPECT_EQ(values(set, "config.genomes[species].fasta", {"mouse", "a"}),
            "flow: error: flow.yaml:13:13: config 'genomes.mouse' has no key 'fasta'\n");
  EXPECT_EQ(values(set, "config.genomes[species].fasta", {"humann", "a"}),
            "flow: error: flow.yaml:13:13: config 'genomes' has no key 'humann'\n"
            "  did you mean 'human'?\n");
  EXPECT_EQ(values(set, "config.genomes[species].extra[part]", {"human", "b"}),
            "flow: error: flow.yaml:15:12: config 'genomes.human.extra' has no key 'b'\n"
            "  did you mean 'a'?\n");
  EXPECT_EQ(values(set, "config.genomes[species].extra[part]", {"mouse", "a"}),
            "flow: error: flow.yaml:15:12: config 'genomes.mouse' has no key 'extra'\n");
}

TEST_F(LookupTest, ConfigValueThatIsNoValue) {
  RuleSet set = rules(R"(
rules:
  x: {output: "{species}.txt", shell: "echo {config.genomes[species]}"}
)");
  EXPECT_EQ(values(set, "config.genomes[species]", {"human"}),
            "flow: error: flow.yaml:12:39: config 'genomes.human' holds a mapping, not a value or "
            "a list of values\n");
}

TEST_F(LookupTest, LoadErrorsPointAtTheLookup) {
  EXPECT_EQ(
      error(R"(
rules:
  map:
    input: "{tables.smaples[sample].fq}"
    output: "{sample}.bam"
    params: {a: "{tables.samples[smaple].fq}", b: "{tables.samples[sample].fq2}"}
    shell: "{tables.units[sample].fq} {tables.samples.fq} {config.genome[sample]} {config.flat[sample]}"
)"),
      "flow: error: flow.yaml:13:13: rule 'map': lookup '{tables.smaples[sample].fq}': unknown "
      "table 'smaples'\n"
      "        input: \"{tables.smaples[sample].fq}\"\n"
      "                ^\n"
      "  did you mean 'samples'?\n"
      "flow: error: flow.yaml:15:18: rule 'map': lookup '{tables.samples[smaple].fq}' selects by "
      "'smaple', which is not a wildcard of the rule\n"
      "        params: {a: \"{tables.samples[smaple].fq}\", b: \"{tables.samples[sample].fq2}\"}\n"
      "                     ^\n"
      "  did you mean '[sample]'?\n"
      "  the outputs have {sample}\n"
      "flow: error: flow.yaml:15:52: rule 'map': lookup '{tables.samples[sample].fq2}': table "
      "'samples' has no column 'fq2'\n"
      "        params: {a: \"{tables.samples[smaple].fq}\", b: \"{tables.samples[sample].fq2}\"}\n"
      "                                                       ^\n"
      "  did you mean 'fq'?\n"
      "  the columns of s.tsv: sample, fq, fqs, rg\n"
      "flow: error: flow.yaml:16:13: rule 'map': lookup '{tables.units[sample].fq}': table 'units' "
      "is keyed by its columns (sample, unit), so it takes 2 wildcards in [...]\n"
      "        shell: \"{tables.units[sample].fq} {tables.samples.fq} {config.genome[sample]} "
      "{config.flat[sample]}\"\n"
      "                ^\n"
      "flow: error: flow.yaml:16:39: rule 'map': lookup '{tables.samples.fq}': a table lookup "
      "names the wildcard that selects the row\n"
      "        shell: \"{tables.units[sample].fq} {tables.samples.fq} {config.genome[sample]} "
      "{config.flat[sample]}\"\n"
      "                                          ^\n"
      "  write {tables.samples[sample].COLUMN}\n"
      "flow: error: flow.yaml:16:59: rule 'map': lookup '{config.genome[sample]}': unknown config "
      "key 'genome'\n"
      "        shell: \"{tables.units[sample].fq} {tables.samples.fq} {config.genome[sample]} "
      "{config.flat[sample]}\"\n"
      "                                                              ^\n"
      "  did you mean 'genomes'?\n"
      "flow: error: flow.yaml:16:83: rule 'map': lookup '{config.flat[sample]}': config 'flat' "
      "holds a list, not a mapping to look up by wildcard\n"
      "        shell: \"{tables.units[sample].fq} {tables.samples.fq} {config.genome[sample]} "
      "{config.flat[sample]}\"\n"
      "                                                                                      ^\n");
}

TEST_F(LookupTest, NoLookupsInOutputs) {
  EXPECT_EQ(
      error(R"(
rules:
  x: {output: "out/{tables.samples[sample].fq}", shell: "x"}
)"),
      "flow: error: flow.yaml:12:20: rule 'x': a lookup cannot be used in output "
      "('out/{tables.samples[sample].fq}')\n"
      "      x: {output: \"out/{tables.samples[sample].fq}\", shell: \"x\"}\n"
      "                       ^\n"
      "  lookups give a job's inputs and values from its wildcards, which come from its outputs\n");
}

}  // namespace
}  // namespace flow::rules
