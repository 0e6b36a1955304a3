#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include "flow/sys/process.h"

namespace flow::sys {

bool process_exists(int pid) {
  return kill(pid, 0) == 0 || errno == EPERM;
}

std::string host_name() {
  char buffer[256] = {};
  if (gethostname(buffer, sizeof buffer - 1) != 0) return "localhost";
  return buffer;
}

int own_pid() {
  return static_cast<int>(getpid());
}

}  // namespace flow::sys
