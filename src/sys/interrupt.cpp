#include "flow/sys/interrupt.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>

namespace flow::sys {
namespace {

// The only global state of flow (docs/architecture.md): async-signal-safe flags and the
// self-pipe that wakes the event loop.
volatile sig_atomic_t g_interrupts = 0;
volatile sig_atomic_t g_last_signal = 0;
int g_wake_pipe[2] = {-1, -1};

void wake() {
  if (g_wake_pipe[1] < 0) return;
  int saved = errno;
  char byte = 1;
  // A full pipe already guarantees a wake-up, so the result does not matter.
  [[maybe_unused]] auto written = write(g_wake_pipe[1], &byte, 1);
  errno = saved;
}

void on_interrupt(int signal) {
  g_interrupts = g_interrupts + 1;
  g_last_signal = signal;
  wake();
}

void on_child(int) {
  wake();
}

void make_pipe() {
  if (g_wake_pipe[0] >= 0) return;
  if (pipe2(g_wake_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
    g_wake_pipe[0] = g_wake_pipe[1] = -1;
  }
}

}  // namespace

void install_signal_handlers() {
  make_pipe();
  struct sigaction action {};
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  action.sa_handler = on_interrupt;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  // A hang-up (an ssh session that drops) asks for the same clean stop as SIGTERM: without
  // a handler it would kill flow at once and leave its jobs to the launcher.
  sigaction(SIGHUP, &action, nullptr);
  action.sa_handler = on_child;
  action.sa_flags = SA_RESTART | SA_NOCLDSTOP;
  sigaction(SIGCHLD, &action, nullptr);
  // A job that closes its end of a pipe must not kill flow.
  signal(SIGPIPE, SIG_IGN);
}

int interrupt_count() {
  return g_interrupts;
}

int last_interrupt_signal() {
  return g_last_signal;
}

int signal_wake_fd() {
  make_pipe();
  return g_wake_pipe[0];
}

void drain_signal_wake_fd() {
  if (g_wake_pipe[0] < 0) return;
  char buffer[256];
  while (read(g_wake_pipe[0], buffer, sizeof buffer) > 0) {
  }
}

void simulate_interrupt() {
  on_interrupt(SIGINT);
}

}  // namespace flow::sys
