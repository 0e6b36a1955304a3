#include <gtest/gtest.h>

#include "exec/cluster_backend.h"
#include "exec/cluster_job.h"
#include "exec/sge_status.h"

namespace flow::exec {
namespace {

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

const std::vector<std::string> k_head = {"qsub", "-terse",
                                         "-N",   "count_book_84",
                                         "-o",   "/w/.flow/cluster/count.abc/stdout",
                                         "-e",   "/w/.flow/cluster/count.abc/stderr",
                                         "-j",   "n",
                                         "-S",   "/bin/bash"};

std::vector<std::string> with_head(std::vector<std::string> rest) {
  std::vector<std::string> argv = k_head;
  argv.insert(argv.end(), rest.begin(), rest.end());
  argv.push_back("/w/.flow/cluster/count.abc/job.sh");
  return argv;
}

class SgeBackendTest : public ::testing::Test {
 protected:
  Result<Submission> prepare(const JobSpec& spec, const std::string& state_dir = "/w/.flow/cluster",
                             std::string_view tag = "") {
    return make_sge_backend(m_options)->prepare(spec, job_files(state_dir, spec), tag);
  }
  static ClusterOptions sge_options() {
    ClusterOptions options;
    options.scheduler = SchedulerKind::sge;
    return options;
  }
  ClusterOptions m_options = sge_options();
};

TEST_F(SgeBackendTest, ASingleSlotJobAsksForNoParallelEnvironment) {
  auto submission = prepare(job({}));
  ASSERT_TRUE(submission.ok()) << submission.error().message;
  EXPECT_EQ(submission->argv, with_head({}));
  EXPECT_EQ(submission->directives,
            (std::vector<std::string>{
                "#$ -N count_book_84", "#$ -o /w/.flow/cluster/count.abc/stdout",
                "#$ -e /w/.flow/cluster/count.abc/stderr", "#$ -j n", "#$ -S /bin/bash"}));
  EXPECT_EQ(submission->job_name, "count_book_84");
}

TEST_F(SgeBackendTest, ThreadsTakeSmpSlotsAndMemoryIsDividedAmongThem) {
  m_options.queue = "short.q";
  m_options.account = "lab42";
  m_options.project = "proj";
  m_options.extra_submit_args = {"-p", "-10"};
  auto submission = prepare(job({{"mem_mb", number(1000)}, {"runtime", number(90)}}, 3));
  ASSERT_TRUE(submission.ok()) << submission.error().message;
  EXPECT_EQ(submission->argv,
            with_head({"-pe", "smp", "3", "-l", "h_vmem=334M", "-l", "h_rt=01:30:00", "-q",
                       "short.q", "-A", "lab42", "-P", "proj", "-p", "-10"}));
  std::vector<std::string> tail(submission->directives.begin() + 5, submission->directives.end());
  EXPECT_EQ(tail,
            (std::vector<std::string>{"#$ -pe smp 3", "#$ -l h_vmem=334M", "#$ -l h_rt=01:30:00",
                                      "#$ -q short.q", "#$ -A lab42", "#$ -P proj"}));
}

TEST_F(SgeBackendTest, TheSmpEnvironmentIsAnOptionAndARuleMayNameItsOwn) {
  m_options.sge_pe = "threaded";
  auto submission = prepare(job({{"walltime", text("00:00:05")}}, 2));
  ASSERT_TRUE(submission.ok());
  EXPECT_EQ(submission->argv, with_head({"-pe", "threaded", "2", "-l", "h_rt=00:00:05"}));
  auto own = prepare(job({{"sge_pe", text("shm")}}, 4));
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->argv, with_head({"-pe", "shm", "4"}));
  auto bad = prepare(job({{"sge_pe", text("smp 4")}}, 4));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message,
            "rule 'count': resource sge_pe 'smp 4' is not a parallel environment name");
}

TEST_F(SgeBackendTest, TasksAndNodesTakeTheMpiEnvironment) {
  auto submission = prepare(
      job({{"tasks", number(8)}, {"cpus_per_task", number(2)}, {"mem_mb_per_cpu", number(500)}}));
  ASSERT_TRUE(submission.ok()) << submission.error().message;
  EXPECT_EQ(submission->argv, with_head({"-pe", "mpi", "16", "-l", "h_vmem=500M"}));
  // The seed's MPI job: mem_mb is per node, each node has one of the four slots.
  auto seed = prepare(job({{"nodes", number(4)},
                           {"tasks", number(4)},
                           {"mem_mb", number(1024)},
                           {"runtime", number(30)}}));
  ASSERT_TRUE(seed.ok()) << seed.error().message;
  EXPECT_EQ(seed->argv,
            with_head({"-pe", "mpi", "4", "-l", "h_vmem=1024M", "-l", "h_rt=00:30:00"}));
  auto packed = prepare(job({{"tasks", number(4)}, {"mem_mb", number(1024)}}));
  ASSERT_TRUE(packed.ok());
  EXPECT_EQ(packed->argv, with_head({"-pe", "mpi", "4", "-l", "h_vmem=256M"}));
  m_options.sge_mpi_pe = "orte";
  auto nodes = prepare(job({{"nodes", number(2)}}));
  ASSERT_TRUE(nodes.ok());
  EXPECT_EQ(nodes->argv, with_head({"-pe", "orte", "2"}));
}

TEST_F(SgeBackendTest, MemoryWithUnitsPassesOnlyForOneSlot) {
  auto one = prepare(job({{"mem_mb", text("4G")}}));
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->argv, with_head({"-l", "h_vmem=4G"}));
  auto two = prepare(job({{"mem_mb", text("4G")}}, 2));
  ASSERT_FALSE(two.ok());
  EXPECT_EQ(two.error().message,
            "rule 'count': resource mem_mb '4G' cannot be divided among 2 Grid Engine slots "
            "(h_vmem is per slot); give megabytes as a number, or mem_mb_per_cpu");
}

TEST_F(SgeBackendTest, NamesStartWithALetterAndEndWithTheTag) {
  auto spec = job({});
  spec.display_name = "2nd pass: a/b";
  auto submission = prepare(spec, "/w/.flow/cluster", "k3x9aa");
  ASSERT_TRUE(submission.ok());
  EXPECT_EQ(submission->job_name, "j2nd_pass_a_b.k3x9aa");
}

TEST_F(SgeBackendTest, RefusesPathsWithAColonAndKeepsSpacesOffDirectives) {
  auto colon = prepare(job({}), "/w:1/.flow/cluster");
  ASSERT_FALSE(colon.ok());
  EXPECT_NE(colon.error().message.find("path with ':'"), std::string::npos);
  auto spaces = prepare(job({}), "/my data/.flow/cluster");
  ASSERT_TRUE(spaces.ok());
  EXPECT_EQ(spaces->argv[5], "/my data/.flow/cluster/count.abc/stdout");
  EXPECT_EQ(spaces->directives,
            (std::vector<std::string>{"#$ -N count_book_84", "#$ -j n", "#$ -S /bin/bash"}));
}

TEST_F(SgeBackendTest, ReadsTheTerseJobId) {
  auto backend = make_sge_backend(m_options);
  EXPECT_EQ(*backend->parse_submit_output("4711\n"), "4711");
  EXPECT_EQ(*backend->parse_submit_output("4712.1-10:1\n"), "4712");
  auto none = backend->parse_submit_output("Unable to run job: denied\n");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().message, "qsub printed no job id: 'Unable to run job: denied'");
}

TEST_F(SgeBackendTest, AsksForEveryJobOnceAndCancelsWithQdel) {
  auto backend = make_sge_backend(m_options);
  EXPECT_EQ(backend->status_argv({"1", "2"}), (std::vector<std::string>{"qstat"}));
  EXPECT_EQ(backend->named_listing_argv(), (std::vector<std::string>{"qstat", "-r"}));
  EXPECT_EQ(backend->cancel_argv({"1", "2"}), (std::vector<std::string>{"qdel", "1", "2"}));
}

// The layout of Grid Engine 8.1.9's qstat (tests/cluster/start-sge.sh starts one).
constexpr std::string_view k_qstat =
    "job-ID  prior   name       user         state submit/start at     queue                    "
    "      slots ja-task-ID \n"
    "-------------------------------------------------------------------------------------------"
    "----------------------\n"
    "     41 0.55500 slow.k3x9a root         r     12/07/2026 13:10:02 all.q@flowhost           "
    "          1        \n"
    "     42 0.55500 big.k3x9aa root         qw    12/07/2026 13:10:01                          "
    "          2        \n"
    "     43 0.00000 stuck.k3x9 root         Eqw   12/07/2026 13:10:01                          "
    "          1        \n"
    "     44 0.55500 gone.k3x9a root         dr    12/07/2026 13:10:02 all.q@flowhost           "
    "          1        \n";

TEST(SgeStatusTest, ParsesTheDefaultTable) {
  auto rows = parse_sge_qstat(k_qstat);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[0].id, "41");
  EXPECT_EQ((*rows)[0].state, SchedulerState::active);
  EXPECT_EQ((*rows)[1].state, SchedulerState::active);
  EXPECT_EQ((*rows)[2].state, SchedulerState::finished);  // Eqw never starts by itself
  EXPECT_EQ((*rows)[3].state, SchedulerState::finished);  // being deleted
  StatusTable table(*rows);
  EXPECT_EQ(table.find("42"), SchedulerState::active);
  EXPECT_EQ(table.find("40"), std::nullopt);
}

TEST(SgeStatusTest, NoJobsIsAnEmptyAnswerAndAnErrorIsNone) {
  auto empty = parse_sge_qstat("");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
  EXPECT_FALSE(parse_sge_qstat("error: commlib error: got select error (Connection refused)\n"));
  auto backend = make_sge_backend(ClusterOptions{});
  EXPECT_FALSE(
      backend->parse_status(sys::CommandResult{1, "", "error: unable to contact qmaster"}));
  auto ok = backend->parse_status(sys::CommandResult{0, std::string(k_qstat), ""});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->size(), 4u);
}

TEST(SgeStatusTest, ReadsFullNamesFromQstatR) {
  std::string listing =
      "job-ID  prior   name       user         state submit/start at     queue                  "
      "        slots ja-task-ID \n"
      "-----------------------------------------------------------------------------------------"
      "------------------------\n"
      "     41 0.55500 count_book root         r     12/07/2026 13:10:02 all.q@flowhost         "
      "            2        \n"
      "       Full jobname:     count_book_84.k3x9aa\n"
      "       Master Queue:     all.q@flowhost\n"
      "       Requested PE:     smp 2\n"
      "       Granted PE:       smp 2\n"
      "       Hard Resources:   h_rt=300 (0.000000)\n"
      "                         h_vmem=50M (0.000000)\n"
      "       Soft Resources:   \n"
      "     42 0.00000 other      root         qw    12/07/2026 13:10:03                        "
      "            1        \n"
      "       Full jobname:     other\n";
  auto rows = parse_sge_qstat(listing);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].name, "count_book_84.k3x9aa");
  EXPECT_EQ((*rows)[1].name, "other");
  EXPECT_EQ((*rows)[1].id, "42");
}

}  // namespace
}  // namespace flow::exec
