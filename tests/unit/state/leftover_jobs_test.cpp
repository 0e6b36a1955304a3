#include "flow/state/leftover_jobs.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <map>

#include "flow/state/journalled_spawner.h"
#include "support/fake_clock.h"
#include "support/fake_filesystem.h"
#include "support/fake_spawner.h"

namespace flow::state {
namespace {

// Processes by pid, each with a start time and a group; a group's processes end on the
// signals they do not ignore. pause() advances the clock.
class FakeProcessTable : public sys::ProcessTable {
 public:
  explicit FakeProcessTable(test::FakeClock& clock) : m_clock(clock) {}
  struct Process {
    std::uint64_t start = 0;
    int pgid = 0;
    bool ignores_term = false;
  };
  void add(int pid, std::uint64_t start, int pgid, bool ignores_term = false) {
    m_processes[pid] = Process{start, pgid, ignores_term};
  }
  void remove(int pid) { m_processes.erase(pid); }

  std::optional<std::uint64_t> start_ticks(int pid) const override {
    auto it = m_processes.find(pid);
    if (it == m_processes.end()) return std::nullopt;
    return it->second.start;
  }
  bool group_exists(int pgid) const override {
    for (const auto& [pid, process] : m_processes) {
      if (process.pgid == pgid) return true;
    }
    return false;
  }
  void signal_group(int pgid, int signal) override {
    signals.emplace_back(pgid, signal);
    for (auto it = m_processes.begin(); it != m_processes.end();) {
      bool ends = it->second.pgid == pgid &&
                  (signal == SIGKILL || (signal == SIGTERM && !it->second.ignores_term));
      it = ends ? m_processes.erase(it) : std::next(it);
    }
  }
  void pause(Duration how_long) override {
    ++pauses;
    m_clock.advance(how_long);
    if (on_pause) on_pause(*this);
  }

  std::vector<std::pair<int, int>> signals;
  int pauses = 0;
  std::function<void(FakeProcessTable&)> on_pause;

 private:
  test::FakeClock& m_clock;
  std::map<int, Process> m_processes;
};

class LeftoverJobsTest : public ::testing::Test {
 protected:
  std::unique_ptr<StateLog> open() { return std::move(StateLog::open(m_fs, ".flow")).value(); }
  // A journal left by a flow that died while these ran.
  void journal_running(std::vector<sys::ProcessIdentity> jobs) {
    auto log = open();
    for (const auto& job : jobs)
      ASSERT_TRUE(log->record_running(job).ok());
  }
  Result<void> settle(StateLog& log, LeftoverPolicy policy) {
    return settle_leftover_jobs(log, m_table, m_clock, policy,
                                [this](const std::string& text) { m_said.push_back(text); });
  }

  test::FakeFilesystem m_fs;
  test::FakeClock m_clock;
  FakeProcessTable m_table{m_clock};
  std::vector<std::string> m_said;
};

TEST_F(LeftoverJobsTest, RunningRecordsSurviveAndEndedOnesGo) {
  {
    auto log = open();
    ASSERT_TRUE(log->record_running({100, 100, 5000}).ok());
    ASSERT_TRUE(log->record_running({200, 200, 6000}).ok());
    log->record_ended(100);
    EXPECT_EQ(m_fs.contents(".flow/state.log").find("E\t100"), std::string::npos);  // lazily
    ASSERT_TRUE(log->mark_incomplete(std::vector<std::string>{"x"}).ok());  // goes with this
    EXPECT_NE(m_fs.contents(".flow/state.log").find("E\t100\nI\tx\n"), std::string::npos);
  }  // flow dies
  auto jobs = open()->running_jobs();
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].pid, 200);
  EXPECT_EQ(jobs[0].pgid, 200);
  EXPECT_EQ(jobs[0].start_ticks, 6000u);
}

TEST_F(LeftoverJobsTest, NothingJournalledNothingSaid) {
  auto log = open();
  ASSERT_TRUE(settle(*log, LeftoverPolicy::stop).ok());
  EXPECT_TRUE(m_said.empty());
  EXPECT_EQ(m_table.pauses, 0);
}

TEST_F(LeftoverJobsTest, GoneOrReusedPidsAreNotTouched) {
  journal_running({{100, 100, 5000}, {200, 200, 6000}});
  m_table.add(200, 9999, 200);  // pid 200 is now another process
  auto log = open();
  ASSERT_TRUE(settle(*log, LeftoverPolicy::stop).ok());
  EXPECT_TRUE(m_said.empty());
  EXPECT_TRUE(m_table.signals.empty());
  EXPECT_TRUE(log->running_jobs().empty());  // journalled as ended
  EXPECT_TRUE(open()->running_jobs().empty());
}

TEST_F(LeftoverJobsTest, SurvivorsAreStoppedBeforeAnythingElse) {
  journal_running({{100, 100, 5000}, {200, 200, 6000}, {300, 300, 7000}});
  m_table.add(100, 5000, 100);
  m_table.add(201, 6100, 200);  // 200 ended, its background writer 201 did not
  auto log = open();
  ASSERT_TRUE(settle(*log, LeftoverPolicy::stop).ok());
  ASSERT_EQ(m_said.size(), 1u);
  EXPECT_EQ(m_said[0],
            "stopping 2 jobs left running by a flow that died (pids 100, 200) before touching "
            "their outputs; --wait-leftovers waits for them instead");
  EXPECT_EQ(m_table.signals, (std::vector<std::pair<int, int>>{
                                 {100, SIGTERM}, {100, SIGCONT}, {200, SIGTERM}, {200, SIGCONT}}));
  EXPECT_FALSE(m_table.group_exists(200));
  EXPECT_TRUE(open()->running_jobs().empty());
}

TEST_F(LeftoverJobsTest, ASurvivorIgnoringSigtermIsKilledAfterTheGrace) {
  journal_running({{100, 100, 5000}});
  m_table.add(100, 5000, 100, true);
  auto log = open();
  SteadyTime started = m_clock.steady_now();
  ASSERT_TRUE(settle(*log, LeftoverPolicy::stop).ok());
  EXPECT_GE(m_clock.steady_now() - started, k_leftover_grace);
  EXPECT_EQ(m_table.signals.back(), (std::pair<int, int>{100, SIGKILL}));
}

TEST_F(LeftoverJobsTest, WaitingSignalsNothing) {
  journal_running({{100, 100, 5000}});
  m_table.add(100, 5000, 100);
  m_table.on_pause = [](FakeProcessTable& table) {
    if (table.pauses == 40) table.remove(100);  // it ends by itself, 2 s later
  };
  auto log = open();
  ASSERT_TRUE(settle(*log, LeftoverPolicy::wait).ok());
  EXPECT_EQ(m_said[0],
            "waiting for 1 job left running by a flow that died (pid 100) to end before "
            "touching their outputs");
  EXPECT_TRUE(m_table.signals.empty());
  EXPECT_EQ(m_table.pauses, 40);
}

TEST_F(LeftoverJobsTest, AnUnkillableSurvivorIsAnError) {
  journal_running({{100, 100, 5000}});
  m_table.add(100, 5000, 100, true);
  m_table.on_pause = [](FakeProcessTable& table) { table.add(100, 5000, 100, true); };
  auto log = open();
  auto settled = settle(*log, LeftoverPolicy::stop);
  ASSERT_FALSE(settled.ok());
  EXPECT_EQ(settled.error().message,
            "cannot stop the job left running by a flow that died (pid 100): they survive "
            "SIGKILL");
  EXPECT_EQ(open()->running_jobs().size(), 1u);  // still journalled: the next flow looks again
}

TEST_F(LeftoverJobsTest, CompactionKeepsRunningRecords) {
  std::vector<std::string> paths;
  for (int i = 0; i < 700; ++i)
    paths.push_back("out/" + std::to_string(i));
  {
    auto log = open();
    ASSERT_TRUE(log->record_running({100, 100, 5000}).ok());
    ASSERT_TRUE(log->mark_incomplete(paths).ok());
    ASSERT_TRUE(log->forget(paths).ok());
  }
  auto log = open();  // compacts
  EXPECT_LT(m_fs.contents(".flow/state.log").size(), 100u);
  ASSERT_EQ(log->running_jobs().size(), 1u);
  EXPECT_EQ(log->running_jobs()[0].start_ticks, 5000u);
}

TEST_F(LeftoverJobsTest, TheJournalledSpawnerRecordsEachJobUntilItEnds) {
  test::FakeSpawner spawner;
  auto log = open();
  JournalledSpawner journalled(spawner, *log, m_table);
  sys::SpawnRequest request;
  request.argv = {"job"};
  m_table.add(1000, 4242, 1000);  // what /proc says of the job once spawned
  auto handle = journalled.spawn(request);
  ASSERT_TRUE(handle.ok());
  ASSERT_EQ(log->running_jobs().size(), 1u);
  EXPECT_EQ(log->running_jobs()[0].pid, handle->pid);
  EXPECT_EQ(log->running_jobs()[0].start_ticks, 4242u);
  EXPECT_NE(m_fs.contents(".flow/state.log").find("R\t1000\t1000\t4242\n"), std::string::npos);
  spawner.finish(*handle, 0);
  EXPECT_EQ(journalled.wait_any(m_clock.steady_now()).size(), 1u);
  EXPECT_TRUE(log->running_jobs().empty());
  ASSERT_TRUE(log->sync().ok());
  EXPECT_NE(m_fs.contents(".flow/state.log").find("E\t1000\n"), std::string::npos);
}

}  // namespace
}  // namespace flow::state
