#include <gtest/gtest.h>

#include "exec/cluster_backend.h"
#include "exec/cluster_job.h"
#include "exec/pbs_status.h"
#include "exec/resource_template.h"
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

class PbsBackendTest : public ::testing::Test {
 protected:
  Result<Submission> prepare(const JobSpec& spec) {
    return make_pbs_backend(m_options)->prepare(spec, job_files("/w/.flow/cluster", spec), "");
  }
  ClusterOptions m_options;
};

TEST_F(PbsBackendTest, SubmitsWithEverythingOnTheCommandLineForPbsPro) {
  m_options.queue = "short";
  m_options.account = "lab42";
  m_options.project = "books";
  auto submission = prepare(job({{"mem_mb", number(200)}, {"walltime", text("00:10:00")}}, 2));
  ASSERT_TRUE(submission.ok()) << submission.error().message;
  EXPECT_EQ(
      submission->argv,
      (std::vector<std::string>{
          "qsub", "-N", "count_book_84", "-o", "/w/.flow/cluster/count.abc/stdout", "-e",
          "/w/.flow/cluster/count.abc/stderr", "-l", "select=1:ncpus=2:mem=200mb,walltime=00:10:00",
          "-q", "short", "-A", "lab42", "-P", "books", "/w/.flow/cluster/count.abc/job.sh"}));
  EXPECT_EQ(submission->directives,
            (std::vector<std::string>{
                "#PBS -N count_book_84", "#PBS -o /w/.flow/cluster/count.abc/stdout",
                "#PBS -e /w/.flow/cluster/count.abc/stderr", "#PBS -l select=1:ncpus=2:mem=200mb",
                "#PBS -l walltime=00:10:00", "#PBS -q short", "#PBS -A lab42", "#PBS -P books"}));
}

TEST_F(PbsBackendTest, UsesTheTorqueTemplateAndShortNames) {
  m_options.pbs_flavor = PbsFlavor::torque;
  JobSpec spec = job({{"mem_mb", number(4000)}, {"walltime", number(90)}}, 4);
  spec.display_name = "count_words book=1342";
  auto submission = prepare(spec);
  ASSERT_TRUE(submission.ok());
  EXPECT_EQ(submission->argv[2], "count_words_boo");
  EXPECT_EQ(submission->argv[8], "nodes=1:ppn=4,mem=4000mb,walltime=01:30:00");
}

TEST_F(PbsBackendTest, LeavesTheMemoryOutCleanlyWhenTheJobHasNone) {
  EXPECT_EQ(render_pbs_resources(default_pbs_resource_template(PbsFlavor::pro),
                                 job({{"walltime", text("5:00")}}))
                .value(),
            "select=1:ncpus=1,walltime=00:05:00");
  EXPECT_EQ(render_pbs_resources(default_pbs_resource_template(PbsFlavor::torque), job({})).value(),
            "nodes=1:ppn=1");
  EXPECT_EQ(render_pbs_resources("mem={resources.mem_mb}mb", job({})).value(), "");
  m_options.pbs_flavor = PbsFlavor::torque;
  auto submission = prepare(job({}));
  ASSERT_TRUE(submission.ok());
  EXPECT_EQ(submission->argv[8], "nodes=1:ppn=1");
}

// sbatch (behind Slurm's qsub wrapper) also reads `#PBS -l` lines, and rejects a joined
// "select=1:ncpus=1,walltime=00:01:00" (it reads "1,walltime=00" as the CPU count).
TEST_F(PbsBackendTest, WritesOneResourceDirectivePerResource) {
  auto submission = prepare(job({{"walltime", text("00:01:00")}}));
  ASSERT_TRUE(submission.ok());
  EXPECT_EQ(submission->argv[8], "select=1:ncpus=1,walltime=00:01:00");
  std::vector<std::string> resource_lines;
  for (const auto& line : submission->directives) {
    if (line.starts_with("#PBS -l")) resource_lines.push_back(line);
  }
  EXPECT_EQ(resource_lines,
            (std::vector<std::string>{"#PBS -l select=1:ncpus=1", "#PBS -l walltime=00:01:00"}));
}

TEST_F(PbsBackendTest, OmitsAnEmptyResourceRequest) {
  m_options.resource_template = "mem={resources.mem_mb}mb";
  auto submission = prepare(job({}));
  ASSERT_TRUE(submission.ok());
  EXPECT_EQ(std::count(submission->argv.begin(), submission->argv.end(), "-l"), 0);
}

TEST_F(PbsBackendTest, FillsAUserTemplateAndDoesNotDuplicateItsWalltime) {
  EXPECT_EQ(render_pbs_resources("nodes=1:ppn={threads}:gpus={resources.gpus},"
                                 "walltime={resources.walltime}",
                                 job({{"gpus", number(2)}, {"walltime", text("01:00:00")}}, 8))
                .value(),
            "nodes=1:ppn=8:gpus=2,walltime=01:00:00");
}

// Issue 12 items 4 and 6: the seed's MPI job (4 nodes x 1 cpu, `mpiexec -np 4`) and
// Snakemake's names for time and memory.
TEST_F(PbsBackendTest, MapsNodesTasksRuntimeAndMemoryPerCpu) {
  auto mpi = prepare(job({{"nodes", number(4)},
                          {"tasks", number(4)},
                          {"mem_mb", number(1024)},
                          {"runtime", number(30)}}));
  ASSERT_TRUE(mpi.ok()) << mpi.error().message;
  EXPECT_EQ(mpi->argv[8], "select=4:ncpus=1:mpiprocs=1:mem=1024mb,walltime=00:30:00");
  auto hybrid = prepare(job({{"nodes", number(2)},
                             {"tasks", number(8)},
                             {"cpus_per_task", number(3)},
                             {"mem_mb_per_cpu", number(100)},
                             {"runtime", text("2h")}}));
  ASSERT_TRUE(hybrid.ok()) << hybrid.error().message;
  EXPECT_EQ(hybrid->argv[8], "select=2:ncpus=12:mpiprocs=4:mem=1200mb,walltime=02:00:00");
  m_options.pbs_flavor = PbsFlavor::torque;
  auto torque = prepare(job({{"nodes", number(4)}, {"tasks", number(4)}}));
  ASSERT_TRUE(torque.ok());
  EXPECT_EQ(torque->argv[8], "nodes=4:ppn=1");
}

TEST_F(PbsBackendTest, ValidatesTheTemplate) {
  EXPECT_TRUE(validate_resource_template("select=1:ncpus={threads}:ngpus={resources.gpus}").ok());
  auto unknown = validate_resource_template("select=1:ncpus={cores}");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().message,
            "--pbs-resources: unknown placeholder '{cores}' in 'select=1:ncpus={cores}' (use "
            "{threads}, {nodes}, {ncpus}, {mpiprocs} or {resources.NAME})");
  auto unbalanced = validate_resource_template("select=1:ncpus={threads");
  ASSERT_FALSE(unbalanced.ok());
  EXPECT_EQ(unbalanced.error().message,
            "--pbs-resources: unbalanced brace in 'select=1:ncpus={threads'");
  EXPECT_FALSE(validate_resource_template("ncpus={resources.}").ok());
}

TEST_F(PbsBackendTest, RejectsValuesThatCannotGoIntoARequest) {
  auto spaced = prepare(job({{"mem_mb", text("2 GB")}}));
  ASSERT_FALSE(spaced.ok());
  EXPECT_EQ(spaced.error().message,
            "rule 'count': resource mem_mb '2 GB' cannot go into a scheduler request (letters, "
            "digits and _ . : + = @ % / - only)");
  m_options.resource_template = "select=1:ngpus={resources.gpus}";
  auto gpus = prepare(job({{"gpus", text("2 x")}}));
  ASSERT_FALSE(gpus.ok());
  EXPECT_EQ(gpus.error().message,
            "rule 'count': value '2 x' of {resources.gpus} cannot go into a PBS resource request");
  m_options.resource_template.clear();
  auto walltime = prepare(job({{"walltime", text("ten minutes")}}));
  ASSERT_FALSE(walltime.ok());
  EXPECT_EQ(walltime.error().message,
            "rule 'count': resource walltime 'ten minutes' is not a time: whole minutes, HH:MM:SS, "
            "MM:SS, D-HH:MM:SS or with units (\"1h30m\")");
}

TEST_F(PbsBackendTest, RefusesPathsWithSpaces) {
  JobSpec spec = job({});
  auto submission =
      make_pbs_backend(m_options)->prepare(spec, job_files("/my data/.flow/cluster", spec), "");
  ASSERT_FALSE(submission.ok());
  EXPECT_EQ(submission.error().message,
            "job 'count book=84': cannot submit with qsub from a path with spaces ('/my "
            "data/.flow/cluster/count.abc/job.sh'); use a working directory without spaces");
}

TEST_F(PbsBackendTest, ParsesTheJobIdQsubPrints) {
  auto backend = make_pbs_backend(m_options);
  EXPECT_EQ(backend->parse_submit_output(fixture("wrapper_qsub.out")).value(), "10");
  EXPECT_EQ(backend->parse_submit_output("13\n").value(), "13");
  EXPECT_EQ(backend->parse_submit_output("  13.pbs01.example.org \n\n").value(),
            "13.pbs01.example.org");
  EXPECT_EQ(backend->parse_submit_output("Welcome to the cluster\n4807.pbs01\n").value(),
            "4807.pbs01");
  EXPECT_EQ(backend->parse_submit_output("1234[].pbs01\n").value(), "1234[].pbs01");
  auto junk = backend->parse_submit_output("qsub: submit error (Bad UID for job execution)\n");
  ASSERT_FALSE(junk.ok());
  EXPECT_EQ(junk.error().message,
            "qsub printed no job id: 'qsub: submit error (Bad UID for job execution)'");
  EXPECT_FALSE(backend->parse_submit_output("").ok());
  EXPECT_FALSE(backend->parse_submit_output("13 14\n").ok());
}

TEST_F(PbsBackendTest, BuildsOneStatusAndOneCancelCommandForAllIds) {
  auto backend = make_pbs_backend(m_options);
  EXPECT_EQ(backend->status_argv({"13", "14.server"}),
            (std::vector<std::string>{"qstat", "13", "14.server"}));
  EXPECT_EQ(backend->cancel_argv({"13", "14.server"}),
            (std::vector<std::string>{"qdel", "13", "14.server"}));
}

std::vector<std::pair<std::string, SchedulerState>> pairs(const std::vector<StatusRow>& rows) {
  std::vector<std::pair<std::string, SchedulerState>> result;
  for (const auto& row : rows)
    result.emplace_back(row.id, row.state);
  return result;
}

constexpr auto active = SchedulerState::active;
constexpr auto finished = SchedulerState::finished;

TEST(QstatTableTest, ParsesTheWrapperTable) {
  auto rows = parse_qstat_table(fixture("wrapper_qstat_all.out"));
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 9u);
  EXPECT_EQ((*rows)[0].id, "1");
  EXPECT_EQ((*rows)[0].state, finished);
  EXPECT_EQ((*rows)[6].id, "7");
  EXPECT_EQ((*rows)[6].state, active);
  EXPECT_EQ(
      pairs(parse_qstat_table(fixture("wrapper_qstat_ids.out")).value()),
      (std::vector<std::pair<std::string, SchedulerState>>{{"8", finished}, {"9", finished}}));
}

TEST(QstatTableTest, ParsesAPbsProTable) {
  auto rows = parse_qstat_table(
      "Job id            Name             User              Time Use S Queue\n"
      "----------------  ---------------- ----------------  -------- - -----\n"
      "4807.pbs01        count_book_84    alice             00:00:04 R workq\n"
      "4808.pbs01        count_book_11    alice                    0 Q workq\n"
      "4809.pbs01        stem_book_84     alice             00:01:10 E workq\n"
      "4810.pbs01        words_book_1342  alice                    0 H workq\n"
      "4811.pbs01        words_book_11    alice             00:00:09 F workq\n");
  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(pairs(*rows),
            (std::vector<std::pair<std::string, SchedulerState>>{{"4807.pbs01", active},
                                                                 {"4808.pbs01", active},
                                                                 {"4809.pbs01", active},
                                                                 {"4810.pbs01", active},
                                                                 {"4811.pbs01", finished}}));
}

TEST(QstatTableTest, ParsesATorqueTableWithABlankTimeColumn) {
  auto rows = parse_qstat_table(
      "Job ID                    Name             User            Time Use S Queue\n"
      "------------------------- ---------------- --------------- -------- - -----\n"
      "1201.torque01             count_book_84    bob             00:00:12 R batch\n"
      "1202.torque01             count_book_11    bob                      Q batch\n"
      "1199.torque01             stem_book_84     bob             00:02:01 C batch\n");
  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(
      pairs(*rows),
      (std::vector<std::pair<std::string, SchedulerState>>{
          {"1201.torque01", active}, {"1202.torque01", active}, {"1199.torque01", finished}}));
}

TEST(QstatTableTest, ParsesOneTablePerServer) {
  auto rows = parse_qstat_table(
      "Job id   Name  User  Time Use S Queue\n"
      "-------- ----- ----- -------- - -----\n"
      "1.a      x     u     0        R q\n"
      "\n"
      "Job id   Name  User  Time Use S Queue\n"
      "-------- ----- ----- -------- - -----\n"
      "2.b      y     u     0        Q q\n");
  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(rows->size(), 2u);
}

TEST(QstatTableTest, EmptyOutputIsNoRowsAndGarbageIsUnusable) {
  EXPECT_EQ(parse_qstat_table("").value().size(), 0u);
  EXPECT_EQ(parse_qstat_table("\n  \n").value().size(), 0u);
  EXPECT_FALSE(parse_qstat_table("qstat: cannot connect to server pbs01 (errno=111)\n"));
  EXPECT_FALSE(parse_qstat_table("Job id  S\n------  -\n13      ?? what\n"));
}

TEST(PbsStatusTest, UnknownIdsExit153AndStillCount) {
  auto backend = make_pbs_backend(ClusterOptions{});
  auto unknown =
      backend->parse_status(sys::CommandResult{153, fixture("wrapper_qstat_unknown.out"), ""});
  ASSERT_TRUE(unknown.has_value());
  EXPECT_TRUE(unknown->empty());
  // PBS Pro: some ids finished ("use -x"), exit 35; the running ones are still listed.
  auto partial = backend->parse_status(sys::CommandResult{
      35,
      "Job id            Name             User              Time Use S Queue\n"
      "----------------  ---------------- ----------------  -------- - -----\n"
      "4807.pbs01        count_book_84    alice             00:00:04 R workq\n",
      "qstat: 4806.pbs01 Job has finished, use -x or -H to obtain historical job information\n"});
  ASSERT_TRUE(partial.has_value());
  EXPECT_EQ(partial->size(), 1u);
}

TEST(PbsStatusTest, AFailingQstatIsUnusableNotFailed) {
  auto backend = make_pbs_backend(ClusterOptions{});
  EXPECT_FALSE(backend->parse_status(sys::CommandResult{1, "", "qstat: Server busy\n"}));
  EXPECT_FALSE(backend->parse_status(sys::CommandResult{0, "Server overloaded, try later\n", ""}));
}

TEST_F(PbsBackendTest, EndsTheNameWithTheSubmissionTagWithinTheLimit) {
  auto backend = make_pbs_backend(m_options);
  JobSpec spec = job({});
  auto tagged = backend->prepare(spec, job_files("/w/.flow/cluster", spec), "a1b2c3");
  ASSERT_TRUE(tagged.ok());
  EXPECT_EQ(tagged->job_name, "count_book_84.a1b2c3");
  EXPECT_EQ(tagged->argv[2], "count_book_84.a1b2c3");
  EXPECT_EQ(tagged->directives[0], "#PBS -N count_book_84.a1b2c3");
  m_options.pbs_flavor = PbsFlavor::torque;
  auto torque = make_pbs_backend(m_options)->prepare(spec, job_files("/w", spec), "a1b2c3");
  ASSERT_TRUE(torque.ok());
  EXPECT_EQ(torque->job_name, "count_bo.a1b2c3");  // 15 characters, the tag whole
}

TEST(QstatFullTest, ParsesTheWrapperListing) {
  auto rows = parse_qstat_full(fixture("wrapper_qstat_full.out"));
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].id, "152");
  EXPECT_EQ((*rows)[0].name, "count_book_84.a1b2c3");
  EXPECT_EQ((*rows)[0].state, active);
  EXPECT_EQ((*rows)[1].name, "stem_book_1342_size_50.d4e5f6");
}

TEST(QstatFullTest, ParsesPbsProBlocksAndRefusesWhatIsNotAListing) {
  auto rows = parse_qstat_full(
      "Job Id: 4807.pbs01\n    Job_Name = count_book_84.a1b2c3\n    Job_Owner = alice@login1\n"
      "    job_state = F\n    Variable_List = PBS_O_HOME=/home/alice,PBS_O_LANG=C,\n"
      "\tPBS_O_LOGNAME=alice\n\nJob Id: 4808.pbs01\n    Job_Name = other\n"
      "    job_state = Q\n");
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].id, "4807.pbs01");
  EXPECT_EQ((*rows)[0].state, finished);
  EXPECT_EQ((*rows)[1].state, active);
  EXPECT_EQ(parse_qstat_full("").value().size(), 0u);
  EXPECT_FALSE(parse_qstat_full("qstat: cannot connect to server pbs01 (errno=111)\n"));
  EXPECT_FALSE(parse_qstat_full("Job Id: 13\n    Job_Name = x\n"));  // no state
  auto backend = make_pbs_backend(ClusterOptions{});
  EXPECT_EQ(backend->parse_named_listing(sys::CommandResult{153, "", ""}).value().size(), 0u);
  EXPECT_FALSE(backend->parse_named_listing(sys::CommandResult{1, "", "Server busy\n"}));
}

TEST(StatusTableTest, MatchesOnThePartBeforeTheFirstDot) {
  StatusTable table({{"13", active, {}}, {"14.pbs01", finished, {}}});
  EXPECT_EQ(table.find("13.pbs01.example.org"), active);
  EXPECT_EQ(table.find("13"), active);
  EXPECT_EQ(table.find("14"), finished);
  EXPECT_EQ(table.find("15"), std::nullopt);
  EXPECT_EQ(table.find("1"), std::nullopt);
}

TEST(StatusTableTest, MatchesIdsQstatTruncated) {
  StatusTable table({{"1234567.very-lo*", active, {}}, {"123456789012345*", finished, {}}});
  EXPECT_EQ(table.find("1234567.very-long-server-name"), active);
  EXPECT_EQ(table.find("12345678.very-long-server-name"), std::nullopt);
  EXPECT_EQ(table.find("1234567890123456.s"), finished);
  EXPECT_EQ(table.find("99"), std::nullopt);
}

}  // namespace
}  // namespace flow::exec
