#pragma once

namespace flow::sys {

struct TerminalInfo {
  bool is_terminal = false;  ///< stdout is a terminal (live status line)
  int width = 80;            ///< columns, when a terminal
  bool color = false;        ///< a terminal, and NO_COLOR is unset (spec §3)
};

/// What standard output is.
TerminalInfo stdout_terminal();

}  // namespace flow::sys
