#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "engine/random_stream.hpp"

namespace tuntas::engine {

/// discrete_choice over weights drawn from many times: the running sums made once, each draw a
/// binary search (logarithmic in the number of weights, not linear). A draw takes the same
/// uniform and gives the same index as discrete_choice on the same weights: the sums are the
/// same additions in the same order.
class CumulativeWeights {
public:
    /// Weights must be >= 0 (and have a positive sum to be drawn from).
    explicit CumulativeWeights(std::span<const double> weights);

    /// The sum of the weights (0 for none).
    [[nodiscard]] double total() const { return running_.empty() ? 0.0 : running_.back(); }
    /// Index i with probability weights[i] / sum(weights).
    [[nodiscard]] std::size_t draw(RandomStream& random) const;

private:
    std::vector<double> running_;  // [i]: the sum of the positive weights up to i
    std::size_t last_positive_{0};
};

}  // namespace tuntas::engine
