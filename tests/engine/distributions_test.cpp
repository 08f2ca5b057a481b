#include <cmath>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/distributions.hpp"

using namespace tuntas::engine;

namespace {
struct Moments {
    double mean;
    double variance;
};

template <class Draw>
Moments moments(int n, Draw draw) {
    double sum = 0.0;
    double sum_sq = 0.0;
    for (int i = 0; i < n; ++i) {
        const double x = draw();
        sum += x;
        sum_sq += x * x;
    }
    const double mean = sum / n;
    return {mean, sum_sq / n - mean * mean};
}
}  // namespace

// Tolerances: 5 standard errors of the estimated mean (sigma / sqrt(n)); variances within 3 %
// (their relative standard error is about sqrt(2/n) ... sqrt((kurtosis-1)/n) < 1 % here).

TEST_CASE("engine::exponential: mean and variance match mean and mean^2", "[engine][validation]") {
    RandomStream random(11, 0);
    constexpr int n = 400'000;
    const auto m = moments(n, [&] { return exponential(random, 2.5); });
    CHECK(m.mean == Approx(2.5).margin(5 * 2.5 / std::sqrt(n)));
    CHECK(m.variance == Approx(2.5 * 2.5).epsilon(0.03));
}

TEST_CASE("engine::normal: mean and standard deviation", "[engine][validation]") {
    RandomStream random(12, 0);
    constexpr int n = 400'000;
    const auto m = moments(n, [&] { return normal(random, -3.0, 2.0); });
    CHECK(m.mean == Approx(-3.0).margin(5 * 2.0 / std::sqrt(n)));
    CHECK(std::sqrt(m.variance) == Approx(2.0).epsilon(0.01));
}

TEST_CASE("engine::poisson: mean equals variance, small and large means", "[engine][validation]") {
    for (const double lambda : {0.3, 4.0, 12.0, 250.0}) {
        CAPTURE(lambda);
        RandomStream random(13, static_cast<LpId>(lambda * 10));
        constexpr int n = 200'000;
        const auto m = moments(n, [&] { return static_cast<double>(poisson(random, lambda)); });
        CHECK(m.mean == Approx(lambda).margin(5 * std::sqrt(lambda / n)));
        CHECK(m.variance == Approx(lambda).epsilon(0.03));
    }
}

TEST_CASE("engine::poisson: P(X = 0) = exp(-mean)", "[engine][validation]") {
    RandomStream random(14, 0);
    constexpr int n = 200'000;
    int zeros = 0;
    for (int i = 0; i < n; ++i) zeros += poisson(random, 1.5) == 0 ? 1 : 0;
    const double p = std::exp(-1.5);
    CHECK(static_cast<double>(zeros) / n == Approx(p).margin(5 * std::sqrt(p * (1 - p) / n)));
}

TEST_CASE("engine::uniform_index: every value in range, frequencies flat", "[engine][validation]") {
    RandomStream random(15, 0);
    constexpr std::uint64_t k = 7;
    constexpr int n = 700'000;
    std::vector<int> counts(k, 0);
    for (int i = 0; i < n; ++i) {
        const auto v = uniform_index(random, k);
        REQUIRE(v < k);
        ++counts[v];
    }
    // Pearson chi-square with 6 degrees of freedom: the 99.9 % quantile is 22.46.
    double chi2 = 0.0;
    const double expected = static_cast<double>(n) / k;
    for (const int c : counts) chi2 += (c - expected) * (c - expected) / expected;
    CHECK(chi2 < 22.46);
}

TEST_CASE("engine::discrete_choice: frequencies follow the weights", "[engine][validation]") {
    RandomStream random(16, 0);
    const std::vector<double> weights{1.0, 0.0, 3.0, 6.0};
    constexpr int n = 500'000;
    std::vector<int> counts(weights.size(), 0);
    for (int i = 0; i < n; ++i) ++counts[discrete_choice(random, weights)];
    CHECK(counts[1] == 0);
    for (const std::size_t i : {0U, 2U, 3U}) {
        const double p = weights[i] / 10.0;
        CHECK(static_cast<double>(counts[i]) / n ==
              Approx(p).margin(5 * std::sqrt(p * (1 - p) / n)));
    }
}

TEST_CASE("engine::uniform and bernoulli: range and probability", "[engine][unit]") {
    RandomStream random(17, 0);
    constexpr int n = 100'000;
    int hits = 0;
    for (int i = 0; i < n; ++i) {
        const double x = uniform(random, -2.0, 5.0);
        REQUIRE(x >= -2.0);
        REQUIRE(x < 5.0);
        hits += bernoulli(random, 0.25) ? 1 : 0;
    }
    CHECK(static_cast<double>(hits) / n == Approx(0.25).margin(5 * std::sqrt(0.25 * 0.75 / n)));
}
