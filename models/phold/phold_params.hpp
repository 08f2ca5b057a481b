#pragma once

#include <cmath>
#include <cstdint>

#include "engine/ticks.hpp"

namespace tuntas::phold {

/// PHOLD's parameters with ROSS's meaning. Times are in model time units; one unit is one
/// simulated second (1e6 ticks), so the exponential draws keep microsecond resolution.
struct PholdParams {
    std::uint32_t lp_count{16384};  ///< N: logical processes
    std::uint32_t start_events{1};  ///< E: events each LP schedules to itself at start
    double remote_fraction{0.1};    ///< p: probability that an event goes to a uniform LP
    double mean{1.0};               ///< M: mean delay between an event and the one it sends
    double lookahead{0.1};          ///< L: the fixed part of every delay (> 0, < M)
    double end{300.0};              ///< T: events at or after T are dropped

    /// The lookahead in ticks.
    [[nodiscard]] engine::Ticks lookahead_ticks() const {
        return engine::ticks_from_seconds(lookahead);
    }
    /// The end time in ticks.
    [[nodiscard]] engine::Ticks end_ticks() const { return engine::ticks_from_seconds(end); }
    /// The expected committed count to first order, N * E * T / M (each of the N * E event
    /// chains runs at rate 1/M).
    [[nodiscard]] double expected_committed() const { return chains() * end / mean; }

    /// The expected committed count with the renewal theorem's second-order term: a chain whose
    /// first gap is drawn like the others (ordinary renewal process, gap X = L + Exp(M - L),
    /// variance (M - L)^2) has E[N(T)] = T/M + (Var X - M^2) / (2 M^2) + o(1) (Cox, Renewal
    /// Theory, 1962, 4.2). Short runs (W3: T = 20) sit about 0.5 % under N * E * T / M.
    [[nodiscard]] double expected_committed_renewal() const {
        const double gap_variance = (mean - lookahead) * (mean - lookahead);
        return chains() * (end / mean + (gap_variance - mean * mean) / (2.0 * mean * mean));
    }

    /// Standard deviation of the committed count: each chain's count has variance
    /// T Var X / M^3 asymptotically, and the chains are independent between remote hops.
    [[nodiscard]] double committed_stddev() const {
        const double gap_variance = (mean - lookahead) * (mean - lookahead);
        return std::sqrt(chains() * end * gap_variance / (mean * mean * mean));
    }

    /// N * E, the number of independent event chains.
    [[nodiscard]] double chains() const {
        return static_cast<double>(lp_count) * static_cast<double>(start_events);
    }
};

}  // namespace tuntas::phold
