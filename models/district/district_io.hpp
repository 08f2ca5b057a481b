#pragma once

#include <filesystem>
#include <vector>

#include "models/district/district.hpp"
#include "models/district/load_problem.hpp"
#include "models/district/records.hpp"

namespace tuntas::district {

/// A loaded district and the warnings its files gave.
struct LoadedDistrict {
    District district;
    std::vector<LoadProblem> warnings;
};

/// Loads a district folder: `district.toml` (name, projection, layer files, sources) and its
/// GeoJSON layers (zones, roads, facilities, backhaul; they open in QGIS). Checks every feature
/// (unknown road class or facility kind, zero-length links, zones without population, facilities
/// far from any road, road components that zones or facilities need but cannot reach) and throws
/// model::InputError with every problem (errors and warnings) when any is an error.
[[nodiscard]] LoadedDistrict load_district(const std::filesystem::path& folder);

/// Writes `data` as a district folder (district.toml and the GeoJSON layers), creating it.
void write_district(const DistrictData& data, const std::filesystem::path& folder);

}  // namespace tuntas::district
