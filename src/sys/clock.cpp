#include "flow/sys/clock.h"

#include <time.h>

namespace flow::sys {
namespace {

class RealClock final : public Clock {
 public:
  SteadyTime steady_now() const override { return std::chrono::steady_clock::now(); }
  TimeStamp wall_now() const override {
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    return static_cast<TimeStamp>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
  }
};

}  // namespace

std::unique_ptr<Clock> make_real_clock() {
  return std::make_unique<RealClock>();
}

}  // namespace flow::sys
