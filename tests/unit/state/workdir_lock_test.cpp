#include "flow/state/workdir_lock.h"

#include <gtest/gtest.h>

#include "support/fake_filesystem.h"

namespace flow::state {
namespace {

constexpr TimeStamp k_second = 1'000'000'000;

class WorkdirLockTest : public ::testing::Test {
 protected:
  // A flow with `pid` on node1, at the fake filesystem's time; `alive` says which pids exist.
  LockProbe probe(
      int pid, std::function<bool(int)> alive = [](int) { return false; }) {
    return LockProbe{{pid, "node1"}, std::move(alive), m_fs.now()};
  }
  test::FakeFilesystem m_fs;
};

TEST_F(WorkdirLockTest, SecondFlowIsRefusedWhileTheFirstHoldsTheLock) {
  auto first = WorkdirLock::acquire(m_fs, ".flow", probe(100));
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(m_fs.lock_held(".flow/lock"));
  EXPECT_EQ(m_fs.contents(".flow/lock"), "100 node1\n");
  auto second = WorkdirLock::acquire(m_fs, ".flow", probe(200));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().kind, ErrorKind::workflow);
  EXPECT_EQ(second.error().message,
            "another flow (pid 100 on node1) is running in this directory: it holds .flow/lock");
  ASSERT_EQ(second.error().notes.size(), 1u);
  EXPECT_EQ(second.error().notes[0],
            "wait for it to finish or stop it; `flow --unlock` is only for a lock left by a flow "
            "that died");
  first->release();
  EXPECT_FALSE(m_fs.exists(".flow/lock"));
  EXPECT_TRUE(WorkdirLock::acquire(m_fs, ".flow", probe(200)).ok());
}

TEST_F(WorkdirLockTest, LockOfADeadFlowIsTakenOverWhateverItSays) {
  // flock is released by the kernel when its holder dies: the pid written is irrelevant,
  // even when that pid now belongs to some other live process.
  for (std::string left : {"4242 node1\n", "", "42", "garbage that is not a lock\n"}) {
    m_fs.create(".flow/lock", left);
    auto lock = WorkdirLock::acquire(m_fs, ".flow", probe(100, [](int) { return true; }));
    ASSERT_TRUE(lock.ok()) << "lock holding '" << left << "'";
    EXPECT_EQ(m_fs.contents(".flow/lock"), "100 node1\n");
  }
}

TEST_F(WorkdirLockTest, AHolderThatHasNotWrittenItsPidIsStillAHolder) {
  m_fs.create(".flow/lock", "");
  auto holder = m_fs.open_lock(".flow/lock", false);  // took the flock, writes nothing yet
  ASSERT_TRUE(holder.ok() && (*holder)->held());
  auto lock = WorkdirLock::acquire(m_fs, ".flow", probe(100));
  ASSERT_FALSE(lock.ok());
  EXPECT_EQ(lock.error().message,
            "another flow is running in this directory: it holds .flow/lock (and has not "
            "written its pid into it yet)");
}

TEST_F(WorkdirLockTest, LockFromAnotherHostIsRefusedWithAHint) {
  m_fs.create(".flow/lock", "4242 node7\n");
  auto lock = WorkdirLock::acquire(m_fs, ".flow", probe(100));
  ASSERT_FALSE(lock.ok());
  EXPECT_EQ(lock.error().message,
            "another flow (pid 4242 on node7) is running in this directory: it holds .flow/lock");
  ASSERT_EQ(lock.error().notes.size(), 1u);
  EXPECT_EQ(lock.error().notes[0],
            "flow cannot check a process on another host: if that flow is gone, remove its lock "
            "with `flow --unlock`");
  EXPECT_EQ(m_fs.contents(".flow/lock"), "4242 node7\n");  // left as it was
  auto unlocked = WorkdirLock::unlock(m_fs, ".flow", probe(100), false);
  ASSERT_TRUE(unlocked.ok());
  EXPECT_TRUE(unlocked->removed);
  ASSERT_TRUE(unlocked->owner.has_value());
  EXPECT_EQ(unlocked->owner->pid, 4242);
  EXPECT_EQ(unlocked->owner->host, "node7");
  EXPECT_TRUE(WorkdirLock::acquire(m_fs, ".flow", probe(100)).ok());
}

TEST_F(WorkdirLockTest, UnlockRefusesTheLockOfARunningFlowUnlessForced) {
  auto running = WorkdirLock::acquire(m_fs, ".flow", probe(100));
  ASSERT_TRUE(running.ok());
  auto refused = WorkdirLock::unlock(m_fs, ".flow", probe(200), false);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message,
            "not removing .flow/lock: it belongs to flow (pid 100), which is still running in "
            "this directory");
  ASSERT_EQ(refused.error().notes.size(), 1u);
  EXPECT_EQ(refused.error().notes[0],
            "--unlock is for a lock left by a flow that died; stop that flow first, or remove "
            "its lock anyway with `flow --unlock --force`");
  EXPECT_TRUE(m_fs.exists(".flow/lock"));
  auto forced = WorkdirLock::unlock(m_fs, ".flow", probe(200), true);
  ASSERT_TRUE(forced.ok());
  EXPECT_TRUE(forced->removed);
  EXPECT_FALSE(m_fs.exists(".flow/lock"));
  // The old holder's release must not remove a lock that is no longer its own.
  auto next = WorkdirLock::acquire(m_fs, ".flow", probe(300));
  ASSERT_TRUE(next.ok());
  running->release();
  EXPECT_EQ(m_fs.contents(".flow/lock"), "300 node1\n");
}

TEST_F(WorkdirLockTest, UnlockWithoutALockSaysSo) {
  auto unlocked = WorkdirLock::unlock(m_fs, ".flow", probe(100), false);
  ASSERT_TRUE(unlocked.ok());
  EXPECT_FALSE(unlocked->removed);
}

TEST_F(WorkdirLockTest, WithoutFlockTheContentsDecide) {
  m_fs.set_locks_unsupported(true);
  auto alive = [](int pid) { return pid == 4242; };
  // A live owner on this host holds it; --unlock refuses it too.
  m_fs.create(".flow/lock", "4242 node1\n");
  EXPECT_FALSE(WorkdirLock::acquire(m_fs, ".flow", probe(100, alive)).ok());
  EXPECT_FALSE(WorkdirLock::unlock(m_fs, ".flow", probe(100, alive), false).ok());
  // A dead one does not.
  m_fs.create(".flow/lock", "4343 node1\n");
  EXPECT_TRUE(WorkdirLock::acquire(m_fs, ".flow", probe(100, alive)).ok());
  // An empty or torn lock is being written: held for a grace period, then stale.
  for (std::string left : {"", "4242 no"}) {
    m_fs.create(".flow/lock", left);
    EXPECT_FALSE(WorkdirLock::acquire(m_fs, ".flow", probe(100, alive)).ok()) << left;
    m_fs.set_mtime(".flow/lock", m_fs.now() - 11 * k_second);
    EXPECT_TRUE(WorkdirLock::acquire(m_fs, ".flow", probe(100, alive)).ok()) << left;
  }
  // A lock this flow creates itself is its own at once.
  (void)m_fs.remove(".flow/lock");
  EXPECT_TRUE(WorkdirLock::acquire(m_fs, ".flow", probe(100, alive)).ok());
}

TEST(LockOwnerTest, OnlyAWholeLineIsAnOwner) {
  auto owner = parse_lock_owner("123 node1\n");
  ASSERT_TRUE(owner.has_value());
  EXPECT_EQ(owner->pid, 123);
  EXPECT_EQ(owner->host, "node1");
  EXPECT_FALSE(parse_lock_owner("123 node1").has_value());  // torn: no newline yet
  EXPECT_FALSE(parse_lock_owner("").has_value());
  EXPECT_FALSE(parse_lock_owner("-5 node1\n").has_value());
  EXPECT_FALSE(parse_lock_owner("123\n").has_value());
  EXPECT_FALSE(parse_lock_owner("99999999999 node1\n").has_value());
}

}  // namespace
}  // namespace flow::state
