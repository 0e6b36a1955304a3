#pragma once
// SIGINT, SIGTERM and SIGHUP become a flag (the only global state in flow), and wake a blocked
// ProcessSpawner::wait_any through a self-pipe.

namespace flow::sys {

/// Installs the handlers for SIGINT, SIGTERM, SIGHUP and SIGCHLD. Call once, early in main.
void install_signal_handlers();

/// How many interrupts (SIGINT, SIGTERM or SIGHUP) arrived since start; the first asks for a clean
/// stop, a second for an immediate kill.
int interrupt_count();

/// The last interrupting signal (SIGINT, SIGTERM or SIGHUP), or 0.
int last_interrupt_signal();

/// The read end of the self-pipe; readable after any of the three signals.
int signal_wake_fd();

/// Empties the self-pipe after a wake-up.
void drain_signal_wake_fd();

/// For tests: pretend an interrupt arrived.
void simulate_interrupt();

}  // namespace flow::sys
