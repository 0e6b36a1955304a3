#include <gtest/gtest.h>

#include <climits>

#include "cli/argument_rewrites.h"
#include "cli/options.h"
#include "cli/snakemake_flags.h"
#include "flow/base/strings.h"
#include "flowfile/snakemake_keys.h"

namespace flow::cli {
namespace {

Options parsed(const std::vector<std::string>& args) {
  auto options = parse_options(args);
  EXPECT_TRUE(options.ok()) << (options ? "" : options.error().message);
  return options ? *options : Options{};
}

std::string usage_error(const std::vector<std::string>& args) {
  auto options = parse_options(args);
  EXPECT_FALSE(options.ok());
  if (options) return "";
  EXPECT_EQ(options.error().kind, ErrorKind::usage);
  std::string text = options.error().message;
  for (const auto& note : options.error().notes)
    text += "\n" + note;
  return text;
}

TEST(ArgumentRewritesTest, OptionalValuesAreFilledInAndQuietWordsKept) {
  using Args = std::vector<std::string>;
  EXPECT_EQ(rewrite_optional_values({"-c", "target"}), (Args{"-c", "all", "target"}));
  EXPECT_EQ(rewrite_optional_values({"-c", "4"}), (Args{"-c", "4"}));
  EXPECT_EQ(rewrite_optional_values({"-j"}), (Args{"-j", "all"}));
  EXPECT_EQ(rewrite_optional_values({"-j", "unlimited"}), (Args{"-j", "unlimited"}));
  EXPECT_EQ(rewrite_optional_values({"-c", "unlimited"}), (Args{"-c", "all", "unlimited"}));
  EXPECT_EQ(rewrite_optional_values({"-q", "target"}), (Args{"--quiet=all", "target"}));
  EXPECT_EQ(rewrite_optional_values({"--quiet", "progress", "rules", "x"}),
            (Args{"--quiet=progress", "--quiet=rules", "x"}));
  EXPECT_EQ(rewrite_optional_values({"--", "-q"}), (Args{"--", "-q"}));
}

TEST(OptionsTest, JobsAreCoresWithoutAClusterExecutor) {
  EXPECT_EQ(parsed({"-j", "3"}).cores, 3);
  EXPECT_EQ(parsed({"-j", "3", "-c", "2"}).cores, 2);  // -c wins
  EXPECT_EQ(parsed({"-c", "2", "-j", "3"}).cores, 2);
  EXPECT_EQ(parsed({"-j", "unlimited"}).cores, INT_MAX);
  Options cluster = parsed({"-j", "7", "--executor", "slurm"});
  EXPECT_EQ(cluster.cores, 1);
  EXPECT_EQ(cluster.jobs, 7u);
  EXPECT_EQ(parsed({"-j", "unlimited", "--executor", "pbs"}).jobs, SIZE_MAX);
  EXPECT_EQ(usage_error({"-j", "0"}),
            "--jobs must be a positive number, 'all' or 'unlimited', not '0'");
}

TEST(OptionsTest, QuietSaysWhatToLeaveOut) {
  Options all = parsed({"-q"});
  EXPECT_TRUE(all.quiet && all.quiet_progress && all.quiet_rules);
  Options progress = parsed({"--quiet", "progress", "target"});
  EXPECT_TRUE(progress.quiet_progress);
  EXPECT_FALSE(progress.quiet || progress.quiet_rules);
  EXPECT_EQ(progress.targets, std::vector<std::string>{"target"});
  Options both = parsed({"--quiet", "progress", "rules"});
  EXPECT_TRUE(both.quiet_progress && both.quiet_rules);
  EXPECT_FALSE(both.quiet);
  EXPECT_EQ(usage_error({"--quiet=host"}), "--quiet takes progress, rules or all, not 'host'");
}

TEST(OptionsTest, EstimateTakesTargetsAndJson) {
  Options estimate = parsed({"--estimate", "out/1.txt", "--json", "-c", "4"});
  EXPECT_EQ(estimate.command, Command::estimate);
  EXPECT_TRUE(estimate.json);
  EXPECT_EQ(estimate.targets, std::vector<std::string>{"out/1.txt"});
  EXPECT_EQ(estimate.cores, 4);
  EXPECT_FALSE(parsed({"--estimate"}).json);
}

TEST(OptionsTest, SnakemakeSpellingsPickTheSameCommands) {
  EXPECT_EQ(parsed({"--dryrun"}).command, Command::dry_run);
  EXPECT_EQ(parsed({"-n", "-r"}).command, Command::dry_run);
  EXPECT_EQ(parsed({"--list-rules"}).command, Command::list);
  EXPECT_EQ(parsed({"-S"}).command, Command::summary);
  EXPECT_EQ(parsed({"--lint"}).command, Command::lint);
  EXPECT_EQ(parsed({"--ri"}).command, Command::run);
  EXPECT_EQ(parsed({"--delete-temp-output"}).command, Command::delete_temp_output);
  Options listing = parsed({"--delete-all-output", "-n"});
  EXPECT_EQ(listing.command, Command::delete_all_output);
  EXPECT_TRUE(listing.dry_run);
  Options cleanup = parsed({"--cleanup-metadata", "a.txt", "b.txt"});
  EXPECT_EQ(cleanup.command, Command::cleanup_metadata);
  EXPECT_EQ(cleanup.metadata_files, (std::vector<std::string>{"a.txt", "b.txt"}));
  EXPECT_EQ(parsed({"--completion", "fish"}).command, Command::completion);
  EXPECT_TRUE(parsed({"--nolock"}).no_lock);
  EXPECT_TRUE(parsed({"--show-failed-logs"}).show_failed_logs);
  EXPECT_EQ(parsed({"--restart-times", "2"}).retries, 2);
  EXPECT_EQ(parsed({"-C", "a=1"}).config, std::vector<std::string>{"a=1"});
}

TEST(OptionsTest, SnakemakeOptionsFlowLacksSayWhatToUse) {
  EXPECT_EQ(usage_error({"--use-conda"}),
            "--use-conda: flow does not create or activate conda environments\n"
            "activate the environment before running flow (conda activate ENV && flow ...), or "
            "load tools with a rule's `envmodules:` in cluster jobs");
  EXPECT_EQ(usage_error({"--cluster=qsub"}),
            "--cluster: flow submits cluster jobs itself\n"
            "use --executor pbs, slurm or sge (docs/cluster.md)");
  EXPECT_EQ(usage_error({"--dry-rn"}), "unknown option '--dry-rn'\ndid you mean '--dry-run'?");
}

// A row for an option flow has would hide it: delete rows as flow gains the options.
TEST(OptionsTest, NoSnakemakeRowNamesAnOptionFlowHas) {
  std::vector<std::string> names;
  for (const auto& option : describe_options())
    names.insert(names.end(), option.names.begin(), option.names.end());
  for (const auto& flag : snakemake_flags()) {
    for (const auto& spelling : split(flag.names, ' ')) {
      EXPECT_EQ(std::find(names.begin(), names.end(), spelling), names.end())
          << spelling << " is an option of flow: delete its row in snakemake_flags.cpp";
      EXPECT_NE(find_snakemake_flag(spelling), nullptr);
    }
  }
}

TEST(OptionsTest, SnakemakeRuleKeysHaveHints) {
  auto notebook = flowfile::snakemake_rule_key("notebook");
  ASSERT_TRUE(notebook.has_value());
  EXPECT_EQ(notebook->problem, "flow does not run notebooks");
  // Keys flow has gained are read by the rule reader and have no row.
  EXPECT_FALSE(flowfile::snakemake_rule_key("run").has_value());
  EXPECT_FALSE(flowfile::snakemake_rule_key("shell").has_value());
  EXPECT_TRUE(flowfile::snakemake_top_level_key("workdir").has_value());
  EXPECT_FALSE(flowfile::snakemake_top_level_key("rules").has_value());
}

TEST(OptionsTest, RerunTriggersComeFromTheOneTable) {
  EXPECT_EQ(parsed({}).rerun_triggers, plan::k_all_triggers);
  EXPECT_EQ(parsed({"--rerun-triggers", "mtime", "code"}).rerun_triggers,
            plan::k_trigger_mtime | plan::k_trigger_code);
  EXPECT_EQ(usage_error({"--rerun-triggers", "software-env"}),
            "--rerun-triggers takes mtime, params, input, code; not 'software-env'");
}

TEST(OptionsTest, ClusterArgsAreOneValue) {
  EXPECT_EQ(parsed({"--cluster-args=-W group_list=lab --comment=x"}).cluster_args,
            "-W group_list=lab --comment=x");
  EXPECT_EQ(parsed({"--cluster-args", "x=y"}).cluster_args, "x=y");
}

}  // namespace
}  // namespace flow::cli
