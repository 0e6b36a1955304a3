#pragma once
// Time: file timestamps are int64 nanoseconds since the epoch, only compared with each other.

#include <chrono>
#include <cstdint>
#include <string>

namespace flow {

/// Nanoseconds since the Unix epoch, as the filesystem reports modification times.
using TimeStamp = std::int64_t;

/// A monotonic instant, for timeouts and polling.
using SteadyTime = std::chrono::steady_clock::time_point;
using Duration = std::chrono::steady_clock::duration;

/// "0.42s", "3.4s", "1m12s", "2h03m": the closing line and progress use it.
std::string format_duration(double seconds);

/// "01:02:03" (hours may exceed 24), as the benchmark TSV's h:m:s column.
std::string format_hms(double seconds);

}  // namespace flow
