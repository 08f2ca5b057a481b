#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/output_selection.hpp"
#include "engine/recorder.hpp"

namespace tuntas::engine {

/// A Recorder that writes only the series and event tables an OutputSelection names to the
/// recorder it opens at begin(): declarations and static tables wait until then, so a
/// selector that names nothing the models declared (declared() against the selection) is
/// found before any file exists. Series not selected are still sampled by the models; their
/// values are dropped here. A series with an output interval coarser than the sample interval
/// gets a row every SeriesSpec::samples_per_row samples, from the first on: the mean of the
/// samples since the row before (weighted by its weight series when it has one; NaN values of
/// a weighted mean left out) for SeriesCell::mean, the last sample for SeriesCell::point; a
/// row is an empty vector between those, and finish() writes the last, partial interval's rows
/// at the time of the last sample (a second append_sample at that time).
class SelectingRecorder final : public Recorder {
public:
    /// Selects by `selection`, whose output intervals are multiples of `sample_interval_s`
    /// (the caller checks); `open` makes the recorder it writes to, at begin().
    SelectingRecorder(OutputSelection selection, double sample_interval_s,
                      std::function<std::unique_ptr<Recorder>()> open);

    /// "group/name" of every series and event table declared so far.
    [[nodiscard]] std::vector<std::string> declared() const;

    std::size_t add_series(const SeriesSpec& spec) override;
    std::size_t add_event_table(const TableSpec& spec) override;
    void write_static_table(const TableSpec& spec, const TableColumns& columns) override;
    void begin(const Attributes& provenance) override;
    void append_sample(double time_s, std::vector<std::vector<double>> values) override;
    void append_rows(std::size_t table, TableColumns columns) override;
    void flush() override;
    void finish(const std::vector<Kpi>& kpis, const Attributes& attributes) override;
    [[nodiscard]] double writer_cpu_seconds() const override {
        return inner_->writer_cpu_seconds();
    }

private:
    struct StaticTable {
        TableSpec spec;
        TableColumns columns;
    };

    OutputSelection selection_;
    std::function<std::unique_ptr<Recorder>()> open_;
    std::unique_ptr<Recorder> inner_;
    std::vector<SeriesSpec> series_;
    std::vector<TableSpec> tables_;
    std::vector<StaticTable> static_tables_;
    std::vector<bool> series_kept_;
    /// A kept series written at a coarser interval: what its next row is made of so far.
    struct Coarser {
        std::size_t series{0};  ///< its index among the declared series
        std::size_t samples_per_row{1};
        SeriesCell cell{SeriesCell::point};
        std::optional<std::size_t> weight;  ///< the declared series that weighs a mean
        std::vector<double> sum;            ///< of values (weighted), or the last point
        std::vector<double> weights;        ///< of the weights, per entity
        std::size_t samples{0};             ///< in sum since the last row
    };
    /// Rows of `coarser` for the samples it has had since its last row (and resets it).
    static std::vector<double> take_row(Coarser& coarser);

    double sample_interval_s_{0.0};
    std::vector<Coarser> coarser_;  ///< by kept series with a coarser interval
    std::vector<std::optional<std::size_t>> coarser_of_;  ///< by declared series
    std::size_t samples_seen_{0};
    double last_time_s_{0.0};
    /// By declared event table: its index in the inner recorder, or none when not selected.
    std::vector<std::optional<std::size_t>> table_index_;
};

}  // namespace tuntas::engine
