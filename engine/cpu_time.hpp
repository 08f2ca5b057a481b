#pragma once

#include <cstdint>
#include <ctime>

namespace tuntas::engine {

/// CPU time the calling thread has used, nanoseconds: unlike wall time, it stops while the
/// thread is preempted, so it measures the work itself.
[[nodiscard]] inline std::int64_t thread_cpu_nanoseconds() noexcept {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return std::int64_t{now.tv_sec} * 1'000'000'000 + now.tv_nsec;
}

/// CPU time the whole process has used so far (every thread, user and system), seconds.
[[nodiscard]] inline double process_cpu_seconds() noexcept {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

}  // namespace tuntas::engine
