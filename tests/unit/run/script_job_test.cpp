#include "flow/run/script_job.h"

#include <gtest/gtest.h>

namespace flow::run {
namespace {

ScriptJob odd_job() {
  ScriptJob job;
  job.rule = "plot";
  job.jobid = 3;
  job.attempt = 2;
  job.threads = 4;
  job.input = {{"reads", "in 1.txt"}, {"pair", "a.txt"}, {"pair", "b.txt"}, {"", "it's.txt"}};
  job.output = {{"", "out/é.txt"}};
  job.log = {{"", "l.log"}};
  job.params = {{"x", "a \"q\"\nb é"}};
  job.wildcards = {{"sample", "A 1"}};
  job.resources = {{"mem_mb", {true, 200, "200"}}, {"walltime", {false, 0, "00:10:00"}}};
  job.config_json = "{\"k\": 3}";
  job.config_r = "list(\"k\" = 3)";
  return job;
}

TEST(ScriptJobTest, JsonHasListsNamedItemsAndOddValues) {
  EXPECT_EQ(script_job_json(odd_job()),
            "{\"rule\": \"plot\", \"jobid\": 3, \"attempt\": 2, \"threads\": 4,\n"
            " \"input\": {\"list\": [\"in 1.txt\", \"a.txt\", \"b.txt\", \"it's.txt\"], "
            "\"named\": {\"reads\": \"in 1.txt\", \"pair\": [\"a.txt\", \"b.txt\"]}},\n"
            " \"output\": {\"list\": [\"out/é.txt\"], \"named\": {}},\n"
            " \"log\": {\"list\": [\"l.log\"], \"named\": {}},\n"
            " \"params\": {\"x\": \"a \\\"q\\\"\\nb é\"},\n"
            " \"wildcards\": {\"sample\": \"A 1\"},\n"
            " \"resources\": {\"mem_mb\": 200, \"walltime\": \"00:10:00\"},\n"
            " \"config\": {\"k\": 3}}\n");
}

TEST(ScriptJobTest, RPreambleBuildsTheS4ObjectAndSourcesTheScript) {
  std::string text = r_preamble(odd_job(), "scripts/a b.R");
  EXPECT_NE(text.find("setClass(\"Snakemake\""), std::string::npos);
  EXPECT_NE(text.find("input = list(\"in 1.txt\", \"a.txt\", \"b.txt\", \"it's.txt\", "
                      "\"reads\" = \"in 1.txt\", \"pair\" = c(\"a.txt\", \"b.txt\"))"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("output = list(\"out/\\U{e9}.txt\")"), std::string::npos) << text;
  EXPECT_NE(text.find("params = list(\"x\" = \"a \\\"q\\\"\\nb \\U{e9}\")"), std::string::npos);
  EXPECT_NE(text.find("resources = list(\"mem_mb\" = 200, \"walltime\" = \"00:10:00\")"),
            std::string::npos);
  EXPECT_NE(text.find("threads = 4"), std::string::npos);
  EXPECT_NE(text.find("config = list(\"k\" = 3)"), std::string::npos);
  EXPECT_NE(text.find("path <- \"scripts/a b.R\""), std::string::npos);
}

TEST(ScriptJobTest, BashPreambleDeclaresSnakemakeArrays) {
  EXPECT_EQ(bash_preamble(odd_job()),
            "unset BASH_ENV\n"
            "declare -A snakemake_input=( [0]='in 1.txt' [1]='a.txt' [2]='b.txt' "
            "[3]='it'\\''s.txt' [reads]='in 1.txt' [pair]='a.txt b.txt' )\n"
            "declare -A snakemake_output=( [0]='out/é.txt' )\n"
            "declare -A snakemake_log=( [0]='l.log' )\n"
            "declare -A snakemake_params=( ['x']='a \"q\"\nb é' )\n"
            "declare -A snakemake_wildcards=( ['sample']='A 1' )\n"
            "declare -A snakemake_resources=( ['mem_mb']='200' ['walltime']='00:10:00' )\n"
            "declare -A snakemake=( ['threads']='4' ['rule']='plot' ['jobid']='3' "
            "['attempt']='2' )\n");
}

TEST(ScriptJobTest, PythonBootRunsTheScriptUnderItsOwnName) {
  std::string_view boot = python_boot_code();
  EXPECT_NE(boot.find("compile(f.read(), _path, \"exec\")"), std::string_view::npos);
  EXPECT_NE(boot.find("os.environ[\"FLOW_JOB\"]"), std::string_view::npos);
}

}  // namespace
}  // namespace flow::run
