#pragma once

#include <optional>
#include <string_view>

namespace tuntas::district {

/// What a facility is.
enum class FacilityKind {
    tps,               ///< waste collection point (Tempat Penampungan Sementara)
    tps3r,             ///< reduce-reuse-recycle collection point (TPS 3R)
    waste_bank,        ///< bank sampah
    transfer_depot,    ///< depo sampah
    landfill,          ///< TPA
    truck_depot,       ///< the DLH fleet base
    cell_site,         ///< a mobile base station (BTS) with sectors
    aggregation_node,  ///< telecom aggregation / core point
};

/// The kind's name as written in facility files ("tps", "cell_site", ...).
[[nodiscard]] std::string_view name_of(FacilityKind kind);

/// Parses a kind name; nullopt when unknown.
[[nodiscard]] std::optional<FacilityKind> parse_facility_kind(std::string_view name);

}  // namespace tuntas::district
