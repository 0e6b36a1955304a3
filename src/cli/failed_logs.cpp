#include "cli/failed_logs.h"

#include <fmt/format.h>

namespace flow::cli {
namespace {

constexpr std::size_t k_most_shown = 1 << 20;

// The last `k_most_shown` bytes of `text`, from a line start.
std::string last_part(std::string text) {
  if (text.size() <= k_most_shown) return text;
  std::size_t start = text.find('\n', text.size() - k_most_shown);
  std::size_t cut = start == std::string::npos ? text.size() - k_most_shown : start + 1;
  return fmt::format("[... {} bytes before this ...]\n", cut) + text.substr(cut);
}

}  // namespace

void WholeLogs::job_failed(const run::JobFailed& event) {
  run::JobFailed whole = event;
  whole.log_tail.clear();
  for (std::size_t i = 0; i < event.logs.size(); ++i) {
    auto text = m_fs.read_file(event.logs[i]);
    if (!text || text->empty()) continue;
    // The printer labels the text with the first log; further logs carry their own name.
    if (i > 0) whole.log_tail += fmt::format("==> {} <==\n", event.logs[i]);
    whole.log_tail += last_part(std::move(*text));
    if (whole.log_tail.back() != '\n') whole.log_tail += '\n';
  }
  m_next.job_failed(whole);
}

}  // namespace flow::cli
