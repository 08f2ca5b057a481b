#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tuntas::district {

/// Functional road classes, after Indonesia's road status (UU 38/2004 on roads: national,
/// provincial, regency/district roads) plus town streets.
enum class RoadClass { national, provincial, district, local };

/// Defaults of a class where a road file gives none. ESTIMATED: lanes and free speeds are typical
/// for Kalimantan 2-lane rural roads; capacities per lane follow the base capacity of PKJI 2014
/// (Pedoman Kapasitas Jalan Indonesia) for undivided two-lane rural roads, about 3,100 pcu/h for
/// both directions (so ~1,550 per lane), and its urban-road base of 1,650 pcu/h per lane
/// reduced for side friction on town streets.
struct RoadClassDefaults {
    int lanes;                           ///< lanes per direction
    double free_speed_kmh;               ///< free-flow speed
    double capacity_pcu_per_h_per_lane;  ///< saturation flow per lane
};

/// The defaults of `road_class`.
[[nodiscard]] RoadClassDefaults defaults_of(RoadClass road_class);

/// "national", "provincial", "district", "local".
[[nodiscard]] std::string_view name_of(RoadClass road_class);

/// Parses a class name; nullopt when unknown.
[[nodiscard]] std::optional<RoadClass> parse_road_class(std::string_view name);

}  // namespace tuntas::district
