#pragma once

#include "engine/recorder.hpp"

namespace tuntas::engine {

/// A Recorder that keeps nothing: for timing runs (`tuntas run --no-output`) and for measuring
/// what recording costs.
class NullRecorder final : public Recorder {
public:
    std::size_t add_series(const SeriesSpec& /*spec*/) override { return series_++; }
    std::size_t add_event_table(const TableSpec& /*spec*/) override { return tables_++; }
    void write_static_table(const TableSpec& /*spec*/, const TableColumns& /*columns*/) override {}
    void begin(const Attributes& /*provenance*/) override {}
    void append_sample(double /*time_s*/, std::vector<std::vector<double>> /*values*/) override {}
    void append_rows(std::size_t /*table*/, TableColumns /*columns*/) override {}
    void flush() override {}
    void finish(const std::vector<Kpi>& /*kpis*/, const Attributes& /*attributes*/) override {}

private:
    std::size_t series_{0};
    std::size_t tables_{0};
};

}  // namespace tuntas::engine
