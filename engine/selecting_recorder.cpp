#include "engine/selecting_recorder.hpp"

#include <utility>

#include "engine/error.hpp"

namespace tuntas::engine {

SelectingRecorder::SelectingRecorder(OutputSelection selection,
                                     std::function<std::unique_ptr<Recorder>()> open)
    : selection_(std::move(selection)),
      open_(std::move(open)) {}

std::vector<std::string> SelectingRecorder::declared() const {
    std::vector<std::string> names;
    for (const auto& spec : series_) names.push_back(spec.group + "/" + spec.name);
    for (const auto& spec : tables_) names.push_back(spec.group + "/" + spec.name);
    return names;
}

std::size_t SelectingRecorder::add_series(const SeriesSpec& spec) {
    if (inner_) throw UsageError("Recorder::add_series after begin()");
    series_.push_back(spec);
    return series_.size() - 1;
}

std::size_t SelectingRecorder::add_event_table(const TableSpec& spec) {
    if (inner_) throw UsageError("Recorder::add_event_table after begin()");
    tables_.push_back(spec);
    return tables_.size() - 1;
}

void SelectingRecorder::write_static_table(const TableSpec& spec, const TableColumns& columns) {
    if (inner_) throw UsageError("Recorder::write_static_table after begin()");
    static_tables_.push_back({spec, columns});
}

void SelectingRecorder::begin(const Attributes& provenance) {
    if (inner_) throw UsageError("Recorder::begin twice");
    inner_ = open_();
    for (const auto& spec : series_) {
        const bool kept = selection_.wants_series(spec.group, spec.name);
        series_kept_.push_back(kept);
        if (kept) inner_->add_series(spec);
    }
    for (const auto& spec : tables_) {
        table_index_.push_back(selection_.wants_events(spec.group, spec.name)
                                   ? std::optional<std::size_t>(inner_->add_event_table(spec))
                                   : std::nullopt);
    }
    for (const auto& table : static_tables_) inner_->write_static_table(table.spec, table.columns);
    static_tables_.clear();
    inner_->begin(provenance);
}

void SelectingRecorder::append_sample(double time_s, std::vector<std::vector<double>> values) {
    std::vector<std::vector<double>> kept;
    kept.reserve(values.size());
    for (std::size_t s = 0; s < values.size() && s < series_kept_.size(); ++s) {
        if (series_kept_[s]) kept.push_back(std::move(values[s]));
    }
    inner_->append_sample(time_s, std::move(kept));
}

void SelectingRecorder::append_rows(std::size_t table, TableColumns columns) {
    if (table < table_index_.size() && table_index_[table])
        inner_->append_rows(*table_index_[table], std::move(columns));
}

void SelectingRecorder::flush() {
    inner_->flush();
}

void SelectingRecorder::finish(const std::vector<Kpi>& kpis, const Attributes& attributes) {
    if (!inner_) begin({});
    inner_->finish(kpis, attributes);
}

}  // namespace tuntas::engine
