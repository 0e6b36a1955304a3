#include "flow/dag/job_render.h"

#include <gtest/gtest.h>

#include "flow/base/strings.h"
#include "flow/dag/dag_builder.h"
#include "support/workflow_text.h"

namespace flow::dag {
namespace {

class JobRenderTest : public ::testing::Test {
 protected:
  const Dag& build(const std::string& text, std::vector<std::string> targets = {}) {
    m_rules = std::make_unique<rules::RuleSet>(test::rules_of(text));
    auto dag = build_dag(*m_rules, targets, m_fs);
    EXPECT_TRUE(dag.ok()) << (dag.ok() ? "" : format_error(dag.error(), nullptr));
    m_dag = std::make_unique<Dag>(std::move(dag).value());
    return *m_dag;
  }
  std::string shell(JobId job, RenderValues values = {}) const {
    return render(*m_dag, job, *m_dag->rule_of(job).shell, values, Quoting::shell);
  }

  test::FakeFilesystem m_fs;
  std::unique_ptr<rules::RuleSet> m_rules;
  std::unique_ptr<Dag> m_dag;
};

constexpr const char* k_named = R"(
rules:
  join:
    input: {text: ["a.txt", "my b.txt"], index: "idx.txt"}
    output: {table: out.tsv, summary: "sum mary.txt"}
    log: join.log
    params: {mode: "--fast '{input.index}'"}
    shell: "join {input.text} -i {input.index} -n {input[1]} > {output.table} 2> {log} # {output}"
)";

TEST_F(JobRenderTest, PathsAreQuotedOnlyWhenTheyNeedItAndNamedItemsSelectTheirFiles) {
  m_fs.create("a.txt");
  m_fs.create("my b.txt");
  m_fs.create("idx.txt");
  build(k_named);
  EXPECT_EQ(shell(JobId(0)),
            "join a.txt 'my b.txt' -i idx.txt -n 'my b.txt' > out.tsv 2> join.log # out.tsv "
            "'sum mary.txt'");
}

TEST_F(JobRenderTest, ParamsAreInsertedAsWrittenAndRenderedWithoutQuoting) {
  m_fs.create("a.txt");
  m_fs.create("my b.txt");
  m_fs.create("idx.txt");
  build(k_named);
  auto params = render_params(*m_dag, JobId(0), {});
  ASSERT_EQ(params.size(), 1u);
  EXPECT_EQ(params[0].first, "mode");
  EXPECT_EQ(params[0].second, "--fast 'idx.txt'");
}

TEST_F(JobRenderTest, ThreadsJobidAndAttemptComeFromTheRenderValues) {
  build(R"(
rules:
  t: {output: t.txt, threads: 8, shell: "tool -t {threads} --job {jobid} --try {attempt} {rule}"}
)");
  EXPECT_EQ(shell(JobId(0), RenderValues{3, 7, 2}), "tool -t 3 --job 7 --try 2 t");
}

TEST_F(JobRenderTest, ABuiltinGetsItsFilesWithItemNamesAndItsArgumentsRendered) {
  m_fs.create("in 1.txt");
  build(R"(
rules:
  copy: {input: {src: "in {n}.txt"}, output: "out/{n}.txt", builtin: copy, with: {seed: "{wildcards.n}"}}
)",
        {"out/1.txt"});
  BuiltinInvocation invocation = builtin_invocation(*m_dag, JobId(0), RenderValues{2, 0, 1});
  EXPECT_EQ(invocation.name, "copy");
  ASSERT_EQ(invocation.inputs.size(), 1u);
  EXPECT_EQ(invocation.inputs[0].name, "src");
  EXPECT_EQ(invocation.inputs[0].path, "in 1.txt");  // one argv word: no quoting
  EXPECT_EQ(invocation.args.at("seed"), "1");
  EXPECT_EQ(invocation.threads, 2);
}

constexpr const char* k_fingerprinted = R"(
rules:
  make: {input: in.txt, output: out.txt, threads: 4, params: {n: 1}, shell: "tool -t {threads} {params.n} {input} > {output}"}
)";

TEST_F(JobRenderTest, TheFingerprintIsStableAcrossRunsAndVersions) {
  m_fs.create("in.txt");
  build(k_fingerprinted);
  Fingerprint first = fingerprint(*m_dag, JobId(0));
  build(k_fingerprinted);  // another run of the same workflow
  Fingerprint again = fingerprint(*m_dag, JobId(0));
  EXPECT_EQ(first.code, again.code);
  EXPECT_EQ(first.params, again.params);
  EXPECT_EQ(first.inputs, again.inputs);
  // Pinned: the journal keeps these across flow versions, so a change of how they are
  // computed would rerun every job of every workflow once.
  EXPECT_EQ(hex64(first.code), "d7b6d1a0e8befbb8") << hex64(first.code);
  EXPECT_EQ(hex64(first.params), "cba93ebbb414f35d") << hex64(first.params);
  EXPECT_EQ(hex64(first.inputs), "0373aabcb6b879a8") << hex64(first.inputs);
}

// Spec §9: the image is part of the job's identity; a rule without one hashes as before.
TEST_F(JobRenderTest, TheContainerImageIsPartOfTheCode) {
  m_fs.create("in.txt");
  build(k_fingerprinted);
  Fingerprint none = fingerprint(*m_dag, JobId(0));
  EXPECT_EQ(hex64(none.code), "d7b6d1a0e8befbb8");
  build(R"(
rules:
  make: {input: in.txt, output: out.txt, threads: 4, params: {n: 1}, container: "tools:1", shell: "tool -t {threads} {params.n} {input} > {output}"}
)");
  Fingerprint one = fingerprint(*m_dag, JobId(0));
  build(R"(
container: "tools:2"
rules:
  make: {input: in.txt, output: out.txt, threads: 4, params: {n: 1}, shell: "tool -t {threads} {params.n} {input} > {output}"}
)");
  Fingerprint two = fingerprint(*m_dag, JobId(0));
  EXPECT_NE(one.code, none.code);
  EXPECT_NE(two.code, one.code);
  EXPECT_EQ(two.params, none.params);
  EXPECT_EQ(two.inputs, none.inputs);
}

TEST_F(JobRenderTest, TheFingerprintChangesWithTheStepTheParamsAndTheInputList) {
  m_fs.create("in.txt");
  m_fs.create("more.txt");
  build(k_fingerprinted);
  Fingerprint base = fingerprint(*m_dag, JobId(0));
  build(R"(
rules:
  make: {input: in.txt, output: out.txt, threads: 4, params: {n: 1}, shell: "tool2 -t {threads} {params.n} {input} > {output}"}
)");
  Fingerprint code = fingerprint(*m_dag, JobId(0));
  EXPECT_NE(code.code, base.code);
  EXPECT_EQ(code.params, base.params);
  build(R"(
rules:
  make: {input: in.txt, output: out.txt, threads: 4, params: {n: 2}, shell: "tool -t {threads} {params.n} {input} > {output}"}
)");
  Fingerprint params = fingerprint(*m_dag, JobId(0));
  EXPECT_EQ(params.code, base.code);
  EXPECT_NE(params.params, base.params);
  build(R"(
rules:
  make: {input: [in.txt, more.txt], output: out.txt, threads: 4, params: {n: 1}, shell: "tool -t {threads} {params.n} {input} > {output}"}
)");
  Fingerprint inputs = fingerprint(*m_dag, JobId(0));
  EXPECT_NE(inputs.inputs, base.inputs);
  EXPECT_EQ(inputs.params, base.params);
}

}  // namespace
}  // namespace flow::dag
