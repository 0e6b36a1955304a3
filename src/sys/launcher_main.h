#pragma once
// The job launcher's side of launcher_protocol.h, run in the child flow forks for it.

namespace flow::sys::detail {

/// Serves spawn requests on `socket` until flow closes its end, then exits the process.
/// Call only in a freshly forked child: it closes every other descriptor but 0, 1 and 2.
[[noreturn]] void run_launcher(int socket);

}  // namespace flow::sys::detail
