#pragma once

#include <cmath>
#include <cstddef>
#include <numeric>
#include <vector>

namespace tuntas::testing {

/// A mean with its 99 % confidence half-width.
struct BatchMean {
    double mean{0.0};
    double half_width{0.0};
};

/// The mean of `values` (correlated observations in time order, e.g. successive waits) and its
/// 99 % confidence half-width by 20 batch means (Student t with 19 degrees of freedom).
inline BatchMean batch_mean(const std::vector<double>& values) {
    constexpr std::size_t batches = 20;
    const std::size_t per = values.size() / batches;
    std::vector<double> means;
    for (std::size_t b = 0; b < batches; ++b) {
        means.push_back(std::accumulate(values.begin() + static_cast<std::ptrdiff_t>(b * per),
                                        values.begin() + static_cast<std::ptrdiff_t>((b + 1) * per),
                                        0.0) /
                        static_cast<double>(per));
    }
    const double mean = std::accumulate(means.begin(), means.end(), 0.0) / batches;
    double var = 0.0;
    for (const double m : means) var += (m - mean) * (m - mean);
    return {mean, 2.861 * std::sqrt(var / (batches - 1) / batches)};  // t(0.995, 19)
}

}  // namespace tuntas::testing
