// `run:` blocks and the top-level `python:` (spec §8): their text as written, the line their
// text starts on, and the errors that pin their wording.

#include <gtest/gtest.h>

#include "flowfile_fixture.h"

namespace flow::flowfile {
namespace {

using PythonTextTest = FlowfileTest;

TEST_F(PythonTextTest, ARunBlockKeepsItsTextAndStartsOnTheLineAfterItsIndicator) {
  Flowfile flowfile = load_ok(
      "config: {x: 1}\n"
      "rules:\n"
      "  a:\n"
      "    output: a.txt\n"
      "    run: |\n"
      "      d = {\"k\": 1}\n"
      "      shell(\"echo {config.x} {output}\")\n");
  const RuleDef& a = rule(flowfile, "a");
  ASSERT_TRUE(a.run.has_value());
  // Braces are Python's: nothing is substituted.
  EXPECT_EQ(a.run->text, "d = {\"k\": 1}\nshell(\"echo {config.x} {output}\")\n");
  EXPECT_EQ(a.run->first_line, 6);
  EXPECT_EQ(a.run->location.line, 5);
  EXPECT_EQ(a.run->location.file, "flow.yaml");
}

TEST_F(PythonTextTest, AOneLineRunStartsOnItsOwnLine) {
  Flowfile flowfile = load_ok("rules:\n  a:\n    output: a.txt\n    run: print(1)\n");
  EXPECT_EQ(rule(flowfile, "a").run->first_line, 4);
  EXPECT_EQ(rule(flowfile, "a").run->text, "print(1)");
}

TEST_F(PythonTextTest, AKeptOrStrippedBlockStillStartsOnTheNextLine) {
  Flowfile flowfile = load_ok("rules:\n  a:\n    output: a.txt\n    run: |-\n\n      x = 1\n");
  EXPECT_EQ(rule(flowfile, "a").run->text, "\nx = 1");
  EXPECT_EQ(rule(flowfile, "a").run->first_line, 5);
}

TEST_F(PythonTextTest, RefusesAFoldedRunBlock) {
  EXPECT_EQ(load_error("rules:\n  a:\n    run: >\n      x = 1\n      y = 2\n"),
            "flow: error: flow.yaml:3:10: rule 'a': 'run' is a folded block ('>'), which joins "
            "its lines\n"
            "        run: >\n"
            "             ^\n"
            "  write 'run: |' to keep the lines of the Python code\n");
}

TEST_F(PythonTextTest, RefusesARunThatIsNoText) {
  EXPECT_EQ(load_error("rules:\n  a:\n    run: [x, y]\n"),
            "flow: error: flow.yaml:3:10: rule 'a': 'run' must be Python code, not a list\n"
            "        run: [x, y]\n"
            "             ^\n"
            "  write the code as a block: 'run: |' and the lines indented below it\n");
}

TEST_F(PythonTextTest, RefusesRunWithAnotherStep) {
  EXPECT_EQ(load_error("rules:\n  a:\n    shell: cat x\n    run: print(1)\n"),
            "flow: error: flow.yaml:4:5: rule 'a': 'shell' and 'run' cannot both be given\n"
            "        run: print(1)\n"
            "        ^\n"
            "  a rule runs one step: a shell command, a built-in step, a script or a run: block\n");
  m_fs.create("s.py");
  EXPECT_EQ(load_error("rules:\n  a:\n    script: s.py\n    run: print(1)\n"),
            "flow: error: flow.yaml:4:5: rule 'a': 'script' and 'run' cannot both be given\n"
            "        run: print(1)\n"
            "        ^\n"
            "  a rule runs one step: a shell command, a built-in step, a script or a run: block\n");
}

TEST_F(PythonTextTest, HelpersOfIncludedFilesComeFirst) {
  m_fs.create("lib/common.yaml", "python: |\n  def common(): pass\n");
  Flowfile flowfile = load_ok(
      "include: lib/common.yaml\n"
      "python: |\n"
      "  import os\n"
      "  def mine(): pass\n"
      "rules:\n"
      "  a: {output: a.txt, run: mine()}\n");
  ASSERT_EQ(flowfile.python.size(), 2u);
  EXPECT_EQ(flowfile.python[0].text, "def common(): pass\n");
  EXPECT_EQ(flowfile.python[0].location.file, "lib/common.yaml");
  EXPECT_EQ(flowfile.python[0].first_line, 2);
  EXPECT_EQ(flowfile.python[1].text, "import os\ndef mine(): pass\n");
  EXPECT_EQ(flowfile.python[1].location.file, "flow.yaml");
  EXPECT_EQ(flowfile.python[1].first_line, 3);
}

TEST_F(PythonTextTest, RefusesPythonThatIsNoText) {
  EXPECT_EQ(load_error("python: {a: 1}\nrules:\n  a: {output: a.txt}\n"),
            "flow: error: flow.yaml:1:9: 'python' must be Python code, not a mapping\n"
            "    python: {a: 1}\n"
            "            ^\n"
            "  write the code as a block: 'python: |' and the lines indented below it\n");
}

}  // namespace
}  // namespace flow::flowfile
