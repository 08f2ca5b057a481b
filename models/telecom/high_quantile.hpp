#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <functional>
#include <vector>

#include <fmt/format.h>

#include "engine/assert.hpp"

namespace tuntas::telecom {

/// A high quantile (the 95th percentile of utilisations) of a stream of at most `max_count`
/// values, exactly the value sorting all of them gives (the smallest with at least share q at or
/// below it), keeping only the largest (1 - q) max_count + 2 of them: a month's run does not
/// hold every sample of every sector.
class HighQuantile {
public:
    /// For the `q` quantile (0.5 <= q < 1) of at most `max_count` values.
    HighQuantile(double q, std::size_t max_count)
        : q_(q),
          capacity_(
              static_cast<std::size_t>(std::ceil((1.0 - q) * static_cast<double>(max_count))) + 2),
          max_count_(max_count) {
        TUNTAS_ASSERT(q >= 0.5 && q < 1.0, "a high quantile");
    }

    /// Adds `value`. Throws engine::InternalError past max_count values.
    void add(double value) {
        TUNTAS_ASSERT(count_ < max_count_,
                      fmt::format("more than the {} values planned for", max_count_));
        ++count_;
        peak_ = count_ == 1 ? value : std::max(peak_, value);
        if (largest_.size() < capacity_) {
            largest_.push_back(value);
            std::push_heap(largest_.begin(), largest_.end(), std::greater<>{});
        } else if (value > largest_.front()) {
            std::pop_heap(largest_.begin(), largest_.end(), std::greater<>{});
            largest_.back() = value;
            std::push_heap(largest_.begin(), largest_.end(), std::greater<>{});
        }
    }

    /// Forgets every value (the end of a warm-up).
    void clear() {
        largest_.clear();
        count_ = 0;
        peak_ = 0.0;
    }

    /// The q quantile of the values added (0 for none).
    [[nodiscard]] double value() const {
        if (count_ == 0) return 0.0;
        const auto k = static_cast<std::size_t>(std::ceil(q_ * static_cast<double>(count_))) - 1;
        const std::size_t from_top = count_ - 1 - k;  // < capacity: (1 - q) count + 1
        std::vector<double> sorted = largest_;
        std::sort(sorted.begin(), sorted.end(), std::greater<>{});
        return sorted.at(from_top);
    }
    /// The largest value added (0 for none).
    [[nodiscard]] double peak() const { return peak_; }

private:
    double q_;
    std::size_t capacity_;
    std::size_t max_count_;
    std::size_t count_{0};
    double peak_{0.0};
    std::vector<double> largest_;  // a min-heap of the largest values
};

}  // namespace tuntas::telecom
