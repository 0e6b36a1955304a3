// The job launcher: a small process forked by flow before it loads the workflow, that starts
// jobs on request and reports their ends (launcher_protocol.h). A job's ru_maxrss starts at
// the high water mark of the process that spawned it, so jobs spawned from here report their
// own peak memory and not flow's.
//
// Runs in the forked child: it touches nothing of flow's but its socket, its own few objects
// and its children, and leaves by _exit (never through flow's atexit handlers or buffers).

#include "sys/launcher_main.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <unordered_map>

#include "sys/job_groups.h"
#include "sys/launcher_protocol.h"
#include "sys/spawn_support.h"

namespace flow::sys::detail {
namespace {

constexpr int k_socket_fd = 3;

class Launcher {
 public:
  Launcher(int socket, int child_signals) : m_socket(socket), m_child_signals(child_signals) {}

  // Serves requests until flow goes away (end of file or a broken socket), then stops every
  // job still running: no job outlives flow.
  void run() {
    send_reply(PacketKind::ready, static_cast<std::int32_t>(getpid()));
    while (m_alive) {
      pollfd fds[2] = {
          {m_socket, static_cast<short>(POLLIN | (m_outgoing.empty() ? 0 : POLLOUT)), 0},
          {m_child_signals, POLLIN, 0}};
      if (poll(fds, 2, m_lingering.poll_timeout_ms()) < 0 && errno != EINTR) break;
      reap();  // also on a timeout: a lingering group may have gone without a SIGCHLD here
      if (fds[0].revents != 0) read_requests();
      flush();
    }
    stop_jobs();
  }

 private:
  void read_requests() {
    while (m_alive) {
      int fds[2] = {-1, -1};
      int fd_count = 0;
      long got = receive_packet(m_socket, m_packet, k_max_request_packet, fds, fd_count);
      if (got == -EAGAIN) return;
      if (got <= 0 && got != -EMSGSIZE) {
        m_alive = false;  // flow closed its end, or died
        return;
      }
      handle_packet(got == -EMSGSIZE ? std::string() : m_packet, fds, fd_count);
    }
  }

  void handle_packet(const std::string& packet, int* fds, int fd_count) {
    PacketKind kind{};
    if (packet.size() >= sizeof kind) std::memcpy(&kind, packet.data(), sizeof kind);
    if (kind == PacketKind::spawn_part && fd_count == 0) {
      m_request.append(packet, sizeof kind);
      return;
    }
    if (kind == PacketKind::spawn) m_request.append(packet, sizeof kind);
    SpawnMessage message;
    bool valid = kind == PacketKind::spawn && decode_spawn(m_request, message) &&
                 fd_count == capture_fd_count(message.output);
    m_request.clear();
    CaptureFds capture{fd_count > 0 ? fds[0] : -1, fd_count > 1 ? fds[1] : -1};
    if (!valid) {
      close_capture_fds(capture);
      send_reply(PacketKind::spawn_failed, EPROTO);
      return;
    }
    auto started = std::chrono::steady_clock::now();
    pid_t pid = -1;
    int error = spawn_child(m_attributes, message.argv, message.cwd, message.env, capture, pid);
    close_capture_fds(capture);  // the job has its own copies; flow keeps the originals
    if (error != 0) {
      send_reply(PacketKind::spawn_failed, error);
      return;
    }
    // A pid is reused only once its old group is gone: report that job first.
    if (auto old = m_lingering.take(pid)) report(*old);
    m_jobs[pid] = started;
    send_reply(PacketKind::spawned, pid);
  }

  // Reaps every child that ended. A job is reported once its leader has ended and its whole
  // process group is gone; orphans of jobs (this process is their subreaper) are only reaped.
  void reap() {
    signalfd_siginfo info[8];
    while (read(m_child_signals, info, sizeof info) > 0) {
    }
    auto now = std::chrono::steady_clock::now();
    while (true) {
      LingeringGroups::Ended ended;
      pid_t pid = wait4(-1, &ended.status, WNOHANG, &ended.usage);
      if (pid <= 0) break;
      if (!m_jobs.contains(pid)) continue;
      ended.pid = pid;
      if (m_lingering.leader_ended(ended, now)) report(ended);
    }
    for (const auto& ended : m_lingering.take_finished(now))
      report(ended);
  }

  void report(const LingeringGroups::Ended& ended) {
    auto it = m_jobs.find(ended.pid);
    if (it == m_jobs.end()) return;
    ExitPacket packet;
    packet.pid = ended.pid;
    packet.status = ended.status;
    packet.wall_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                         std::chrono::steady_clock::now() - it->second)
                         .count();
    const rusage& usage = ended.usage;
    packet.user_us = usage.ru_utime.tv_sec * 1000000L + usage.ru_utime.tv_usec;
    packet.system_us = usage.ru_stime.tv_sec * 1000000L + usage.ru_stime.tv_usec;
    packet.max_rss_kb = usage.ru_maxrss;
    packet.in_blocks = usage.ru_inblock;
    packet.out_blocks = usage.ru_oublock;
    m_jobs.erase(it);
    if (m_alive) queue(&packet, sizeof packet);
  }

  // flow is gone: SIGTERM to every job's process group, SIGKILL to what is left after the
  // grace, and back only when every group is gone (or, for processes that cannot be killed,
  // after as long again).
  void stop_jobs() {
    auto now = std::chrono::steady_clock::now();
    auto kill_at = now + k_group_stop_grace;
    auto give_up = kill_at + k_group_stop_grace;
    bool killed = false;
    for (const auto& [pid, started] : m_jobs) {
      kill(-pid, SIGTERM);
      kill(-pid, SIGCONT);
    }
    while (!m_jobs.empty()) {
      reap();
      now = std::chrono::steady_clock::now();
      m_lingering.stop_all(now);  // jobs whose leader ended meanwhile
      if (!killed && now >= kill_at) {
        killed = true;
        for (const auto& [pid, started] : m_jobs)
          kill(-pid, SIGKILL);
      }
      if (m_jobs.empty() || now >= give_up) return;
      pollfd wake{m_child_signals, POLLIN, 0};
      poll(&wake, 1, 50);
    }
  }

  void send_reply(PacketKind kind, std::int32_t value) {
    ReplyPacket reply{kind, value};
    queue(&reply, sizeof reply);
  }

  // Sends now when nothing waits before it; else keeps it for flush(). Never blocks, so the
  // launcher always goes on reading flow's requests (no deadlock with a busy flow).
  void queue(const void* data, std::size_t size) {
    if (m_outgoing.empty()) {
      int error = send_packet(m_socket, data, size);
      if (error == 0) return;
      if (error != EAGAIN) {
        m_alive = false;
        return;
      }
    }
    m_outgoing.emplace_back(static_cast<const char*>(data), size);
  }

  void flush() {
    while (!m_outgoing.empty() && m_alive) {
      int error = send_packet(m_socket, m_outgoing.front().data(), m_outgoing.front().size());
      if (error == EAGAIN) return;
      if (error != 0) m_alive = false;
      m_outgoing.pop_front();
    }
  }

  int m_socket;
  int m_child_signals;
  bool m_alive = true;
  SpawnAttributes m_attributes;
  LingeringGroups m_lingering;  // jobs whose leader ended while their group lives
  std::unordered_map<pid_t, std::chrono::steady_clock::time_point> m_jobs;
  std::deque<std::string> m_outgoing;
  std::string m_request;  // the spawn request being received, across spawn_part packets
  std::string m_packet;
};

// Leaves the launcher with its socket as descriptor 3 (close-on-exec, non-blocking) and no
// other descriptor of flow's but 0, 1 and 2 (the jobs' inherited output goes to flow's own).
int keep_only_socket(int socket) {
  if (socket != k_socket_fd) {
    if (dup3(socket, k_socket_fd, O_CLOEXEC) < 0) return -1;
    close(socket);
  }
  close_range(k_socket_fd + 1, ~0U, 0);
  int flags = fcntl(k_socket_fd, F_GETFL);
  fcntl(k_socket_fd, F_SETFL, flags | O_NONBLOCK);
  return k_socket_fd;
}

// Terminal signals reach the launcher (it is in flow's process group): flow decides what
// happens to jobs, so the launcher ignores them. SIGCHLD arrives through a signalfd.
int take_signals() {
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT})
    sigaction(sig, &ignore, nullptr);
  struct sigaction standard {};
  standard.sa_handler = SIG_DFL;
  sigemptyset(&standard.sa_mask);
  sigaction(SIGCHLD, &standard, nullptr);
  sigset_t child;
  sigemptyset(&child);
  sigaddset(&child, SIGCHLD);
  sigprocmask(SIG_BLOCK, &child, nullptr);
  return signalfd(-1, &child, SFD_NONBLOCK | SFD_CLOEXEC);
}

}  // namespace

void run_launcher(int socket) {
  socket = keep_only_socket(socket);
  int child_signals = take_signals();
  if (socket < 0 || child_signals < 0) _exit(1);
  prctl(PR_SET_NAME, "flow-launcher");
  // Orphans of jobs come here (and are reaped) rather than to flow, which is a subreaper too
  // so that it inherits the running jobs should this process die.
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  {
    Launcher launcher(socket, child_signals);
    launcher.run();
  }
  _exit(0);
}

}  // namespace flow::sys::detail
