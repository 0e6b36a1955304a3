#include "flow/run/shadow.h"

#include <gtest/gtest.h>

#include "flow/dag/dag_builder.h"
#include "support/fake_filesystem.h"
#include "support/workflow_text.h"

namespace flow::run {
namespace {

using rules::ShadowMode;

ShadowFiles files(std::vector<std::string> inputs, std::vector<std::string> outputs) {
  return ShadowFiles{std::move(inputs), std::move(outputs)};
}

TEST(ShadowTest, ShadowablePathsAreRelativeAndStayInside) {
  EXPECT_TRUE(is_shadowable("a.txt"));
  EXPECT_TRUE(is_shadowable("d/e/a.txt"));
  EXPECT_TRUE(is_shadowable("./a.txt"));
  EXPECT_TRUE(is_shadowable("a..b/c"));
  EXPECT_FALSE(is_shadowable("/abs/a.txt"));
  EXPECT_FALSE(is_shadowable("../up.txt"));
  EXPECT_FALSE(is_shadowable("d/../../up.txt"));
  EXPECT_FALSE(is_shadowable(".."));
  EXPECT_FALSE(is_shadowable(""));
}

TEST(ShadowTest, MinimalLinksInputsAndMakesOutputParents) {
  auto layout = minimal_layout(
      files({"data/a.txt", "b.txt", "/abs/c.txt", "../up.txt"}, {"out/x/y.txt", "logs/y.log"}),
      "/w");
  EXPECT_EQ(layout.dirs, (std::vector<std::string>{"data", "logs", "out", "out/x"}));
  EXPECT_EQ(layout.links,
            (std::vector<ShadowLink>{{"b.txt", "/w/b.txt"}, {"data/a.txt", "/w/data/a.txt"}}));
}

TEST(ShadowTest, MinimalReachesFilesInsideALinkedInputDirectoryThroughIt) {
  auto layout =
      minimal_layout(files({"ref", "ref/genome.fa", "./x.txt", "x.txt"}, {"ref2/o"}), "/w");
  EXPECT_EQ(layout.dirs, (std::vector<std::string>{"ref2"}));
  EXPECT_EQ(layout.links, (std::vector<ShadowLink>{{"ref", "/w/ref"}, {"x.txt", "/w/x.txt"}}));
}

TEST(ShadowTest, ShallowLinksTopLevelEntriesButNotTheStateDirectory) {
  test::FakeFilesystem fs;
  fs.create("a.txt");
  fs.create("data/b.txt");
  fs.create(".flow/state.log");
  fs.create_dir("empty");
  auto layout =
      shadow_layout(fs, ShadowMode::shallow, files({"data/b.txt"}, {"out/c.txt"}), "/w", ".flow");
  ASSERT_TRUE(layout.ok());
  EXPECT_EQ(layout->dirs, (std::vector<std::string>{"out"}));
  EXPECT_EQ(layout->links, (std::vector<ShadowLink>{
                               {"a.txt", "/w/a.txt"}, {"data", "/w/data"}, {"empty", "/w/empty"}}));
}

TEST(ShadowTest, FullMakesEveryDirectoryAndLinksEveryFile) {
  test::FakeFilesystem fs;
  fs.create("a.txt");
  fs.create("data/sub/b.txt");
  fs.create(".flow/state.log");
  ASSERT_TRUE(fs.make_symlink("/elsewhere", "linked").ok());
  auto layout =
      shadow_layout(fs, ShadowMode::full, files({"a.txt"}, {"data/c.txt"}), "/w", ".flow");
  ASSERT_TRUE(layout.ok());
  EXPECT_EQ(layout->dirs, (std::vector<std::string>{"data", "data/sub"}));
  EXPECT_EQ(layout->links, (std::vector<ShadowLink>{{"a.txt", "/w/a.txt"},
                                                    {"data/sub/b.txt", "/w/data/sub/b.txt"},
                                                    {"linked", "/w/linked"}}));
}

TEST(ShadowTest, AListingThatFailsIsAnError) {
  test::FakeFilesystem fs;
  fs.create("d/a.txt");
  fs.fail_list("d");
  EXPECT_FALSE(shadow_layout(fs, ShadowMode::full, files({}, {}), "/w", ".flow").ok());
}

TEST(ShadowTest, OnlyPathsThatGoThroughNoLinkMoveBack) {
  ShadowLayout layout;
  layout.links = {{"data", "/w/data"}, {"in.txt", "/w/in.txt"}};
  std::vector<std::string> paths = {"out.txt", "data/made.txt", "data2/x",
                                    "/abs/o",  "../o",          "logs/j.log"};
  EXPECT_EQ(paths_to_move_back(layout, paths),
            (std::vector<std::string>{"out.txt", "data2/x", "logs/j.log"}));
}

TEST(ShadowTest, MakeMoveBackAndRemove) {
  test::FakeFilesystem fs;
  fs.create("in/a.txt", "A");
  fs.create(".flow/shadow/s/old-leftover", "x");
  const std::string dir = ".flow/shadow/s";
  auto layout = minimal_layout(files({"in/a.txt"}, {"out/b.txt", "out/dir", "out/none"}), "/w");
  ASSERT_TRUE(make_shadow(fs, dir, layout).ok());
  EXPECT_FALSE(fs.exists(dir + "/old-leftover"));
  EXPECT_EQ(fs.links(), (std::map<std::string, std::string>{{dir + "/in/a.txt", "/w/in/a.txt"}}));
  EXPECT_TRUE(fs.exists(dir + "/out"));

  // The job writes a declared file, a declared directory and scratch junk.
  fs.create(dir + "/out/b.txt", "B");
  fs.create_dir(dir + "/out/dir");
  fs.create(dir + "/out/dir/1.txt", "1");
  fs.create(dir + "/junk.txt", "junk");
  std::vector<std::string> outputs = {"out/b.txt", "out/dir", "out/none"};
  ASSERT_TRUE(move_back(fs, dir, paths_to_move_back(layout, outputs)).ok());
  EXPECT_EQ(fs.contents("out/b.txt"), "B");
  EXPECT_EQ(fs.contents("out/dir/1.txt"), "1");
  EXPECT_FALSE(fs.exists("out/none"));
  ASSERT_TRUE(remove_shadow(fs, dir).ok());
  EXPECT_FALSE(fs.exists(dir + "/junk.txt"));
  EXPECT_FALSE(fs.exists(dir));
  EXPECT_FALSE(fs.exists("junk.txt"));
  EXPECT_EQ(fs.contents("in/a.txt"), "A");  // the link went, not what it pointed to
}

TEST(ShadowTest, ShadowFilesAreTheJobsInputsOutputsAndLogs) {
  test::FakeFilesystem fs;
  fs.create("a.txt");
  auto set = test::rules_of(R"(
rules:
  make:
    input: a.txt
    output: [b.txt, {path: d, directory: true}]
    log: b.log
    benchmark: b.bench
    shadow: minimal
    shell: "touch {output}"
)");
  auto dag = dag::build_dag(set, {}, fs);
  ASSERT_TRUE(dag.ok()) << format_error(dag.error(), nullptr);
  EXPECT_EQ(dag->rule_of(JobId(0)).shadow, ShadowMode::minimal);
  ShadowFiles made = shadow_files(*dag, JobId(0));
  EXPECT_EQ(made.inputs, (std::vector<std::string>{"a.txt"}));
  EXPECT_EQ(made.outputs, (std::vector<std::string>{"b.txt", "d", "b.log"}));
}

}  // namespace
}  // namespace flow::run
