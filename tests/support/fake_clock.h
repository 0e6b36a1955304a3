#pragma once

#include "flow/sys/clock.h"

namespace flow::test {

/// A clock that moves only when advanced.
class FakeClock : public sys::Clock {
 public:
  SteadyTime steady_now() const override { return m_steady; }
  TimeStamp wall_now() const override { return m_wall; }
  void advance(Duration by) {
    m_steady += by;
    m_wall += std::chrono::duration_cast<std::chrono::nanoseconds>(by).count();
  }

 private:
  SteadyTime m_steady{};
  TimeStamp m_wall = 1'700'000'000'000'000'000;
};

}  // namespace flow::test
