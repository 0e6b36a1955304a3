#include "flow/sys/terminal.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <string_view>

namespace flow::sys {

TerminalInfo stdout_terminal() {
  TerminalInfo info;
  info.is_terminal = isatty(STDOUT_FILENO) == 1;
  if (!info.is_terminal) return info;
  winsize size{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) info.width = size.ws_col;
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  info.color =
      (no_color == nullptr || *no_color == '\0') && !(term && std::string_view(term) == "dumb");
  return info;
}

}  // namespace flow::sys
