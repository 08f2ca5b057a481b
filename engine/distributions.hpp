#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "engine/random_stream.hpp"

/// The project's own distributions: std::*_distribution differ between standard libraries, and a
/// run must give the same numbers wherever it is built. Each draws from a caller's RandomStream.
namespace tuntas::engine {

/// Uniform on [low, high).
[[nodiscard]] double uniform(RandomStream& random, double low, double high) noexcept;

/// Uniform integer on [0, n), unbiased (Lemire 2019, "Fast random integer generation in an
/// interval"). Requires n > 0.
[[nodiscard]] std::uint64_t uniform_index(RandomStream& random, std::uint64_t n) noexcept;

/// True with probability p (p outside [0, 1] is clamped by the comparison).
[[nodiscard]] bool bernoulli(RandomStream& random, double p) noexcept;

/// Exponential with the given mean (> 0), by inversion: -mean * ln(1 - U).
[[nodiscard]] double exponential(RandomStream& random, double mean) noexcept;

/// Normal with the given mean and standard deviation, by the Box-Muller transform (one of the
/// pair is used, so a draw always consumes exactly two uniforms).
[[nodiscard]] double normal(RandomStream& random, double mean, double stddev) noexcept;

/// Poisson with the given mean (>= 0): Knuth's multiplication method below mean 10, Hörmann's
/// PTRS transformed rejection (1993) from 10 up, so the cost stays bounded for large means.
[[nodiscard]] std::uint64_t poisson(RandomStream& random, double mean) noexcept;

/// Index i with probability weights[i] / sum(weights). Weights must be >= 0 with a positive sum;
/// linear in the number of weights.
[[nodiscard]] std::size_t discrete_choice(RandomStream& random, std::span<const double> weights);

}  // namespace tuntas::engine
