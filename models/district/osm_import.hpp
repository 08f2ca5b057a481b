#pragma once

#include <filesystem>
#include <optional>

#include "models/district/records.hpp"

namespace tuntas::district {

/// A lon/lat box: keep what lies inside.
struct BoundingBox {
    double min_lon, min_lat, max_lon, max_lat;
    /// True when `p` lies inside (edges included).
    [[nodiscard]] bool contains(LonLat p) const {
        return p.lon >= min_lon && p.lon <= max_lon && p.lat >= min_lat && p.lat <= max_lat;
    }
};

/// Reads an OpenStreetMap extract (.osm XML or .osm.pbf) with libosmium. Ways tagged highway=*
/// for motor traffic become roads, split at every junction (a node shared by ways, or a way's
/// end): class from the highway tag (road_class_of_highway), lanes per direction from `lanes`
/// (halved on two-way roads), speed from `maxspeed` (km/h, or "mph"), one-way from `oneway`
/// (yes/1/true, -1 reversed) and roundabouts, the way id and name kept. Nodes tagged
/// highway=traffic_signals become signals. Nodes tagged place=* become point zones with their
/// `population` tag (ESTIMATED defaults by place type where it is missing). `bbox` keeps only
/// road segments with both ends inside, and places inside.
[[nodiscard]] DistrictData import_osm(const std::filesystem::path& file,
                                      std::optional<BoundingBox> bbox = std::nullopt);

}  // namespace tuntas::district
