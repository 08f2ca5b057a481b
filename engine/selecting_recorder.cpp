#include "engine/selecting_recorder.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include <fmt/format.h>

#include "engine/error.hpp"

namespace tuntas::engine {

SelectingRecorder::SelectingRecorder(OutputSelection selection, double sample_interval_s,
                                     std::function<std::unique_ptr<Recorder>()> open)
    : selection_(std::move(selection)),
      open_(std::move(open)),
      sample_interval_s_(sample_interval_s) {}

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
    coarser_of_.assign(series_.size(), std::nullopt);
    for (std::size_t s = 0; s < series_.size(); ++s) {
        SeriesSpec spec = series_[s];
        const bool kept = selection_.wants_series(spec.group, spec.name);
        series_kept_.push_back(kept);
        if (!kept) continue;
        const double interval_s = selection_.interval_s(spec.group, spec.name);
        const auto samples =
            sample_interval_s_ > 0.0
                ? static_cast<std::size_t>(std::llround(interval_s / sample_interval_s_))
                : 1U;
        if (samples > 1) {
            spec.row_interval_s = interval_s;
            spec.samples_per_row = samples;
            Coarser coarser{.series = s, .samples_per_row = samples, .cell = spec.cell};
            if (spec.cell == SeriesCell::mean && !spec.weight.empty()) {
                for (std::size_t w = 0; w < series_.size(); ++w) {
                    if (series_[w].group == spec.group && series_[w].name == spec.weight &&
                        series_[w].entity_count == spec.entity_count)
                        coarser.weight = w;
                }
                if (!coarser.weight) {
                    throw UsageError(fmt::format("series {}/{}: its weight {}/{} is no series of "
                                                 "{} entities",
                                                 spec.group, spec.name, spec.group, spec.weight,
                                                 spec.entity_count));
                }
            }
            coarser.sum.assign(spec.entity_count, 0.0);
            coarser.weights.assign(spec.entity_count, 0.0);
            coarser_of_[s] = coarser_.size();
            coarser_.push_back(std::move(coarser));
        }
        inner_->add_series(spec);
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

std::vector<double> SelectingRecorder::take_row(Coarser& coarser) {
    std::vector<double> row = coarser.sum;
    if (coarser.cell == SeriesCell::mean) {
        for (std::size_t e = 0; e < row.size(); ++e) {
            const double weight =
                coarser.weight ? coarser.weights[e] : static_cast<double>(coarser.samples);
            row[e] = weight > 0.0 ? row[e] / weight : std::numeric_limits<double>::quiet_NaN();
        }
    }
    std::fill(coarser.sum.begin(), coarser.sum.end(), 0.0);
    std::fill(coarser.weights.begin(), coarser.weights.end(), 0.0);
    coarser.samples = 0;
    return row;
}

void SelectingRecorder::append_sample(double time_s, std::vector<std::vector<double>> values) {
    // Rows are due at the first sample and every samples_per_row samples after it.
    const std::size_t index = samples_seen_++;
    last_time_s_ = time_s;
    for (auto& coarser : coarser_) {
        const std::vector<double>& sample = values.at(coarser.series);
        if (coarser.cell == SeriesCell::point) {
            coarser.sum = sample;
        } else if (coarser.weight) {
            const std::vector<double>& weight = values.at(*coarser.weight);
            for (std::size_t e = 0; e < sample.size(); ++e) {
                if (std::isnan(sample[e]) || !(weight[e] > 0.0)) continue;
                coarser.sum[e] += sample[e] * weight[e];
                coarser.weights[e] += weight[e];
            }
        } else {
            for (std::size_t e = 0; e < sample.size(); ++e) coarser.sum[e] += sample[e];
        }
        ++coarser.samples;
    }
    std::vector<std::vector<double>> kept;
    kept.reserve(values.size());
    for (std::size_t s = 0; s < values.size() && s < series_kept_.size(); ++s) {
        if (!series_kept_[s]) continue;
        if (const auto c = coarser_of_[s]) {
            Coarser& coarser = coarser_[*c];
            kept.push_back(index % coarser.samples_per_row == 0 ? take_row(coarser)
                                                                : std::vector<double>{});
        } else {
            kept.push_back(std::move(values[s]));
        }
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
    // The last interval, cut short by the end of the run: its rows at the last sample's time.
    const bool partial = std::any_of(coarser_.begin(), coarser_.end(),
                                     [](const Coarser& c) { return c.samples > 0; });
    if (partial) {
        std::vector<std::vector<double>> rows;
        for (std::size_t s = 0; s < series_.size(); ++s) {
            if (!series_kept_[s]) continue;
            const auto c = coarser_of_[s];
            rows.push_back(c && coarser_[*c].samples > 0 ? take_row(coarser_[*c])
                                                         : std::vector<double>{});
        }
        inner_->append_sample(last_time_s_, std::move(rows));
    }
    inner_->finish(kpis, attributes);
}

}  // namespace tuntas::engine
