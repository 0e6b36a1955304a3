#include "flow/base/time.h"

#include <cmath>

#include <fmt/format.h>

namespace flow {

std::string format_duration(double seconds) {
  if (seconds < 0) seconds = 0;
  if (seconds < 10) return fmt::format("{:.2f}s", seconds);
  if (seconds < 60) return fmt::format("{:.1f}s", seconds);
  auto total = static_cast<long long>(std::llround(seconds));
  if (total < 3600) return fmt::format("{}m{:02}s", total / 60, total % 60);
  return fmt::format("{}h{:02}m", total / 3600, (total % 3600) / 60);
}

std::string format_hms(double seconds) {
  if (seconds < 0) seconds = 0;
  auto total = static_cast<long long>(std::llround(seconds));
  return fmt::format("{}:{:02}:{:02}", total / 3600, (total % 3600) / 60, total % 60);
}

}  // namespace flow
