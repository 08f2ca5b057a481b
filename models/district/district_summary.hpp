#pragma once

#include <cstddef>
#include <map>
#include <string>

#include "models/district/district.hpp"

namespace tuntas::district {

/// The figures `tuntas district inspect` reports.
struct DistrictSummary {
    std::string name;
    std::size_t zones{0};
    double population{0.0};
    std::size_t nodes{0};
    std::size_t links{0};
    std::size_t signalised_nodes{0};
    std::map<std::string, double> road_km_by_class;  ///< centre-line km (two-way roads once)
    std::map<std::string, std::size_t> facilities_by_kind;
    std::size_t backhaul_links{0};
    double backhaul_km{0.0};
    double area_km2{0.0};  ///< sum of zone areas
};

/// Sums up a district.
[[nodiscard]] DistrictSummary summarize(const District& district);

}  // namespace tuntas::district
