#include "engine/cumulative_weights.hpp"

#include <algorithm>

#include "engine/assert.hpp"

namespace tuntas::engine {

CumulativeWeights::CumulativeWeights(std::span<const double> weights) : running_(weights.size()) {
    double cumulative = 0.0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        TUNTAS_ASSERT(weights[i] >= 0.0, "CumulativeWeights: weights must be >= 0");
        if (weights[i] > 0.0) {
            cumulative += weights[i];
            last_positive_ = i;
        }
        running_[i] = cumulative;
    }
}

std::size_t CumulativeWeights::draw(RandomStream& random) const {
    TUNTAS_ASSERT(!running_.empty() && running_.back() > 0.0,
                  "CumulativeWeights: weights must have a positive sum");
    // discrete_choice's total adds the zero weights too: the same sum.
    const double target = random.next_unit() * running_.back();
    // The first running sum above the target belongs to a positive weight (a zero weight's
    // equals the one before it).
    const auto above = std::upper_bound(running_.begin(), running_.end(), target);
    return above == running_.end() ? last_positive_
                                   : static_cast<std::size_t>(above - running_.begin());
}

}  // namespace tuntas::engine
