// Re-attach (issue 5 §4): a flow killed while its cluster jobs ran leaves their ids in
// .flow/cluster/<job>/id; the next flow tracks them again instead of submitting twins.

#include <gtest/gtest.h>

#include "exec/cluster_backend.h"
#include "exec/cluster_job.h"
#include "fake_scheduler.h"
#include "flow/exec/cluster_executor.h"

namespace flow::exec {
namespace {

using namespace std::chrono_literals;
using testing::FakeScheduler;

class ClusterReattachTest : public ::testing::Test {
 protected:
  ClusterReattachTest() {
    m_options.poll_interval = 2s;
    m_options.latency_wait = 5s;
    m_options.submit_rate = 0;
  }

  std::unique_ptr<ClusterExecutor> make() {
    return std::make_unique<ClusterExecutor>(m_options, make_pbs_backend(m_options), m_spawner,
                                             m_fs, m_clock);
  }

  static JobSpec spec(std::uint32_t id, const std::string& book = "84") {
    JobSpec job;
    job.id = id;
    job.rule = "count";
    job.display_name = "count book=" + book;
    job.argv = {"true"};
    job.workdir = "/w";
    job.identity = "id" + book;
    return job;
  }

  // An earlier flow submitted these jobs, then died (its executor simply goes away).
  void submit_and_die(std::vector<JobSpec> specs) {
    auto earlier = make();
    for (const auto& job : specs)
      ASSERT_TRUE(earlier->start(job).ok());
  }

  std::vector<JobCompletion> wait_for_completions(ClusterExecutor& executor) {
    SteadyTime give_up = m_clock.steady_now() + 10min;
    while (m_clock.steady_now() < give_up) {
      auto done = executor.wait(give_up);
      if (!done.empty()) return done;
    }
    return {};
  }

  ClusterOptions m_options;
  test::FakeClock m_clock;
  test::FakeFilesystem m_fs;
  test::FakeSpawner m_spawner{&m_clock};
  FakeScheduler m_pbs{SchedulerKind::pbs, m_spawner, m_fs, m_clock};
  const std::string m_record = "/w/.flow/cluster/count.id84/id";
};

TEST_F(ClusterReattachTest, TracksAJobThatIsStillRunningInsteadOfSubmittingItAgain) {
  submit_and_die({spec(1)});
  m_pbs.states["13"] = "R";
  auto executor = make();
  EXPECT_TRUE(executor->reattach(spec(21)));
  EXPECT_EQ(m_spawner.calls("qsub").size(), 1u);  // only the earlier flow's
  EXPECT_EQ(executor->in_flight(), 1u);
  EXPECT_EQ(executor->stats().reattached, 1u);
  m_pbs.complete("13", 0);
  auto done = wait_for_completions(*executor);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].id, 21u);  // this run's job id
  EXPECT_EQ(done[0].status, CompletionStatus::succeeded);
  EXPECT_FALSE(m_fs.exists(m_record));
}

TEST_F(ClusterReattachTest, TakesTheResultOfALeftoverThatFinishedMeanwhile) {
  submit_and_die({spec(1)});
  m_pbs.complete("13", 5);
  auto executor = make();
  EXPECT_TRUE(executor->reattach(spec(2)));
  auto done = wait_for_completions(*executor);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, CompletionStatus::failed);
  EXPECT_EQ(done[0].exit_code, 5);
}

// Found on Grid Engine, whose qstat wrapper takes a second: the job ends while the listing
// runs, so it is not listed, but its marker is there by the time the answer is read.
TEST_F(ClusterReattachTest, TakesTheMarkerOfALeftoverThatEndedDuringTheListing) {
  submit_and_die({spec(1)});
  m_pbs.states["13"] = "R";
  m_spawner.on_command("qstat", [this](const sys::SpawnRequest&) {
    m_pbs.complete("13", 0);
    m_pbs.states.erase("13");
    return test::FakeSpawner::Reply{0, "", ""};
  });
  auto executor = make();
  EXPECT_TRUE(executor->reattach(spec(2)));
  EXPECT_EQ(m_spawner.calls("qsub").size(), 1u);  // not submitted again
  auto done = wait_for_completions(*executor);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, CompletionStatus::succeeded);
}

TEST_F(ClusterReattachTest, DeclinesALeftoverThatDiedAndForgetsIt) {
  submit_and_die({spec(1)});
  m_pbs.states.erase("13");
  auto executor = make();
  EXPECT_FALSE(executor->reattach(spec(2)));
  EXPECT_FALSE(m_fs.exists(m_record));
  EXPECT_EQ(executor->in_flight(), 0u);
  ASSERT_TRUE(executor->start(spec(2)).ok());
  EXPECT_EQ(m_spawner.calls("qsub").size(), 2u);
}

TEST_F(ClusterReattachTest, CancelsLeftoversWhenAsked) {
  submit_and_die({spec(1)});
  m_pbs.states["13"] = "R";
  m_options.cancel_leftovers = true;
  auto executor = make();
  EXPECT_FALSE(executor->reattach(spec(2)));
  ASSERT_EQ(m_pbs.cancel_calls.size(), 1u);
  EXPECT_EQ(m_pbs.cancel_calls[0], (std::vector<std::string>{"qdel", "13"}));
  EXPECT_FALSE(m_fs.exists(m_record));
}

TEST_F(ClusterReattachTest, OneListingServesEveryReattachWithinAPollInterval) {
  submit_and_die({spec(1, "1"), spec(2, "2"), spec(3, "3")});
  for (auto& [id, state] : m_pbs.states)
    state = "R";
  m_pbs.status_calls.clear();
  auto executor = make();
  EXPECT_TRUE(executor->reattach(spec(11, "1")));
  EXPECT_TRUE(executor->reattach(spec(12, "2")));
  EXPECT_TRUE(executor->reattach(spec(13, "3")));
  ASSERT_EQ(m_pbs.status_calls.size(), 1u);
  EXPECT_EQ(m_pbs.status_calls[0], std::vector<std::string>{"qstat"});
}

TEST_F(ClusterReattachTest, AsksNothingForAJobNeverSubmitted) {
  auto executor = make();
  EXPECT_FALSE(executor->reattach(spec(1)));
  EXPECT_TRUE(m_spawner.spawned().empty());
}

TEST_F(ClusterReattachTest, NeverReattachesLocalJobsOrAnotherSchedulersRecords) {
  m_fs.create(m_record, "backend=slurm\nid=13\ntoken=t\nname=count book=84\n");
  auto executor = make();
  EXPECT_FALSE(executor->reattach(spec(1)));
  JobSpec local = spec(1);
  local.local = true;
  EXPECT_FALSE(executor->reattach(local));
  EXPECT_TRUE(m_spawner.spawned().empty());
}

TEST_F(ClusterReattachTest, AssumesALeftoverRunsWhenTheSchedulerCannotSay) {
  submit_and_die({spec(1)});
  m_pbs.states["13"] = "R";
  m_pbs.failing_status_queries = 1;
  auto executor = make();
  EXPECT_TRUE(executor->reattach(spec(2)));  // a twin job would be worse than a wait
  m_pbs.complete("13", 0);
  auto done = wait_for_completions(*executor);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, CompletionStatus::succeeded);
}

// flow was killed while qsub answered: the record holds the intent but no id.
void forget_id(test::FakeFilesystem& fs, FakeScheduler& scheduler, const std::string& record,
               const std::string& id) {
  ASSERT_TRUE(scheduler.record_at_submit.contains(id)) << "no intent written before qsub";
  fs.create(record, scheduler.record_at_submit.at(id));
}

TEST_F(ClusterReattachTest, WritesItsIntentBeforeTheSubmitCommandRuns) {
  submit_and_die({spec(1)});
  auto intent = parse_record(m_pbs.record_at_submit.at("13"));
  ASSERT_TRUE(intent.has_value());
  EXPECT_EQ(intent->id, "");
  EXPECT_EQ(intent->scheduler_name, m_pbs.names.at("13"));
  // The name carries the submission's tag, so another submission's name never matches.
  EXPECT_TRUE(intent->scheduler_name.starts_with("count_book_84."));
  EXPECT_EQ(intent->scheduler_name.substr(14), intent->token.substr(0, 6));
  EXPECT_EQ(parse_record(m_fs.contents(m_record))->id, "13");
}

TEST_F(ClusterReattachTest, FindsAJobWhoseIdWasNeverRecordedByItsName) {
  submit_and_die({spec(1, "1"), spec(2)});
  forget_id(m_fs, m_pbs, m_record, "14");
  m_pbs.states["13"] = "R";
  m_pbs.states["14"] = "R";
  m_pbs.status_calls.clear();
  auto executor = make();
  EXPECT_TRUE(executor->reattach(spec(21)));
  EXPECT_EQ(m_spawner.calls("qsub").size(), 2u);  // only the earlier flow's: no twin
  ASSERT_EQ(m_pbs.status_calls.size(), 1u);
  EXPECT_EQ(m_pbs.status_calls[0], (std::vector<std::string>{"qstat", "-f"}));
  EXPECT_EQ(parse_record(m_fs.contents(m_record))->id, "14");  // learnt, for the next flow
  m_pbs.complete("14", 0);
  auto done = wait_for_completions(*executor);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].id, 21u);
  EXPECT_EQ(done[0].status, CompletionStatus::succeeded);
}

TEST_F(ClusterReattachTest, SlurmFindsAJobByItsNameToo) {
  m_options.scheduler = SchedulerKind::slurm;
  FakeScheduler slurm{SchedulerKind::slurm, m_spawner, m_fs, m_clock};
  auto make_slurm = [&] {
    return std::make_unique<ClusterExecutor>(m_options, make_slurm_backend(m_options), m_spawner,
                                             m_fs, m_clock);
  };
  ASSERT_TRUE(make_slurm()->start(spec(1)).ok());
  forget_id(m_fs, slurm, m_record, "13");
  slurm.states["13"] = "PD";
  auto executor = make_slurm();
  EXPECT_TRUE(executor->reattach(spec(2)));
  EXPECT_EQ(m_spawner.calls("sbatch").size(), 1u);
  ASSERT_EQ(slurm.status_calls.size(), 1u);
  EXPECT_EQ(slurm.status_calls[0],
            (std::vector<std::string>{"squeue", "-h", "-o", "%i %t %j", "-t", "all"}));
}

TEST_F(ClusterReattachTest, TakesTheMarkerOfAJobWhoseIdWasNeverRecorded) {
  submit_and_die({spec(1)});
  forget_id(m_fs, m_pbs, m_record, "13");
  m_pbs.complete("13", 0);
  m_pbs.states.erase("13");  // and the scheduler forgot it
  auto executor = make();
  EXPECT_TRUE(executor->reattach(spec(2)));
  auto done = wait_for_completions(*executor);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].status, CompletionStatus::succeeded);
}

TEST_F(ClusterReattachTest, SubmitsAnewWhenTheInterruptedSubmissionNeverArrived) {
  submit_and_die({spec(1)});
  forget_id(m_fs, m_pbs, m_record, "13");
  m_pbs.states.erase("13");  // qsub was killed before the server took the job
  auto executor = make();
  EXPECT_FALSE(executor->reattach(spec(2)));
  EXPECT_FALSE(m_fs.exists(m_record));
}

TEST_F(ClusterReattachTest, NeitherSubmitsNorTracksWhenTheListingFails) {
  submit_and_die({spec(1)});
  forget_id(m_fs, m_pbs, m_record, "13");
  m_pbs.states["13"] = "R";
  m_pbs.failing_status_queries = 1;
  auto executor = make();
  EXPECT_TRUE(executor->reattach(spec(2)));  // taken: it comes back without running
  EXPECT_EQ(executor->in_flight(), 1u);
  auto done = executor->wait(m_clock.steady_now());
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].id, 2u);
  EXPECT_EQ(done[0].status, CompletionStatus::not_started);
  EXPECT_NE(done[0].message.find("cannot tell whether it is queued"), std::string::npos)
      << done[0].message;
  EXPECT_EQ(m_spawner.calls("qsub").size(), 1u);
  EXPECT_TRUE(m_fs.exists(m_record));  // the next flow asks again
  EXPECT_EQ(executor->in_flight(), 0u);
}

TEST_F(ClusterReattachTest, CancelsALeftoverFoundByNameWhenAsked) {
  submit_and_die({spec(1)});
  forget_id(m_fs, m_pbs, m_record, "13");
  m_pbs.states["13"] = "Q";
  m_options.cancel_leftovers = true;
  auto executor = make();
  EXPECT_FALSE(executor->reattach(spec(2)));
  ASSERT_EQ(m_pbs.cancel_calls.size(), 1u);
  EXPECT_EQ(m_pbs.cancel_calls[0], (std::vector<std::string>{"qdel", "13"}));
}

TEST(ClusterRecordTest, RoundTripsAndRejectsTornRecords) {
  JobRecord record{"pbs", "13.server", "abc", "count book=84\tx", "count_book_84.abc", {}};
  auto parsed = parse_record(format_record(record));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->id, "13.server");
  EXPECT_EQ(parsed->name, "count book=84\tx");
  EXPECT_EQ(parsed->scheduler_name, "count_book_84.abc");
  EXPECT_FALSE(parse_record("backend=pbs\nid=13\n").has_value());
  EXPECT_FALSE(parse_record("").has_value());
  // While submitting there is no id yet, but the scheduler name must be there.
  auto intent = parse_record(format_record({"pbs", "", "abc", "count", "count.abc", {}}));
  ASSERT_TRUE(intent.has_value());
  EXPECT_EQ(intent->id, "");
  EXPECT_FALSE(parse_record("backend=pbs\ntoken=abc\nname=count\n").has_value());
}

}  // namespace
}  // namespace flow::exec
