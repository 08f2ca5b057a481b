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
/// values are dropped here.
class SelectingRecorder final : public Recorder {
public:
    /// Selects by `selection`; `open` makes the recorder it writes to, at begin().
    SelectingRecorder(OutputSelection selection, std::function<std::unique_ptr<Recorder>()> open);

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
    /// By declared event table: its index in the inner recorder, or none when not selected.
    std::vector<std::optional<std::size_t>> table_index_;
};

}  // namespace tuntas::engine
