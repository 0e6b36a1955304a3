// flow's side of the job launcher (launcher_main.cpp, protocol in launcher_protocol.h): a
// ProcessSpawner whose children are the launcher's. flow keeps its own copy of each job's
// capture memfds and reads them when the exit event arrives, as the direct spawner does.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "flow/sys/filesystem.h"
#include "flow/sys/interrupt.h"
#include "flow/sys/launcher.h"
#include "sys/job_groups.h"
#include "sys/launcher_main.h"
#include "sys/launcher_protocol.h"
#include "sys/posix_spawner.h"

namespace flow::sys {
namespace detail {
namespace {

// How long flow waits on the launcher (its start, a reply, room to send) before it counts
// it as dead. Only a stopped or wedged launcher takes this long: each step is microseconds.
constexpr int k_launcher_timeout_ms = 30'000;
constexpr std::size_t k_reply_capacity = 256;

using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline, int cap) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::clamp<long long>(left.count() + 1, 0, cap));
}

// True when `pid` is (still) a child of this process, whether running or a zombie.
bool is_own_child(pid_t pid) {
  siginfo_t info{};
  return waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0;
}

void stop_launcher(pid_t launcher) {
  kill(launcher, SIGKILL);
  // Once it is a zombie, the kernel has handed its children to us (the subreaper).
  while (waitpid(launcher, nullptr, 0) < 0 && errno == EINTR) {
  }
}

// Waits for the launcher to stop its jobs and exit (it does at end of file), bounded.
void await_launcher(pid_t launcher) {
  auto deadline = Clock::now() + 3 * k_group_stop_grace;
  while (Clock::now() < deadline) {
    pid_t done = waitpid(launcher, nullptr, WNOHANG);
    if (done == launcher || (done < 0 && errno != EINTR)) return;
    poll(nullptr, 0, 50);
  }
  stop_launcher(launcher);
}

class LauncherSpawner final : public ProcessSpawner {
 public:
  LauncherSpawner(int socket, pid_t launcher, WarningSink warn)
      : m_socket(socket),
        m_launcher(launcher),
        m_warn(std::move(warn)),
        m_seen_interrupts(interrupt_count()) {}

  ~LauncherSpawner() override {
    if (!m_direct) {
      close(m_socket);
      // With jobs still running (flow leaving on an error), the launcher stops them itself
      // when it sees the socket close: let it. Else it has nothing to do but exit.
      if (m_children.empty()) {
        stop_launcher(m_launcher);
      } else {
        await_launcher(m_launcher);
      }
    }
    for (auto& [pid, child] : m_children)
      close_capture_fds(child.fds);
  }
  LauncherSpawner(const LauncherSpawner&) = delete;
  LauncherSpawner& operator=(const LauncherSpawner&) = delete;

  Result<ProcessHandle> spawn(const SpawnRequest& request) override {
    if (m_direct) return m_direct->spawn(request);
    if (request.argv.empty()) return make_error(ErrorKind::internal, "spawn: empty argv");
    auto fds = make_capture_fds(request.output);
    if (!fds) return fds.error();
    // The launcher's working directory is flow's at the fork: say which one is meant now.
    SpawnMessage message{request.output, request.cwd.empty() ? current_directory() : request.cwd,
                         request.argv, request.env};
    m_reply.reset();
    if (!send_request(encode_spawn(message), *fds)) {
      close_capture_fds(*fds);
      fall_back("the job launcher died or stopped answering");
      return m_direct->spawn(request);
    }
    if (!await_reply()) {
      // It may have started the job before dying: starting it again could run it twice.
      close_capture_fds(*fds);
      return make_error(ErrorKind::job,
                        fmt::format("cannot start '{}': the job launcher died", request.argv[0]));
    }
    if (m_reply->kind != PacketKind::spawned) {
      close_capture_fds(*fds);
      return spawn_error(m_reply->value, request.argv[0]);
    }
    pid_t pid = m_reply->value;
    m_children[pid] = Child{Clock::now(), *fds};
    return ProcessHandle{pid};
  }

  std::vector<ExitInfo> wait_any(SteadyTime deadline) override {
    while (true) {
      if (!m_direct) read_available();
      if (!m_finished.empty()) {
        std::vector<ExitInfo> done(std::make_move_iterator(m_finished.begin()),
                                   std::make_move_iterator(m_finished.end()));
        m_finished.clear();
        return done;
      }
      if (m_direct) return m_direct->wait_any(deadline);
      if (interrupt_count() != m_seen_interrupts) {
        m_seen_interrupts = interrupt_count();
        return {};
      }
      if (Clock::now() >= deadline) return {};
      // Woken by an exit event, by an interrupt (the self-pipe), or by SIGCHLD should the
      // launcher itself die; the cap guards against a lost wake-up anyway.
      wait_readable(remaining_ms(deadline, 1000), true);
    }
  }

  ExitInfo wait_for(ProcessHandle process) override {
    while (true) {
      auto it = std::find_if(m_finished.begin(), m_finished.end(),
                             [&](const ExitInfo& info) { return info.process == process; });
      if (it != m_finished.end()) {
        ExitInfo info = std::move(*it);
        m_finished.erase(it);
        return info;
      }
      if (m_direct && m_direct->knows(process)) return m_direct->wait_for(process);
      if (!m_children.contains(process.pid)) return lost(process);
      // Other jobs' exits read meanwhile stay in m_finished for wait_any.
      wait_readable(1000, false);
      read_available();
    }
  }

  void signal_group(ProcessHandle process, int signal) override {
    // A job leads its own process group, so flow signals it directly.
    if (process.pid > 0 && m_children.contains(process.pid)) {
      kill(-process.pid, signal);
    } else if (m_direct) {
      m_direct->signal_group(process, signal);
    }
  }

  std::size_t running() const override {
    return m_children.size() + m_finished.size() + (m_direct ? m_direct->running() : 0);
  }

 private:
  struct Child {
    SteadyTime started;
    CaptureFds fds;
  };

  static ExitInfo lost(ProcessHandle process) {
    ExitInfo info;
    info.process = process;
    info.exit_code = 127;
    return info;
  }

  // Sends the request in packets, the last one with the capture memfds. False when the
  // launcher is gone or took too long to make room.
  bool send_request(const std::string& bytes, const CaptureFds& fds) {
    int fd_list[2] = {fds.out, fds.err};
    int fd_count = (fds.out >= 0) + (fds.err >= 0);
    std::size_t at = 0;
    std::string packet;
    do {
      std::size_t size = std::min(k_max_request_chunk, bytes.size() - at);
      bool last = at + size == bytes.size();
      PacketKind kind = last ? PacketKind::spawn : PacketKind::spawn_part;
      packet.assign(reinterpret_cast<const char*>(&kind), sizeof kind);
      packet.append(bytes, at, size);
      if (!send_whole(packet, last ? fd_list : nullptr, last ? fd_count : 0)) return false;
      at += size;
    } while (at < bytes.size());
    return true;
  }

  bool send_whole(const std::string& packet, const int* fds, int fd_count) {
    auto deadline = Clock::now() + std::chrono::milliseconds(k_launcher_timeout_ms);
    while (true) {
      int error = send_packet(m_socket, packet.data(), packet.size(), fds, fd_count);
      if (error == 0) return true;
      if (error != EAGAIN || Clock::now() >= deadline) return false;
      pollfd room{m_socket, POLLOUT, 0};
      poll(&room, 1, remaining_ms(deadline, 1000));
    }
  }

  // Reads until the reply to the request just sent arrives. False when the launcher died
  // (or went silent) first; flow then falls back to spawning directly.
  bool await_reply() {
    auto deadline = Clock::now() + std::chrono::milliseconds(k_launcher_timeout_ms);
    while (!m_reply && !m_direct) {
      if (Clock::now() >= deadline) {
        fall_back("the job launcher stopped answering");
        break;
      }
      wait_readable(remaining_ms(deadline, 1000), false);
      read_available();
    }
    return m_reply.has_value();
  }

  void wait_readable(int timeout_ms, bool wake_on_signal) {
    pollfd fds[2] = {{m_socket, POLLIN, 0}, {signal_wake_fd(), POLLIN, 0}};
    poll(fds, wake_on_signal ? 2 : 1, timeout_ms);
    if (wake_on_signal && fds[1].revents != 0) drain_signal_wake_fd();
  }

  // Takes in every packet waiting on the socket; at end of file, falls back.
  void read_available() {
    while (!m_direct) {
      int fds[2] = {-1, -1};
      int fd_count = 0;
      long got = receive_packet(m_socket, m_packet, k_reply_capacity, fds, fd_count);
      for (int i = 0; i < fd_count; ++i)
        close(fds[i]);  // the launcher sends none
      if (got == -EAGAIN) return;
      if (got <= 0) {
        fall_back("the job launcher died");
        return;
      }
      // After a reply, spawn() must record the child before its exit event is read.
      if (handle_packet()) return;
    }
  }

  // Returns true for a reply to a spawn request.
  bool handle_packet() {
    PacketKind kind{};
    if (m_packet.size() < sizeof kind) return false;
    std::memcpy(&kind, m_packet.data(), sizeof kind);
    if (kind == PacketKind::exited && m_packet.size() == sizeof(ExitPacket)) {
      ExitPacket packet;
      std::memcpy(&packet, m_packet.data(), sizeof packet);
      on_exit(packet);
    } else if ((kind == PacketKind::spawned || kind == PacketKind::spawn_failed) &&
               m_packet.size() == sizeof(ReplyPacket)) {
      ReplyPacket reply{};
      std::memcpy(&reply, m_packet.data(), sizeof reply);
      m_reply = reply;
      return true;
    }
    return false;
  }

  void on_exit(const ExitPacket& packet) {
    auto it = m_children.find(packet.pid);
    if (it == m_children.end()) return;
    ExitInfo info;
    info.process = ProcessHandle{packet.pid};
    set_exit_status(info, packet.status);
    info.wall_seconds = static_cast<double>(packet.wall_ns) / 1e9;
    info.cpu_seconds = static_cast<double>(packet.user_us + packet.system_us) / 1e6;
    info.max_rss_kb = packet.max_rss_kb;
    info.io_in_blocks = packet.in_blocks;
    info.io_out_blocks = packet.out_blocks;
    read_and_close_capture(it->second.fds, info);
    m_children.erase(it);
    m_finished.push_back(std::move(info));
  }

  // The launcher is gone (or made to go): its running jobs are now flow's own children
  // (flow is their subreaper), so the direct spawner takes them over and starts the rest.
  void fall_back(const std::string& why) {
    close(m_socket);
    stop_launcher(m_launcher);
    m_direct = std::make_unique<PosixSpawner>();
    std::size_t adopted = 0;
    for (auto& [pid, child] : m_children) {
      if (is_own_child(pid)) {
        m_direct->adopt(ProcessHandle{pid}, child.started, child.fds);
        ++adopted;
      } else if (group_exists(pid)) {
        // Its leader ended and was reaped, but the rest of its group still runs: the job
        // is not over until that is gone.
        m_direct->adopt_lingering(ProcessHandle{pid}, child.started, child.fds);
      } else {
        // Reaped by the launcher, its exit never told: report it lost (like wait_for does).
        ExitInfo info = lost(ProcessHandle{pid});
        read_and_close_capture(child.fds, info);
        m_finished.push_back(std::move(info));
      }
    }
    std::size_t lost_count = m_children.size() - adopted;
    m_children.clear();
    m_warn(fmt::format(
        "{}: flow starts jobs itself from now on (their max_rss includes flow's memory); "
        "{} running job{} taken over{}",
        why, adopted, adopted == 1 ? "" : "s",
        lost_count == 0 ? "" : fmt::format(", {} lost (reported as exit 127)", lost_count)));
  }

  int m_socket;
  pid_t m_launcher;
  WarningSink m_warn;
  int m_seen_interrupts;  // interrupts already reported by wait_any
  std::unordered_map<pid_t, Child> m_children;
  std::deque<ExitInfo> m_finished;
  std::optional<ReplyPacket> m_reply;  // the reply to the request in progress
  std::string m_packet;
  std::unique_ptr<PosixSpawner> m_direct;  // set once the launcher is gone
};

// Forks the launcher and waits for its ready packet. Returns the socket and the launcher's
// pid, or an error saying why it could not start.
Result<std::pair<int, pid_t>> start_launcher() {
  int ends[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ends) != 0)
    return make_error(ErrorKind::io, fmt::format("socketpair: {}", std::strerror(errno)));
  pid_t pid = fork();
  if (pid < 0) {
    int err = errno;
    close(ends[0]);
    close(ends[1]);
    return make_error(ErrorKind::io, fmt::format("fork: {}", std::strerror(err)));
  }
  if (pid == 0) {
    close(ends[0]);
    run_launcher(ends[1]);
  }
  close(ends[1]);
  fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL) | O_NONBLOCK);
  pollfd ready{ends[0], POLLIN, 0};
  std::string packet;
  int fds[2];
  int fd_count = 0;
  ReplyPacket reply{};
  bool answered = poll(&ready, 1, k_launcher_timeout_ms) == 1 &&
                  receive_packet(ends[0], packet, k_reply_capacity, fds, fd_count) ==
                      static_cast<long>(sizeof reply);
  if (answered) std::memcpy(&reply, packet.data(), sizeof reply);
  if (!answered || reply.kind != PacketKind::ready) {
    close(ends[0]);
    stop_launcher(pid);
    return make_error(ErrorKind::io, "the job launcher did not start");
  }
  return std::make_pair(ends[0], pid);
}

}  // namespace
}  // namespace detail

std::unique_ptr<ProcessSpawner> make_launcher_spawner(WarningSink warn) {
  auto started = detail::start_launcher();
  if (!started) {
    warn(
        fmt::format("cannot start the job launcher ({}): flow starts jobs itself (their "
                    "max_rss includes flow's memory)",
                    started.error().message));
    return make_posix_spawner();
  }
  // Should the launcher die, its running jobs become flow's children, not init's.
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  return std::make_unique<detail::LauncherSpawner>(started->first, started->second,
                                                   std::move(warn));
}

}  // namespace flow::sys
