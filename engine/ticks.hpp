#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

namespace tuntas::engine {

/// Simulated time: an integer count of ticks, so that ordering is exact. One tick is one
/// microsecond of simulated time; a signed 64-bit count spans about 292,000 years.
using Ticks = std::int64_t;

/// Ticks in one simulated second.
inline constexpr Ticks ticks_per_second = 1'000'000;

/// The largest representable time: "never".
inline constexpr Ticks ticks_max = std::numeric_limits<Ticks>::max();

/// Converts seconds to ticks, rounding to the nearest tick.
[[nodiscard]] inline Ticks ticks_from_seconds(double seconds) {
    return static_cast<Ticks>(std::llround(seconds * static_cast<double>(ticks_per_second)));
}

/// Converts ticks to seconds (for reporting and for models that compute in seconds).
[[nodiscard]] constexpr double seconds_from_ticks(Ticks ticks) {
    return static_cast<double>(ticks) / static_cast<double>(ticks_per_second);
}

}  // namespace tuntas::engine
