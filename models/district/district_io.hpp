#pragma once

#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "models/district/district.hpp"
#include "models/district/layer_reader.hpp"
#include "models/district/load_problem.hpp"
#include "models/district/records.hpp"
#include "models/district/road_layer.hpp"

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
/// `reader` picks the GeoJSON readers; both give the same district or the same problems.
[[nodiscard]] LoadedDistrict load_district(const std::filesystem::path& folder,
                                           LayerReader reader = LayerReader::fastest);

/// The roads layer `text` (the file `file`) read with `reader` as load_district reads it: its
/// records, or the problems it has (each names the file, the feature and the key).
[[nodiscard]] std::variant<RoadLayer, std::vector<LoadProblem>>
read_road_layer(const std::filesystem::path& file, const std::string& text, LayerReader reader);

/// Writes `data` as a district folder (district.toml and the GeoJSON layers), creating it.
void write_district(const DistrictData& data, const std::filesystem::path& folder);

}  // namespace tuntas::district
