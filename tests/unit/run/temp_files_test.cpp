#include "run/temp_files.h"

#include <gtest/gtest.h>

#include "flow/dag/dag_builder.h"
#include "support/workflow_text.h"

namespace flow::run {
namespace {

class TempFilesTest : public ::testing::Test {
 protected:
  void build(const std::string& text, std::vector<std::string> targets = {}) {
    m_rules = std::make_unique<rules::RuleSet>(test::rules_of(text));
    m_dag = std::make_unique<dag::Dag>(std::move(dag::build_dag(*m_rules, targets, m_fs)).value());
  }
  JobId job(const std::string& label) const {
    for (const auto& j : m_dag->jobs()) {
      if (m_dag->label(j.id) == label) return j.id;
    }
    ADD_FAILURE() << "no job " << label;
    return JobId();
  }
  std::vector<std::string> paths(const std::vector<FileId>& files) const {
    std::vector<std::string> list;
    for (FileId file : files)
      list.push_back(m_dag->path(file));
    return list;
  }

  test::FakeFilesystem m_fs;
  std::unique_ptr<rules::RuleSet> m_rules;
  std::unique_ptr<dag::Dag> m_dag;
};

constexpr const char* k_two_consumers = R"(
rules:
  all: {input: [c1.txt, c2.txt]}
  make: {output: {path: t.txt, temp: true}, shell: "touch {output}"}
  use: {input: t.txt, output: "c{n}.txt", shell: "cp {input} {output}"}
)";

TEST_F(TempFilesTest, ATempInputGoesWithItsLastConsumer) {
  build(k_two_consumers);
  TempFiles temp(*m_dag, false);
  temp.add_consumer(job("use n=1"));
  temp.add_consumer(job("use n=2"));
  EXPECT_TRUE(temp.released_by(job("use n=1")).empty());
  EXPECT_EQ(paths(temp.released_by(job("use n=2"))), std::vector<std::string>{"t.txt"});
}

TEST_F(TempFilesTest, NotempKeepsEverything) {
  build(k_two_consumers);
  TempFiles temp(*m_dag, true);
  temp.add_consumer(job("use n=1"));
  EXPECT_TRUE(temp.released_by(job("use n=1")).empty());
}

TEST_F(TempFilesTest, ATempTargetIsKept) {
  build(k_two_consumers, {"c1.txt", "t.txt"});
  TempFiles temp(*m_dag, false);
  temp.add_consumer(job("use n=1"));
  EXPECT_TRUE(temp.released_by(job("use n=1")).empty());
}

constexpr const char* k_two_temp_outputs = R"(
rules:
  all: {input: c.txt}
  make:
    output: [{path: used.txt, temp: true}, {path: unused.txt, temp: true}]
    shell: "touch {output}"
  use: {input: used.txt, output: c.txt, shell: "cp {input} {output}"}
)";

// Issue 9 semantics 3: a temp output no job reads goes as soon as its job is done; the one
// that is read stays until its reader is done.
TEST_F(TempFilesTest, ATempOutputNoJobReadsGoesWithItsProducer) {
  build(k_two_temp_outputs);
  TempFiles temp(*m_dag, false);
  temp.add_consumer(job("use"));
  EXPECT_EQ(paths(temp.released_by(job("make"))), std::vector<std::string>{"unused.txt"});
  EXPECT_EQ(paths(temp.released_by(job("use"))), std::vector<std::string>{"used.txt"});
}

TEST_F(TempFilesTest, NotempKeepsAnUnreadTempOutput) {
  build(k_two_temp_outputs);
  TempFiles temp(*m_dag, true);
  EXPECT_TRUE(temp.released_by(job("make")).empty());
}

}  // namespace
}  // namespace flow::run
