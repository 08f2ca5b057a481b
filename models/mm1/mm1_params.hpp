#pragma once

#include <cstdint>

#include "engine/ticks.hpp"

namespace tuntas::mm1 {

/// An M/M/1 test model: `queue_count` independent queues, each fed by its own Poisson source.
/// Rates per second; times in seconds. Used to validate the engine against queueing theory.
struct Mm1Params {
    std::uint32_t queue_count{1};    ///< independent source + server pairs
    double arrival_rate_per_s{0.5};  ///< lambda
    double service_rate_per_s{1.0};  ///< mu (> lambda for a stable queue)
    double transit_s{0.1};           ///< source -> server delay: a constant shift that keeps
                                     ///< arrivals Poisson and gives the lookahead
    double warmup_s{0.0};            ///< customers arriving before this are not counted
    double duration_s{10'000.0};     ///< simulated time

    /// Utilisation rho = lambda / mu.
    [[nodiscard]] double utilisation() const { return arrival_rate_per_s / service_rate_per_s; }
    /// Mean waiting time in queue from theory, Wq = rho / (mu - lambda), in seconds.
    [[nodiscard]] double theoretical_mean_wait_s() const {
        return utilisation() / (service_rate_per_s - arrival_rate_per_s);
    }
};

}  // namespace tuntas::mm1
