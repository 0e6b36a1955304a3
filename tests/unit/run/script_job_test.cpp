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

TEST(ScriptJobTest, ARunJobsJsonCarriesTheHelpersAndTheBlockWithTheirLines) {
  ScriptJob job;
  job.rule = "a";
  job.run =
      rules::RunBlock{std::make_shared<const std::vector<rules::PythonSource>>(
                          std::vector<rules::PythonSource>{{"lib.yaml", 2, "def f(): pass\n"}}),
                      {"flow.yaml", 9, "f()\nshell(\"echo {input}\")\n"}};
  std::string json = script_job_json(job);
  EXPECT_NE(json.find(",\n \"python\": [{\"file\": \"lib.yaml\", \"line\": 2, \"text\": "
                      "\"def f(): pass\\n\"}],\n \"run\": {\"file\": \"flow.yaml\", \"line\": 9, "
                      "\"text\": \"f()\\nshell(\\\"echo {input}\\\")\\n\"}}\n"),
            std::string::npos)
      << json;
  // A script job's has neither.
  EXPECT_EQ(script_job_json(odd_job()).find("\"run\""), std::string::npos);
}

TEST(ScriptJobTest, PythonRunBootCompilesUnderTheWorkflowFilesNameAndOffersShell) {
  std::string_view boot = python_run_boot_code();
  // The same snakemake object as a script's.
  EXPECT_NE(boot.find("os.environ[\"FLOW_JOB\"]"), std::string_view::npos);
  EXPECT_NE(boot.find("class Namedlist(list)"), std::string_view::npos);
  // Helpers, then the block as the body of a function of Snakemake's names.
  EXPECT_NE(boot.find("for _helper in _j[\"python\"]:"), std::string_view::npos);
  EXPECT_NE(boot.find("compile(_source(_helper), _helper[\"file\"], \"exec\")"),
            std::string_view::npos);
  EXPECT_NE(boot.find("\"input\": snakemake.input, \"output\": snakemake.output"),
            std::string_view::npos);
  // Lines padded to the file's, and the text in linecache for the traceback.
  EXPECT_NE(boot.find("return \"\\n\" * (first - 1) + text"), std::string_view::npos);
  EXPECT_NE(boot.find("linecache.cache[name]"), std::string_view::npos);
  // shell(): bash in strict mode, a failure raises.
  EXPECT_NE(boot.find("[\"bash\", \"-c\", \"set -euo pipefail; \" + text]"),
            std::string_view::npos);
  EXPECT_NE(boot.find("raise subprocess.CalledProcessError"), std::string_view::npos);
  EXPECT_NE(boot.find("\"config\": snakemake.config, \"shell\": shell"), std::string_view::npos);
  // Not the script's tail.
  EXPECT_EQ(boot.find("sys.argv[1]"), std::string_view::npos);
}

}  // namespace
}  // namespace flow::run
