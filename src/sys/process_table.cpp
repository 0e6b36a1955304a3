#include "flow/sys/process_table.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "flow/sys/interrupt.h"

namespace flow::sys {
namespace {

class RealProcessTable final : public ProcessTable {
 public:
  std::optional<std::uint64_t> start_ticks(int pid) const override {
    return read_process_start_ticks(pid);
  }
  bool group_exists(int pgid) const override {
    return pgid > 0 && (kill(-pgid, 0) == 0 || errno == EPERM);
  }
  void signal_group(int pgid, int signal) override {
    if (pgid > 0) kill(-pgid, signal);
  }
  void pause(Duration how_long) override {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(how_long).count();
    pollfd wake{signal_wake_fd(), POLLIN, 0};
    poll(&wake, 1, static_cast<int>(std::clamp<long long>(ms, 0, 60'000)));
  }
};

}  // namespace

std::unique_ptr<ProcessTable> make_real_process_table() {
  return std::make_unique<RealProcessTable>();
}

std::optional<std::uint64_t> read_process_start_ticks(int pid) {
  if (pid <= 0) return std::nullopt;
  std::string file = fmt::format("/proc/{}/stat", pid);
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  char buffer[1024];
  ssize_t got = ::read(fd, buffer, sizeof buffer - 1);
  ::close(fd);
  if (got <= 0) return std::nullopt;
  std::string_view text(buffer, static_cast<std::size_t>(got));
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so fields are counted
  // from the last ')'. The start time is field 22, the 20th after it.
  std::size_t close = text.rfind(')');
  if (close == std::string_view::npos) return std::nullopt;
  text.remove_prefix(close + 1);
  for (int field = 0; field < 20; ++field) {
    text.remove_prefix(std::min(text.size(), text.find_first_not_of(' ')));
    if (field == 19) break;
    std::size_t space = text.find(' ');
    if (space == std::string_view::npos) return std::nullopt;
    text.remove_prefix(space);
  }
  std::uint64_t ticks = 0;
  auto [ptr, error] = std::from_chars(text.data(), text.data() + text.size(), ticks);
  if (error != std::errc() || ptr == text.data()) return std::nullopt;
  return ticks;
}

bool still_running(const ProcessTable& table, const ProcessIdentity& process) {
  if (auto start = table.start_ticks(process.pid)) return *start == process.start_ticks;
  return table.group_exists(process.pgid);
}

}  // namespace flow::sys
