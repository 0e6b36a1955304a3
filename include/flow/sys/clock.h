#pragma once

#include <memory>

#include "flow/base/time.h"

namespace flow::sys {

class Clock {
 public:
  virtual ~Clock() = default;
  /// Monotonic time, for timeouts and polling intervals.
  virtual SteadyTime steady_now() const = 0;
  /// Wall time in nanoseconds since the epoch, for records and reports.
  virtual TimeStamp wall_now() const = 0;
};

std::unique_ptr<Clock> make_real_clock();

}  // namespace flow::sys
