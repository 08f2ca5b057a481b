#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/recorder.hpp"

namespace tuntas::engine {

/// One dataset of a result file.
struct DatasetInfo {
    std::string path;                  ///< e.g. "/series/mm1/in_system"
    std::vector<std::uint64_t> shape;  ///< current extent
    std::string type;   ///< "float64", "int64", "compound(queue:int64, arrival_s:float64, ...)"
    std::string units;  ///< the `units` attribute, or joined `column_units`
    std::string description;  ///< the `description` attribute
};

/// What a result file holds: whether the run completed, its root attributes, its datasets and
/// its KPIs. Reads finished results and the .partial file of a run that died alike.
struct ResultSummary {
    std::filesystem::path file;
    bool complete{false};
    Attributes attributes;
    std::vector<DatasetInfo> datasets;
    std::vector<Kpi> kpis;
};

/// Reads the summary of a result file (throws engine::Error when it is not a readable HDF5
/// result).
[[nodiscard]] ResultSummary read_result_summary(const std::filesystem::path& file);

}  // namespace tuntas::engine
