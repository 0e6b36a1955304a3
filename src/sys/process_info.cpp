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

unsigned own_uid() {
  return static_cast<unsigned>(getuid());
}

unsigned own_gid() {
  return static_cast<unsigned>(getgid());
}

}  // namespace flow::sys
