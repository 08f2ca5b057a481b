#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace tuntas::engine {

/// A time series of a result, [sample, entity], row by row.
struct SeriesValues {
    std::size_t samples{0};
    std::size_t entities{0};
    std::vector<double> values;  ///< samples x entities, sample-major

    /// The values of sample `k`, one per entity.
    [[nodiscard]] std::span<const double> sample(std::size_t k) const {
        return {values.data() + k * entities, entities};
    }
};

}  // namespace tuntas::engine
