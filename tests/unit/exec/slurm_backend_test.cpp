#include <gtest/gtest.h>

#include "exec/cluster_backend.h"
#include "exec/cluster_job.h"
#include "fixture.h"

namespace flow::exec {
namespace {

using testing::fixture;

JobSpec job(std::map<std::string, ResourceValue> resources, int threads = 1) {
  JobSpec spec;
  spec.id = 3;
  spec.rule = "count";
  spec.display_name = "count book=84";
  spec.workdir = "/w";
  spec.identity = "abc";
  spec.threads = threads;
  spec.resources = std::move(resources);
  return spec;
}

ResourceValue number(std::int64_t value) {
  return ResourceValue{true, value, std::to_string(value)};
}
ResourceValue text(std::string value) {
  return ResourceValue{false, 0, std::move(value)};
}

class SlurmBackendTest : public ::testing::Test {
 protected:
  Result<Submission> prepare(const JobSpec& spec,
                             const std::string& state_dir = "/w/.flow/cluster") {
    return make_slurm_backend(m_options)->prepare(spec, job_files(state_dir, spec), "");
  }
  static ClusterOptions slurm_options() {
    ClusterOptions options;
    options.scheduler = SchedulerKind::slurm;
    return options;
  }
  ClusterOptions m_options = slurm_options();
};

TEST_F(SlurmBackendTest, SubmitsWithSbatchParsable) {
  m_options.queue = "short";
  m_options.account = "lab42";
  m_options.extra_submit_args = {"--qos=low"};
  auto submission = prepare(job({{"mem_mb", number(200)}, {"walltime", text("00:10:00")}}, 2));
  ASSERT_TRUE(submission.ok()) << submission.error().message;
  EXPECT_EQ(
      submission->argv,
      (std::vector<std::string>{
          "sbatch", "--parsable", "-J", "count_book_84", "-o", "/w/.flow/cluster/count.abc/stdout",
          "-e", "/w/.flow/cluster/count.abc/stderr", "--cpus-per-task=2", "--mem=200", "-t", "10",
          "-p", "short", "-A", "lab42", "--qos=low", "/w/.flow/cluster/count.abc/job.sh"}));
  EXPECT_EQ(
      submission->directives,
      (std::vector<std::string>{
          "#SBATCH --job-name=count_book_84", "#SBATCH --output=/w/.flow/cluster/count.abc/stdout",
          "#SBATCH --error=/w/.flow/cluster/count.abc/stderr", "#SBATCH --cpus-per-task=2",
          "#SBATCH --mem=200", "#SBATCH --time=10", "#SBATCH --partition=short",
          "#SBATCH --account=lab42"}));
}

TEST_F(SlurmBackendTest, LeavesOutWhatTheJobDoesNotAskFor) {
  auto submission = prepare(job({}));
  ASSERT_TRUE(submission.ok());
  EXPECT_EQ(submission->argv,
            (std::vector<std::string>{"sbatch", "--parsable", "-J", "count_book_84", "-o",
                                      "/w/.flow/cluster/count.abc/stdout", "-e",
                                      "/w/.flow/cluster/count.abc/stderr", "--cpus-per-task=1",
                                      "/w/.flow/cluster/count.abc/job.sh"}));
}

TEST_F(SlurmBackendTest, RoundsTheWalltimeUpToWholeMinutes) {
  auto submission = prepare(job({{"walltime", text("01:30")}}));
  ASSERT_TRUE(submission.ok());
  EXPECT_EQ(submission->argv[9], "-t");
  EXPECT_EQ(submission->argv[10], "2");
  auto seconds = prepare(job({{"walltime", text("00:00:05")}}));
  ASSERT_TRUE(seconds.ok());
  EXPECT_EQ(seconds->argv[10], "1");
}

TEST_F(SlurmBackendTest, KeepsPathsWithSpacesOffDirectiveLines) {
  auto submission = prepare(job({}), "/my data/.flow/cluster");
  ASSERT_TRUE(submission.ok());
  EXPECT_EQ(submission->argv[5], "/my data/.flow/cluster/count.abc/stdout");
  EXPECT_EQ(submission->directives, (std::vector<std::string>{"#SBATCH --job-name=count_book_84",
                                                              "#SBATCH --cpus-per-task=1"}));
}

TEST_F(SlurmBackendTest, RejectsAMemoryValueWithSpaces) {
  auto submission = prepare(job({{"mem_mb", text("2 GB")}}));
  ASSERT_FALSE(submission.ok());
  EXPECT_EQ(submission.error().message,
            "rule 'count': resource mem_mb '2 GB' cannot go into a scheduler request (letters, "
            "digits and _ . : + = @ % / - only)");
}

// Issue 12 item 6: the rule of its text, submitted as Snakemake's slurm executor would.
TEST_F(SlurmBackendTest, MapsSnakemakesStandardResourceNames) {
  m_options.queue = "default";
  auto submission = prepare(job({{"runtime", number(30)},
                                 {"mem_mb_per_cpu", number(3600)},
                                 {"tasks", number(4)},
                                 {"slurm_partition", text("short")},
                                 {"slurm_account", text("x")},
                                 {"cpus_per_task", number(2)},
                                 {"slurm_extra", text("--qos=long  --gres=gpu:1")}}));
  ASSERT_TRUE(submission.ok()) << submission.error().message;
  EXPECT_EQ(submission->argv, (std::vector<std::string>{"sbatch",
                                                        "--parsable",
                                                        "-J",
                                                        "count_book_84",
                                                        "-o",
                                                        "/w/.flow/cluster/count.abc/stdout",
                                                        "-e",
                                                        "/w/.flow/cluster/count.abc/stderr",
                                                        "--ntasks=4",
                                                        "--cpus-per-task=2",
                                                        "--mem-per-cpu=3600",
                                                        "-t",
                                                        "30",
                                                        "-p",
                                                        "short",
                                                        "-A",
                                                        "x",
                                                        "--qos=long",
                                                        "--gres=gpu:1",
                                                        "/w/.flow/cluster/count.abc/job.sh"}));
  EXPECT_EQ(
      submission->directives,
      (std::vector<std::string>{
          "#SBATCH --job-name=count_book_84", "#SBATCH --output=/w/.flow/cluster/count.abc/stdout",
          "#SBATCH --error=/w/.flow/cluster/count.abc/stderr", "#SBATCH --ntasks=4",
          "#SBATCH --cpus-per-task=2", "#SBATCH --mem-per-cpu=3600", "#SBATCH --time=30",
          "#SBATCH --partition=short", "#SBATCH --account=x"}));
}

TEST_F(SlurmBackendTest, MapsNodesDiskConstraintAndTheTotalMemory) {
  auto submission = prepare(job({{"nodes", number(4)},
                                 {"tasks", text("4")},
                                 {"mem_mb", number(1000)},
                                 {"mem_mb_per_cpu", number(10)},
                                 {"disk_mb", number(500)},
                                 {"constraint", text("haswell")},
                                 {"runtime", text("1h30m")}}));
  ASSERT_TRUE(submission.ok()) << submission.error().message;
  EXPECT_EQ(std::vector<std::string>(submission->argv.begin() + 8, submission->argv.end() - 1),
            (std::vector<std::string>{"--nodes=4", "--ntasks=4", "--cpus-per-task=1", "--mem=1000",
                                      "--tmp=500", "-t", "90", "-C", "haswell"}));
}

TEST_F(SlurmBackendTest, RejectsBadStandardResources) {
  auto tasks = prepare(job({{"tasks", number(0)}}));
  ASSERT_FALSE(tasks.ok());
  EXPECT_EQ(tasks.error().message,
            "rule 'count': resource tasks '0' is not a whole number of at least 1");
  auto both = prepare(job({{"runtime", number(3)}, {"walltime", text("00:03:00")}}));
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.error().message,
            "rule 'count': resources runtime and walltime are both given; keep one (walltime is "
            "flow's other name for runtime)");
  auto runtime = prepare(job({{"runtime", text("2 weeks")}}));
  ASSERT_FALSE(runtime.ok());
  EXPECT_EQ(runtime.error().message,
            "rule 'count': resource runtime '2 weeks' is not a time: whole minutes, HH:MM:SS, "
            "MM:SS, D-HH:MM:SS or with units (\"1h30m\")");
  auto extra = prepare(job({{"slurm_extra", text("--comment='a b'")}}));
  ASSERT_FALSE(extra.ok());
  EXPECT_EQ(extra.error().message,
            "rule 'count': resource slurm_extra '--comment='a b'': quotes and shell characters "
            "are not read; write options separated by spaces (\"--qos=long --gres=gpu:1\")");
}

TEST_F(SlurmBackendTest, ParsesTheParsableJobId) {
  auto backend = make_slurm_backend(m_options);
  EXPECT_EQ(backend->parse_submit_output(fixture("wrapper_sbatch.out")).value(), "11");
  EXPECT_EQ(backend->parse_submit_output("123\n").value(), "123");
  EXPECT_EQ(backend->parse_submit_output("123;cluster2\n").value(), "123");
  auto junk = backend->parse_submit_output("sbatch: error: invalid partition specified\n");
  ASSERT_FALSE(junk.ok());
  EXPECT_EQ(junk.error().message,
            "sbatch printed no job id: 'sbatch: error: invalid partition specified'");
  EXPECT_FALSE(backend->parse_submit_output("").ok());
}

TEST_F(SlurmBackendTest, AsksForAllIdsInOneSqueue) {
  auto backend = make_slurm_backend(m_options);
  EXPECT_EQ(backend->status_argv({"12", "13"}),
            (std::vector<std::string>{"squeue", "-h", "-o", "%i %t", "-t", "all", "-j", "12,13"}));
  EXPECT_EQ(backend->status_argv({}),
            (std::vector<std::string>{"squeue", "-h", "-o", "%i %t", "-t", "all"}));
  EXPECT_EQ(backend->cancel_argv({"12", "13"}), (std::vector<std::string>{"scancel", "12", "13"}));
}

TEST_F(SlurmBackendTest, ParsesSqueueStates) {
  auto backend = make_slurm_backend(m_options);
  auto rows = backend->parse_status(sys::CommandResult{0, fixture("wrapper_squeue_all.out"), ""});
  ASSERT_TRUE(rows.has_value());
  StatusTable table(*rows);
  EXPECT_EQ(table.find("8"), SchedulerState::finished);  // CA
  EXPECT_EQ(table.find("1"), SchedulerState::finished);  // CD
  EXPECT_EQ(table.find("2"), SchedulerState::finished);  // F
  EXPECT_EQ(table.find("7"), SchedulerState::active);    // R
  auto more =
      backend->parse_status(sys::CommandResult{0, "20 PD\n21 CG\n22 TO\n23 OOM\n24 S\n", ""});
  ASSERT_TRUE(more.has_value());
  StatusTable states(*more);
  EXPECT_EQ(states.find("20"), SchedulerState::active);
  EXPECT_EQ(states.find("21"), SchedulerState::active);
  EXPECT_EQ(states.find("22"), SchedulerState::finished);
  EXPECT_EQ(states.find("23"), SchedulerState::finished);
  EXPECT_EQ(states.find("24"), SchedulerState::active);
}

TEST_F(SlurmBackendTest, ALoneUnknownIdIsNoRowsNotAFailure) {
  auto backend = make_slurm_backend(m_options);
  auto rows = backend->parse_status(sys::CommandResult{1, fixture("wrapper_squeue_unknown.out"),
                                                       fixture("wrapper_squeue_unknown.err")});
  ASSERT_TRUE(rows.has_value());
  EXPECT_TRUE(rows->empty());
  EXPECT_TRUE(backend->parse_status(sys::CommandResult{0, "", ""}).value().empty());
}

TEST_F(SlurmBackendTest, AFailingOrGarbledSqueueIsUnusable) {
  auto backend = make_slurm_backend(m_options);
  EXPECT_FALSE(backend->parse_status(sys::CommandResult{
      1, "", "slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n"}));
  EXPECT_FALSE(backend->parse_status(sys::CommandResult{0, "JOBID ST\n12 R\n", ""}));
  EXPECT_FALSE(backend->parse_status(sys::CommandResult{0, "12 R extra\n", ""}));
}

TEST_F(SlurmBackendTest, EndsTheNameWithTheSubmissionTag) {
  JobSpec spec = job({});
  auto tagged = make_slurm_backend(m_options)->prepare(spec, job_files("/w", spec), "a1b2c3");
  ASSERT_TRUE(tagged.ok());
  EXPECT_EQ(tagged->job_name, "count_book_84.a1b2c3");
  EXPECT_EQ(tagged->argv[3], "count_book_84.a1b2c3");
}

TEST_F(SlurmBackendTest, ListsEveryJobWithItsWholeName) {
  auto backend = make_slurm_backend(m_options);
  auto rows =
      backend->parse_named_listing(sys::CommandResult{0, fixture("wrapper_squeue_named.out"), ""});
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[1].name, "stem_book_1342_size_50.d4e5f6");
  EXPECT_EQ((*rows)[1].state, SchedulerState::finished);
  EXPECT_EQ((*rows)[2].id, "154");
  EXPECT_EQ((*rows)[2].state, SchedulerState::active);
  EXPECT_FALSE(backend->parse_named_listing(sys::CommandResult{1, "", "connect failure\n"}));
  EXPECT_FALSE(backend->parse_named_listing(sys::CommandResult{0, "JOBID ST NAME\n", ""}));
}

}  // namespace
}  // namespace flow::exec
