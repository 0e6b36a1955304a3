// The top-level `configfile:` (spec §8): its place in the merge order and its errors.

#include <gtest/gtest.h>

#include "flowfile_fixture.h"

namespace flow::flowfile {
namespace {

using ConfigfileTest = FlowfileTest;

std::string config_text(const Flowfile& flowfile, const std::string& key) {
  const Node* node = find_path(flowfile.config, key);
  return node ? node->scalar : "(missing)";
}

TEST_F(ConfigfileTest, MergesOverConfigAndUnderTheCommandLine) {
  m_fs.create("config/config.yaml", "b: file\nc: file\nd: file\nn: {x: file}\n");
  m_fs.create("config/more.yaml", "c: more\n");
  m_fs.create("cli.yaml", "d: cli\n");
  ConfigOverrides overrides{{"cli.yaml"}, {"e=assignment"}};
  Flowfile flowfile = load_ok(R"(
configfile: [config/config.yaml, config/more.yaml]
config: {a: main, b: main, e: main, n: {y: main}}
)",
                              overrides);
  EXPECT_EQ(config_text(flowfile, "a"), "main");
  EXPECT_EQ(config_text(flowfile, "b"), "file");
  EXPECT_EQ(config_text(flowfile, "c"), "more");
  EXPECT_EQ(config_text(flowfile, "d"), "cli");
  EXPECT_EQ(config_text(flowfile, "e"), "assignment");
  EXPECT_EQ(config_text(flowfile, "n.x"), "file");
  EXPECT_EQ(config_text(flowfile, "n.y"), "main");
}

TEST_F(ConfigfileTest, ReportsAMissingFileAtItsEntryUnlessConfigfileIsGiven) {
  EXPECT_EQ(load_error("configfile: config/none.yaml\n").substr(0, 80),
            std::string("flow: error: flow.yaml:1:13: cannot read configfile 'config/none.yaml'\n"
                        "    configfile: config/none.yaml\n")
                .substr(0, 80));
  m_fs.create("cli.yaml", "a: cli\n");
  Flowfile flowfile = load_ok("configfile: config/none.yaml\n", ConfigOverrides{{"cli.yaml"}, {}});
  EXPECT_EQ(config_text(flowfile, "a"), "cli");
}

TEST_F(ConfigfileTest, ReportsYamlErrorsInTheFileItself) {
  m_fs.create("c.yaml", "a: [1, 2\n");
  EXPECT_NE(load_error("configfile: c.yaml\n").find("flow: error: c.yaml:"), std::string::npos);
  m_fs.create("list.yaml", "- a\n");
  EXPECT_NE(load_error("configfile: list.yaml\n")
                .find("configfile 'list.yaml' must hold a mapping, not a list"),
            std::string::npos);
  EXPECT_NE(load_error("configfile: {a: b}\n")
                .find("'configfile' must be a file name or a list of them, not a mapping"),
            std::string::npos);
}

}  // namespace
}  // namespace flow::flowfile
