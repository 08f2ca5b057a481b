#pragma once

#include <cstdint>

namespace tuntas::mm1 {

/// What a server measured: customers served and their waiting times in queue (seconds).
struct ServerStats {
    std::uint64_t customers{0};         ///< customers that started service after the warm-up
    double total_wait_s{0.0};           ///< sum of their waiting times
    double total_wait_squared_s2{0.0};  ///< sum of squared waiting times

    /// Mean waiting time in queue, seconds (0 without customers).
    [[nodiscard]] double mean_wait_s() const {
        return customers > 0 ? total_wait_s / static_cast<double>(customers) : 0.0;
    }
};

}  // namespace tuntas::mm1
