#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "engine/assert.hpp"
#include "engine/series.hpp"

namespace tuntas::engine {

/// The values of one sample instant, one vector per declared series, set by handle in any
/// order; each series is set exactly once with its entity count of values.
class SampleFrame {
public:
    /// Sets the values of `series` for this sample.
    void set(const Series& series, std::vector<double> values) {
        TUNTAS_ASSERT(series.declared(), "a series sampled before it was declared");
        TUNTAS_ASSERT(values.size() == series.entity_count(),
                      "a series sampled with another count of values than it declared");
        if (series.index() >= values_.size()) {
            values_.resize(series.index() + 1);
            is_set_.resize(series.index() + 1, false);
        }
        TUNTAS_ASSERT(!is_set_[series.index()], "a series sampled twice in one sample");
        values_[series.index()] = std::move(values);
        is_set_[series.index()] = true;
    }

    /// Sets the values of the series declared `index`-th (a frame put together from parts
    /// sampled elsewhere: a run over ranks); the count is checked as the recorder appends them.
    void set_at(std::size_t index, std::vector<double> values) {
        if (index >= values_.size()) {
            values_.resize(index + 1);
            is_set_.resize(index + 1, false);
        }
        TUNTAS_ASSERT(!is_set_[index], "a series sampled twice in one sample");
        values_[index] = std::move(values);
        is_set_[index] = true;
    }
    /// The series set so far, by declaration index, leaving the frame empty: what some of the
    /// models sampled, to be put together with the others' (set_at).
    [[nodiscard]] std::vector<std::pair<std::size_t, std::vector<double>>> take_set() {
        std::vector<std::pair<std::size_t, std::vector<double>>> set;
        for (std::size_t i = 0; i < values_.size(); ++i) {
            if (is_set_[i]) set.emplace_back(i, std::move(values_[i]));
        }
        values_.clear();
        is_set_.clear();
        return set;
    }
    /// The values in declaration order (Recorder::append_sample), leaving the frame empty.
    /// Every series up to the last one set must have been set.
    [[nodiscard]] std::vector<std::vector<double>> take() {
        for (const bool set : is_set_) TUNTAS_ASSERT(set, "a declared series was not sampled");
        is_set_.clear();
        return std::exchange(values_, {});
    }

private:
    std::vector<std::vector<double>> values_;
    std::vector<bool> is_set_;
};

}  // namespace tuntas::engine
