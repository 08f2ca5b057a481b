#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

#include "models/district/records.hpp"

namespace tuntas::district {

/// Reads a SUMO network in plain XML, as `netconvert --plain-output-prefix PREFIX` writes it:
/// PREFIX.nod.xml (nodes; type="traffic_light" marks signals) and PREFIX.edg.xml (directed
/// edges with numLanes, speed, optional shape and length; `id` kept, so route files can name
/// them). A georeferenced network (projParameter) is placed with PROJ; a plain Cartesian one
/// (projParameter "!") is laid out in UTM 50S around `origin`, so lengths stay exact. Road
/// classes follow the edge `type` (highway.*) or, without one, its speed (ESTIMATED mapping:
/// >= 80 km/h national, >= 60 provincial, >= 40 district, else local). The network has no
/// zones. Throws std::runtime_error naming the file and element on bad input.
[[nodiscard]] DistrictData import_sumo(const std::filesystem::path& prefix,
                                       LonLat origin = {116.19, -1.90});

/// The road class of an OpenStreetMap highway tag value ("primary" -> national, ...);
/// nullopt for values that are not roads for motor traffic.
[[nodiscard]] std::optional<RoadClass> road_class_of_highway(std::string_view highway);

}  // namespace tuntas::district
