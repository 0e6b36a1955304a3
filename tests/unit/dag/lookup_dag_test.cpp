// Lookups when the DAG is built (spec §6): inputs, values and errors per job.

#include <gtest/gtest.h>

#include "flow/dag/dag_builder.h"
#include "flow/dag/job_render.h"
#include "support/fake_filesystem.h"
#include "support/workflow_text.h"

namespace flow::dag {
namespace {

class LookupDagTest : public ::testing::Test {
 protected:
  void load(const std::string& text) {
    auto rules = test::try_rules(text, &m_texts, &m_fs);
    ASSERT_TRUE(rules.ok()) << format_error(rules.error(), &m_texts);
    m_rules = std::make_unique<rules::RuleSet>(std::move(*rules));
  }
  Result<Dag> build(std::vector<std::string> targets = {}) {
    return build_dag(*m_rules, targets, m_fs);
  }
  std::string error_text(const Result<Dag>& result) {
    EXPECT_FALSE(result.ok());
    return result.ok() ? "" : format_error(result.error(), &m_texts);
  }
  static std::vector<std::string> inputs(const Dag& dag, JobId job) {
    std::vector<std::string> paths;
    for (const auto& ref : dag.job(job).inputs)
      paths.push_back(dag.path(ref.file));
    return paths;
  }
  static std::optional<JobId> job_of(const Dag& dag, const std::string& label) {
    for (const auto& job : dag.jobs()) {
      if (dag.label(job.id) == label) return job.id;
    }
    return std::nullopt;
  }

  test::FakeFilesystem m_fs;
  SourceTexts m_texts;
  std::unique_ptr<rules::RuleSet> m_rules;
};

constexpr const char* k_workflow = R"(
tables:
  samples: {path: s.tsv, lists: {fqs: ","}}
rules:
  all: {input: {expand: "bam/{sample}.bam", sample: tables.samples.sample}}
  map:
    input:
      ref: "ref/{tables.samples[sample].genome}.fa"
      reads: "{tables.samples[sample].fqs}"
    output: "bam/{sample}.bam"
    params: {rg: "{tables.samples[sample].rg}"}
    shell: "map --rg {params.rg} {input.ref} {input.reads} > {output}  # {tables.samples[sample].genome}"
  reference: {output: "ref/{genome}.fa", shell: "touch {output}"}
)";

TEST_F(LookupDagTest, InputsComeFromTheTableRowOfEachJob) {
  m_fs.create("s.tsv", "sample\tgenome\tfqs\trg\nA\thg\ta1.fq,a2.fq\tgA\nB\tmm\tb.fq\tgB\n");
  for (const char* fq : {"a1.fq", "a2.fq", "b.fq"})
    m_fs.create(fq);
  load(k_workflow);
  auto dag = build();
  ASSERT_TRUE(dag.ok()) << error_text(dag);
  auto a = job_of(*dag, "map sample=A");
  ASSERT_TRUE(a);
  EXPECT_EQ(inputs(*dag, *a), (std::vector<std::string>{"ref/hg.fa", "a1.fq", "a2.fq"}));
  EXPECT_EQ(dag->job(*a).dependencies.size(), 1u);  // the reference job
  EXPECT_TRUE(job_of(*dag, "reference genome=mm"));
  const rules::Rule& map = dag->rule_of(*a);
  RenderValues values;
  EXPECT_EQ(render(*dag, *a, *map.shell, values, Quoting::shell),
            "map --rg gA ref/hg.fa a1.fq a2.fq > bam/A.bam  # hg");
  EXPECT_EQ(render_params(*dag, *a, values),
            (std::vector<std::pair<std::string, std::string>>{{"rg", "gA"}}));
}

TEST_F(LookupDagTest, EditingARowChangesTheFingerprintOfItsJobOnly) {
  m_fs.create("s.tsv", "sample\tgenome\tfqs\trg\nA\thg\ta.fq\tgA\nB\thg\tb.fq\tgB\n");
  m_fs.create("a.fq");
  m_fs.create("b.fq");
  load(k_workflow);
  auto before = build();
  ASSERT_TRUE(before.ok()) << error_text(before);
  auto print = [](const Dag& dag, const std::string& label) {
    return fingerprint(dag, *job_of(dag, label));
  };
  Fingerprint a = print(*before, "map sample=A");
  Fingerprint b = print(*before, "map sample=B");
  // B's read group and genome change (the genome only shows in the command): B's params
  // differ, A's do not.
  m_fs.create("s.tsv", "sample\tgenome\tfqs\trg\nA\thg\ta.fq\tgA\nB\tmm\tb.fq\tgB2\n");
  load(k_workflow);
  auto after = build();
  ASSERT_TRUE(after.ok()) << error_text(after);
  EXPECT_EQ(print(*after, "map sample=A").params, a.params);
  EXPECT_EQ(print(*after, "map sample=A").inputs, a.inputs);
  EXPECT_NE(print(*after, "map sample=B").params, b.params);
  EXPECT_NE(print(*after, "map sample=B").inputs, b.inputs);
  EXPECT_EQ(print(*after, "map sample=B").code, b.code);
}

TEST_F(LookupDagTest, ACommandLookupAloneCountsAsParams) {
  m_fs.create("s.tsv", "sample\tlabel\nA\tx\n");
  const char* text = R"(
tables: {samples: s.tsv}
rules:
  say: {output: "{sample}.txt", shell: "echo {tables.samples[sample].label} > {output}"}
)";
  load(text);
  auto before = build({"A.txt"});
  ASSERT_TRUE(before.ok());
  Fingerprint first = fingerprint(*before, JobId(0));
  m_fs.create("s.tsv", "sample\tlabel\nA\ty\n");
  load(text);
  auto after = build({"A.txt"});
  ASSERT_TRUE(after.ok());
  EXPECT_NE(fingerprint(*after, JobId(0)).params, first.params);
  EXPECT_EQ(fingerprint(*after, JobId(0)).code, first.code);
}

TEST_F(LookupDagTest, MissingRowNamesTheJobTheValueAndTheTable) {
  m_fs.create("s.tsv", "sample\tgenome\tfqs\trg\nA\thg\ta.fq\tgA\nsample_b\thg\tb.fq\tgB\n");
  load(k_workflow);
  EXPECT_EQ(error_text(build({"bam/sample_B.bam"})),
            "flow: error: flow.yaml:8:17: rule 'map' (sample=sample_B): no row 'sample_B' in "
            "table 'samples' (s.tsv)\n"
            "          ref: \"ref/{tables.samples[sample].genome}.fa\"\n"
            "                    ^\n"
            "  did you mean 'sample_b' (s.tsv:3)?\n"
            "  rows are found by their 'sample' column\n");
}

TEST_F(LookupDagTest, MissingRowBelowTheTargetSaysWhoNeededIt) {
  m_fs.create("s.tsv", "sample\tgenome\tfqs\trg\nA\thg\ta.fq\tgA\n");
  load(R"(
tables: {samples: s.tsv}
rules:
  all: {input: ["bam/A.bam", "bam/C.bam"]}
  map:
    input: "{tables.samples[sample].fqs}"
    output: "bam/{sample}.bam"
    shell: "x"
)");
  m_fs.create("a.fq");
  EXPECT_EQ(error_text(build()),
            "flow: error: flow.yaml:6:13: rule 'map' (sample=C): no row 'C' in table 'samples' "
            "(s.tsv)\n"
            "        input: \"{tables.samples[sample].fqs}\"\n"
            "                ^\n"
            "  rows are found by their 'sample' column\n"
            "  needed by rule 'all'\n");
}

TEST_F(LookupDagTest, AParamsLookupIsCheckedWhenTheDagIsBuilt) {
  m_fs.create("s.tsv", "sample\tgenome\nA\thg\n");
  load(R"(
config: {species: {hg: human}}
tables: {samples: s.tsv}
rules:
  x:
    output: "{sample}.txt"
    params: {species: "{config.species[sample]}"}
    shell: "x"
)");
  EXPECT_EQ(error_text(build({"A.txt"})),
            "flow: error: flow.yaml:7:24: rule 'x' (sample=A): config 'species' has no key 'A'\n"
            "        params: {species: \"{config.species[sample]}\"}\n"
            "                           ^\n");
}

TEST_F(LookupDagTest, AnEmptyCellIsNoPath) {
  m_fs.create("s.tsv", "sample\tfq1\tfq2\nA\ta.fq\t\n");
  m_fs.create("a.fq");
  load(R"(
tables: {samples: s.tsv}
rules:
  map: {input: ["{tables.samples[sample].fq1}", "{tables.samples[sample].fq2}"], output: "{sample}.bam", shell: "x"}
)");
  EXPECT_EQ(
      error_text(build({"A.bam"})),
      "flow: error: flow.yaml:4:50: rule 'map' (sample=A): input "
      "'{tables.samples[sample].fq2}' is an empty path: '{tables.samples[sample].fq2}' is "
      "empty\n"
      "      map: {input: [\"{tables.samples[sample].fq1}\", \"{tables.samples[sample].fq2}\"], "
      "output: \"{sample}.bam\", shell: \"x\"}\n"
      "                                                     ^\n"
      "  the value is at s.tsv:2:8\n");
}

TEST_F(LookupDagTest, ACandidateWhoseLookupFailsIsDropped) {
  m_fs.create("s.tsv", "sample\tfq\nA\ta.fq\n");
  m_fs.create("a.fq");
  load(R"(
tables: {samples: s.tsv}
rules:
  from_sheet: {input: "{tables.samples[sample].fq}", output: "out/{sample}.txt", shell: "x"}
  default: {output: "out/{sample}.txt", shell: "y"}
)");
  auto dag = build({"out/B.txt"});
  ASSERT_TRUE(dag.ok()) << error_text(dag);
  EXPECT_EQ(dag->label(JobId(0)), "default sample=B");
  EXPECT_FALSE(build({"out/A.txt"}).ok());  // both can: an ambiguity
}

TEST_F(LookupDagTest, ConfigListsGiveSeveralInputs) {
  m_fs.create("x1");
  m_fs.create("x2");
  load(R"(
config: {runs: {a: [x1, x2], b: []}}
rules:
  merge: {input: "{config.runs[run]}", output: "{run}.txt", shell: "cat {input} > {output}"}
)");
  auto a = build({"a.txt"});
  ASSERT_TRUE(a.ok()) << error_text(a);
  EXPECT_EQ(inputs(*a, JobId(0)), (std::vector<std::string>{"x1", "x2"}));
  auto b = build({"b.txt"});
  ASSERT_TRUE(b.ok()) << error_text(b);
  EXPECT_TRUE(inputs(*b, JobId(0)).empty());
}

}  // namespace
}  // namespace flow::dag
