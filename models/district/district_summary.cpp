#include "models/district/district_summary.hpp"

#include <set>

namespace tuntas::district {

DistrictSummary summarize(const District& district) {
    DistrictSummary summary;
    const DistrictData& data = district.data();
    summary.name = data.name;
    summary.zones = data.zones.size();
    for (const Zone& zone : data.zones) {
        summary.population += zone.population;
        summary.area_km2 += zone.area_km2;
    }
    summary.nodes = district.nodes().size();
    summary.links = district.links().size();
    for (const RoadNode& node : district.nodes())
        summary.signalised_nodes += node.signalised ? 1 : 0;
    // Centre-line length: each road feature once, whichever directions it has.
    std::set<std::uint32_t> counted;
    for (const RoadLink& link : district.links()) {
        if (!counted.insert(link.feature).second) continue;
        summary.road_km_by_class[std::string(name_of(link.road_class))] += link.length_m / 1000.0;
    }
    for (const Facility& facility : data.facilities) {
        ++summary.facilities_by_kind[std::string(name_of(facility.kind))];
    }
    summary.backhaul_links = data.backhaul.size();
    for (const BackhaulLink& link : data.backhaul) summary.backhaul_km += link.length_m / 1000.0;
    return summary;
}

}  // namespace tuntas::district
