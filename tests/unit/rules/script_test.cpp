#include "flow/rules/script.h"

#include <gtest/gtest.h>

#include "flow/flowfile/node.h"

namespace flow::rules {
namespace {

TEST(ScriptInterpreterTest, ExtensionDecides) {
  EXPECT_EQ(choose_interpreter("scripts/plot.py", ""), Interpreter::python);
  EXPECT_EQ(choose_interpreter("a.R", ""), Interpreter::r);
  EXPECT_EQ(choose_interpreter("a.r", ""), Interpreter::r);
  EXPECT_EQ(choose_interpreter("dir.x/a.sh", ""), Interpreter::bash);
  EXPECT_EQ(choose_interpreter("a.jl", ""), Interpreter::julia);
  // The extension wins over a shebang that says otherwise.
  EXPECT_EQ(choose_interpreter("a.py", "#!/bin/bash\n"), Interpreter::python);
}

TEST(ScriptInterpreterTest, ShebangDecidesWithoutAKnownExtension) {
  EXPECT_EQ(choose_interpreter("tool", "#!/usr/bin/env python3\nprint(1)\n"), Interpreter::python);
  EXPECT_EQ(choose_interpreter("tool.txt", "#!/usr/bin/python3.11"), Interpreter::python);
  EXPECT_EQ(choose_interpreter("tool", "#!/usr/bin/env -S Rscript --vanilla\n"), Interpreter::r);
  EXPECT_EQ(choose_interpreter("tool", "#! /bin/sh\n"), Interpreter::bash);
  EXPECT_EQ(choose_interpreter("tool", "#!/usr/local/bin/julia\n"), Interpreter::julia);
}

TEST(ScriptInterpreterTest, NeitherSaysGivesNothing) {
  EXPECT_FALSE(choose_interpreter("tool.txt", "echo hi\n"));
  EXPECT_FALSE(choose_interpreter("tool", "#!/usr/bin/env perl\n"));
  EXPECT_FALSE(choose_interpreter("tool", "#!/usr/bin/pythonista\n"));
  EXPECT_FALSE(choose_interpreter(".py", ""));  // a hidden file's name, no extension
  EXPECT_FALSE(choose_interpreter("tool", "#!/usr/bin/env\n"));
}

flowfile::Node scalar(std::string text, bool quoted = false) {
  flowfile::Node node;
  node.kind = flowfile::Node::Kind::scalar;
  node.scalar = std::move(text);
  node.quoted = quoted;
  return node;
}

TEST(ScriptConfigTest, RendersJsonAndR) {
  flowfile::Node list;
  list.kind = flowfile::Node::Kind::sequence;
  list.items = {scalar("1.5"), scalar("true"), scalar("7", true)};
  flowfile::Node config;
  config.kind = flowfile::Node::Kind::mapping;
  config.entries = {
      {"n", scalar("3")}, {"name", scalar("é \"q\"\n")}, {"xs", list}, {"none", flowfile::Node{}}};
  ScriptConfig out = render_script_config(config);
  EXPECT_EQ(out.json,
            "{\"n\": 3, \"name\": \"é \\\"q\\\"\\n\", \"xs\": [1.5, true, \"7\"], "
            "\"none\": null}");
  EXPECT_EQ(out.r,
            "list(\"n\" = 3, \"name\" = \"\\U{e9} \\\"q\\\"\\n\", "
            "\"xs\" = list(1.5, TRUE, \"7\"), \"none\" = NULL)");
}

TEST(ScriptConfigTest, WordsThatLookLikeNumbersStayStrings) {
  flowfile::Node config;
  config.kind = flowfile::Node::Kind::mapping;
  config.entries = {{"a", scalar("inf")}, {"b", scalar("1e5x")}, {"c", scalar("-")}};
  EXPECT_EQ(render_script_config(config).json, "{\"a\": \"inf\", \"b\": \"1e5x\", \"c\": \"-\"}");
}

TEST(RunBlockCodeTest, IsTheHelpersThenTheBlockEachEndedByANewline) {
  auto helpers = std::make_shared<const std::vector<PythonSource>>(
      std::vector<PythonSource>{{"lib.yaml", 2, "def a(): pass"}, {"flow.yaml", 3, "import os\n"}});
  RunBlock run{helpers, {"flow.yaml", 9, "a()"}};
  EXPECT_EQ(run_block_code(run), "def a(): pass\nimport os\na()\n");
  // Where the code is does not count: moving it does not rerun its jobs.
  RunBlock moved{helpers, {"flow.yaml", 12, "a()"}};
  EXPECT_EQ(run_block_code(moved), run_block_code(run));
  EXPECT_EQ(run_block_code(RunBlock{nullptr, {"flow.yaml", 1, "x = 1\n"}}), "x = 1\n");
}

}  // namespace
}  // namespace flow::rules
