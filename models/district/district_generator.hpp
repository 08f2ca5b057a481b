#pragma once

#include <cstdint>

#include "models/district/records.hpp"

namespace tuntas::district {

/// Parameters of a synthetic district.
struct GeneratorParams {
    double population{100'000};    ///< residents, 1e4 .. 3e7 (a metropolitan region)
    std::uint64_t seed{1};         ///< same seed, same district
    LonLat centre{116.19, -1.90};  ///< where the town sits (default: Tanah Grogot)
};

/// A synthetic district for scale tests and benchmarks: a town street grid (40 % of the
/// people, 5,000 per km², 250 m blocks, signals on its arterials) and villages of ~2,000
/// people scattered around it, joined to the town by a road tree (each village to the nearest
/// place already connected); facilities scale with population (a TPS per 2,000 people, a
/// waste bank per 10,000, a transfer depot per 50,000; a TPS3R per 312,000 and a landfill per
/// 156,000, Paser's densities (one TPS3R and two TPAs for 312,225 people), the landfills spread
/// round the town's edge; one truck depot at the town's centre; a cell site per 1,500 people,
/// one aggregation node, backhaul from every site to it). Every figure is marked estimated.
[[nodiscard]] DistrictData generate_district(const GeneratorParams& params);

}  // namespace tuntas::district
