#pragma once

#include <cstdint>

#include "engine/ticks.hpp"

namespace tuntas::phold {

/// PHOLD's parameters with ROSS's meaning. Times are in model time units; one unit is one
/// simulated second (1e6 ticks), so the exponential draws keep microsecond resolution.
struct PholdParams {
    std::uint32_t lp_count{16384};      ///< N: logical processes
    std::uint32_t start_events{1};      ///< E: events each LP schedules to itself at start
    double remote_fraction{0.1};        ///< p: probability that an event goes to a uniform LP
    double mean{1.0};                   ///< M: mean delay between an event and the one it sends
    double lookahead{0.1};              ///< L: the fixed part of every delay (> 0, < M)
    double end{300.0};                  ///< T: events at or after T are dropped

    /// The lookahead in ticks.
    [[nodiscard]] engine::Ticks lookahead_ticks() const {
        return engine::ticks_from_seconds(lookahead);
    }
    /// The end time in ticks.
    [[nodiscard]] engine::Ticks end_ticks() const { return engine::ticks_from_seconds(end); }
    /// The expected committed count, N * E * T / M (each event chain runs at rate 1/M).
    [[nodiscard]] double expected_committed() const {
        return static_cast<double>(lp_count) * start_events * end / mean;
    }
};

}  // namespace tuntas::phold
