#include "engine/distributions.hpp"

#include <cmath>
#include <numbers>

#include <math.h>  // lgamma_r (glibc)

#include "engine/assert.hpp"

namespace tuntas::engine {

double uniform(RandomStream& random, double low, double high) noexcept {
    return low + (high - low) * random.next_unit();
}

namespace {
__extension__ using Uint128 = unsigned __int128;  // GCC and Clang; Lemire's method needs it
}  // namespace

std::uint64_t uniform_index(RandomStream& random, std::uint64_t n) noexcept {
    // Lemire's multiply-and-reject: the high word of x * n is uniform on [0, n) once the few
    // x whose low word falls under 2^64 mod n are rejected.
    Uint128 product = static_cast<Uint128>(random.next_u64()) * n;
    auto low = static_cast<std::uint64_t>(product);
    if (low < n) {
        const std::uint64_t threshold = (0 - n) % n;
        while (low < threshold) {
            product = static_cast<Uint128>(random.next_u64()) * n;
            low = static_cast<std::uint64_t>(product);
        }
    }
    return static_cast<std::uint64_t>(product >> 64);
}

bool bernoulli(RandomStream& random, double p) noexcept {
    return random.next_unit() < p;
}

double exponential(RandomStream& random, double mean) noexcept {
    // 1 - U lies in (0, 1], so the logarithm is finite.
    return -mean * std::log(1.0 - random.next_unit());
}

double normal(RandomStream& random, double mean, double stddev) noexcept {
    const double u1 = 1.0 - random.next_unit();  // (0, 1]
    const double u2 = random.next_unit();
    const double radius = std::sqrt(-2.0 * std::log(u1));
    return mean + stddev * radius * std::cos(2.0 * std::numbers::pi * u2);
}

namespace {

std::uint64_t poisson_multiplication(RandomStream& random, double mean) noexcept {
    const double limit = std::exp(-mean);
    std::uint64_t count = 0;
    double product = random.next_unit();
    while (product > limit) {
        ++count;
        product *= random.next_unit();
    }
    return count;
}

// W. Hörmann, "The transformed rejection method for generating Poisson random variables",
// Insurance: Mathematics and Economics 12 (1993) 39-45, algorithm PTRS; valid for mean >= 10.
std::uint64_t poisson_ptrs(RandomStream& random, double mean) noexcept {
    const double log_mean = std::log(mean);
    const double b = 0.931 + 2.53 * std::sqrt(mean);
    const double a = -0.059 + 0.02483 * b;
    const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
    const double v_r = 0.9277 - 3.6224 / (b - 2.0);
    for (;;) {
        const double u = random.next_unit() - 0.5;
        const double v = random.next_unit();
        const double us = 0.5 - std::fabs(u);
        const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
        if (us >= 0.07 && v <= v_r) return static_cast<std::uint64_t>(k);
        if (k < 0.0 || (us < 0.013 && v > us)) continue;
        // lgamma_r, not std::lgamma: glibc's lgamma writes the global `signgam`, a data race
        // between LPs drawing on different threads (ThreadSanitizer found it); same value.
        int sign = 0;
        if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <=
            -mean + k * log_mean - lgamma_r(k + 1.0, &sign)) {
            return static_cast<std::uint64_t>(k);
        }
    }
}

}  // namespace

std::uint64_t poisson(RandomStream& random, double mean) noexcept {
    if (mean <= 0.0) return 0;
    return mean < 10.0 ? poisson_multiplication(random, mean) : poisson_ptrs(random, mean);
}

std::size_t discrete_choice(RandomStream& random, std::span<const double> weights) {
    double total = 0.0;
    for (const double w : weights) {
        TUNTAS_ASSERT(w >= 0.0, "discrete_choice: weights must be >= 0");
        total += w;
    }
    TUNTAS_ASSERT(total > 0.0, "discrete_choice: weights must have a positive sum");
    const double target = random.next_unit() * total;
    double cumulative = 0.0;
    std::size_t last_positive = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (weights[i] <= 0.0) continue;
        cumulative += weights[i];
        last_positive = i;
        if (target < cumulative) return i;
    }
    return last_positive;  // round-off left target at the very top
}

}  // namespace tuntas::engine
