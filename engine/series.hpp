#pragma once

#include <cstddef>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "engine/dataset_name.hpp"
#include "engine/recorder.hpp"

namespace tuntas::engine {

/// A declared time series: the handle a model samples it through (SampleFrame::set), so the
/// declaration and the values cannot drift apart the way a list matched by position can.
class Series {
public:
    /// Not declared yet.
    Series() = default;

    /// Declares the series `name` (entity_count values a sample, in `unit`) on `recorder`,
    /// before Recorder::begin, stored at `precision`, its columns labelled by `axis` (which has
    /// entity_count labels), its values `cell`s (a mean weighted by the series `weight` of the
    /// same group when rows are coarser than samples, when not empty).
    Series(Recorder& recorder, DatasetName name, std::size_t entity_count, std::string unit,
           std::string description, SeriesPrecision precision = SeriesPrecision::float64,
           std::shared_ptr<const EntityAxis> axis = nullptr, SeriesCell cell = SeriesCell::point,
           std::string_view weight = {})
        : index_(recorder.add_series(SeriesSpec{.group = std::string(name.group),
                                                .name = std::string(name.name),
                                                .entity_count = entity_count,
                                                .unit = std::move(unit),
                                                .description = std::move(description),
                                                .precision = precision,
                                                .axis = std::move(axis),
                                                .cell = cell,
                                                .weight = std::string(weight)})),
          entity_count_(entity_count) {}

    /// Its place among the recorder's series.
    [[nodiscard]] std::size_t index() const noexcept { return index_; }
    /// Values it takes each sample.
    [[nodiscard]] std::size_t entity_count() const noexcept { return entity_count_; }
    /// True once declared.
    [[nodiscard]] bool declared() const noexcept { return index_ != not_declared; }

private:
    static constexpr std::size_t not_declared = std::numeric_limits<std::size_t>::max();
    std::size_t index_{not_declared};
    std::size_t entity_count_{0};
};

}  // namespace tuntas::engine
