#include "models/district/district_generator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

#include <fmt/format.h>

#include "engine/distributions.hpp"
#include "engine/random_stream.hpp"

namespace tuntas::district {
namespace {

constexpr double metres_per_degree = 111'320.0;
constexpr double block_m = 250.0;
constexpr double town_share = 0.4;
constexpr double town_density_per_km2 = 5'000.0;
constexpr double village_size = 2'000.0;
constexpr double rural_area_per_village_km2 = 40.0;

/// Local flat-earth offsets around the centre: fine for a district's extent.
struct Frame {
    LonLat centre;
    [[nodiscard]] LonLat at(double east_m, double north_m) const {
        const double cos_lat = std::cos(centre.lat * std::numbers::pi / 180.0);
        return {centre.lon + east_m / (metres_per_degree * cos_lat),
                centre.lat + north_m / metres_per_degree};
    }
};

Ring square(const Frame& frame, double east_m, double north_m, double half_m) {
    return {
        frame.at(east_m - half_m, north_m - half_m), frame.at(east_m + half_m, north_m - half_m),
        frame.at(east_m + half_m, north_m + half_m), frame.at(east_m - half_m, north_m + half_m),
        frame.at(east_m - half_m, north_m - half_m)};
}

Provenance generated() {
    return {"tuntas district generate (synthetic)", true};
}

/// The town: a square street grid of `blocks` x `blocks` blocks around the frame's centre.
struct Town {
    Frame frame;
    int blocks{2};
    /// Half the grid's side, m.
    [[nodiscard]] double half_m() const { return blocks * block_m / 2.0; }
    /// Grid node (i, j), 0 <= i, j <= blocks.
    [[nodiscard]] LonLat grid(int i, int j) const {
        return frame.at(i * block_m - half_m(), j * block_m - half_m());
    }
};

/// A place east and north of the centre, m.
struct Place {
    double east, north;
};

/// The town's street grid (arterials with signals every 1 km) and its zones of 4 x 4 blocks.
Town add_town(DistrictData& data, const Frame& frame, double population) {
    const double town_people = town_share * population;
    const double side_m = std::sqrt(town_people / town_density_per_km2) * 1000.0;
    const Town town{frame, std::max(2, static_cast<int>(std::ceil(side_m / block_m)))};
    const int blocks = town.blocks;
    const double half = town.half_m();
    const auto grid = [&](int i, int j) { return town.grid(i, j); };
    // Every 1 km an arterial of three lanes a direction, with signals where two meet (an
    // assumption: a city's arterial grid; at 2 km a 400,000-person town gridlocked at its
    // morning peak, and with two lanes at its Monday evening peak after a weekend).
    const int arterial_every = 4;
    for (int i = 0; i <= blocks; ++i) {
        for (int j = 0; j <= blocks; ++j) {
            if (i < blocks) {
                const bool arterial = j % arterial_every == 0;
                data.roads.push_back(
                    Road{.line = {grid(i, j), grid(i + 1, j)},
                         .road_class = arterial ? RoadClass::provincial : RoadClass::local,
                         .name = fmt::format("{} {}", arterial ? "Jl. Raya" : "Jl.", j),
                         .lanes = arterial ? 3 : 1,
                         .provenance = generated()});
            }
            if (j < blocks) {
                const bool arterial = i % arterial_every == 0;
                data.roads.push_back(
                    Road{.line = {grid(i, j), grid(i, j + 1)},
                         .road_class = arterial ? RoadClass::provincial : RoadClass::local,
                         .name = fmt::format("{} {}", arterial ? "Jl. Raya" : "Gg.", i),
                         .lanes = arterial ? 3 : 1,
                         .provenance = generated()});
            }
            if (i % arterial_every == 0 && j % arterial_every == 0)
                data.signals.push_back(grid(i, j));
        }
    }
    // Town zones: clusters of 4 x 4 blocks.
    const int cluster = 4;
    const int clusters = (blocks + cluster - 1) / cluster;
    const double people_per_cluster = town_people / (clusters * clusters);
    for (int ci = 0; ci < clusters; ++ci) {
        for (int cj = 0; cj < clusters; ++cj) {
            const double east = (ci + 0.5) * cluster * block_m - half;
            const double north = (cj + 0.5) * cluster * block_m - half;
            Zone zone{.id = fmt::format("town-{}-{}", ci, cj),
                      .name = fmt::format("Town {}-{}", ci, cj),
                      .kecamatan = "Town",
                      .population = std::round(people_per_cluster),
                      .centroid = frame.at(east, north),
                      .polygons = {{square(frame, east, north, cluster * block_m / 2.0)}},
                      .provenance = generated()};
            data.zones.push_back(std::move(zone));
        }
    }
    return town;
}

/// Villages in the ring around the town, joined to it by a road tree (each village, nearest to
/// the network first, to its nearest connected place), and their zones; returns where they are.
std::vector<Place> add_villages(DistrictData& data, const Frame& frame, const Town& town,
                                double population, engine::RandomStream& random) {
    const double half = town.half_m();
    const auto villages =
        static_cast<int>(std::max(1.0, std::round((1.0 - town_share) * population / village_size)));
    const double rural_radius_m =
        std::sqrt(villages * rural_area_per_village_km2 / std::numbers::pi) * 1000.0 + half;
    std::vector<Place> connected{{-half, -half},    {half, -half}, {-half, half}, {half, half},
                                 {0.0 - half, 0.0}, {half, 0.0},   {0.0, -half},  {0.0, half}};
    // The grid's edge midpoints are on grid nodes only when blocks is even; snap them.
    for (auto& p : connected) {
        p.east = std::round((p.east + half) / block_m) * block_m - half;
        p.north = std::round((p.north + half) / block_m) * block_m - half;
    }
    std::vector<Place> places;
    for (int v = 0; v < villages; ++v) {
        // Uniform in the ring between the town edge and the rural radius.
        const double angle = engine::uniform(random, 0.0, 2.0 * std::numbers::pi);
        const double inner = half * std::numbers::sqrt2 + 1500.0;
        const double radius =
            std::sqrt(engine::uniform(random, inner * inner, rural_radius_m * rural_radius_m));
        places.push_back({radius * std::cos(angle), radius * std::sin(angle)});
    }
    // Connect each village (nearest to the network first) to its nearest connected place.
    const double village_people = (1.0 - town_share) * population / villages;
    std::vector<std::size_t> parent(places.size(), places.size());  // places.size(): the town
    std::vector<std::size_t> road_of(places.size(), 0);             // its road's index
    std::vector<std::size_t> order;                                 // as connected
    std::vector<bool> done(places.size(), false);
    std::vector<double> best(places.size(), std::numeric_limits<double>::infinity());
    std::vector<std::size_t> via(places.size(), 0);
    const auto relax = [&](const Place& from, std::size_t index) {
        for (std::size_t v = 0; v < places.size(); ++v) {
            if (done[v]) continue;
            const double d = std::hypot(places[v].east - from.east, places[v].north - from.north);
            if (d < best[v]) {
                best[v] = d;
                via[v] = index;
            }
        }
    };
    for (std::size_t c = 0; c < connected.size(); ++c) relax(connected[c], c);
    for (std::size_t step = 0; step < places.size(); ++step) {
        std::size_t next = places.size();
        for (std::size_t v = 0; v < places.size(); ++v) {
            if (!done[v] && (next == places.size() || best[v] < best[next])) next = v;
        }
        done[next] = true;
        const Place& from = connected[via[next]];
        const bool trunk = via[next] < 8;  // roads leaving the town
        if (!trunk) parent[next] = order[via[next] - 8];
        road_of[next] = data.roads.size();
        order.push_back(next);
        data.roads.push_back(Road{.line = {frame.at(from.east, from.north),
                                           frame.at(places[next].east, places[next].north)},
                                  .road_class = trunk ? RoadClass::provincial : RoadClass::district,
                                  .name = fmt::format("Jl. Desa {}", next),
                                  .length_m = 1.3 * best[next],  // rural detour factor
                                  .provenance = generated()});
        connected.push_back(places[next]);
        relax(places[next], connected.size() - 1);
    }
    // Each road of the tree carries the trips of the villages beyond it: lanes for them (an
    // assumption: a lane per 60,000 people beyond, from 2.3 trips a person a day, a tenth in the
    // peak hour, 40 % of them to or from the town, 0.6 pcu a vehicle, at 80 % of 1,300 pcu/h;
    // at most three, so Paser's few-village ends keep one).
    std::vector<double> beyond(places.size(), village_people);
    for (auto v = order.rbegin(); v != order.rend(); ++v) {
        if (parent[*v] < places.size()) beyond[parent[*v]] += beyond[*v];
    }
    for (std::size_t v = 0; v < places.size(); ++v) {
        data.roads[road_of[v]].lanes =
            std::clamp(static_cast<int>(std::ceil(beyond[v] / 60'000.0)), 1, 3);
    }
    for (int v = 0; v < villages; ++v) {
        const Place& p = places[static_cast<std::size_t>(v)];
        data.zones.push_back(Zone{.id = fmt::format("village-{}", v),
                                  .name = fmt::format("Desa {}", v),
                                  .kecamatan = fmt::format("Rural {}", v / 12),
                                  .population = std::round(village_people),
                                  .centroid = frame.at(p.east, p.north),
                                  .polygons = {{square(frame, p.east, p.north, 1000.0)}},
                                  .provenance = generated()});
    }
    return places;
}

/// Facilities scaled with population (TPS, TPS3R, waste banks, transfer depots, landfills on
/// the town's edge, one truck depot, one aggregation node, cell sites with backhaul to it). One
/// landfill for a million people was a weighbridge 28 of 64 trucks waited on all day, at the
/// end of the longest hauls: a landfill per 156,000 people, as Paser has.
void add_facilities(DistrictData& data, const Town& town, const std::vector<Place>& places,
                    double population, engine::RandomStream& random) {
    const Frame& frame = town.frame;
    const int blocks = town.blocks;
    const auto grid = [&](int i, int j) { return town.grid(i, j); };
    const auto town_node = [&]() {
        return grid(
            static_cast<int>(engine::uniform_index(random, static_cast<std::uint64_t>(blocks) + 1)),
            static_cast<int>(
                engine::uniform_index(random, static_cast<std::uint64_t>(blocks) + 1)));
    };
    const auto village_at = [&](std::size_t v) {
        return frame.at(places[v % places.size()].east, places[v % places.size()].north);
    };
    const auto add = [&](FacilityKind kind, const std::string& id, LonLat where,
                         std::map<std::string, double> values) {
        data.facilities.push_back(Facility{.id = id,
                                           .kind = kind,
                                           .name = id,
                                           .position = where,
                                           .values = std::move(values),
                                           .provenance = generated()});
    };
    const auto count = [&](double per) {
        return std::max<std::size_t>(1, static_cast<std::size_t>(std::round(population / per)));
    };
    const std::size_t town_tps = count(2'000.0 / town_share);
    for (std::size_t k = 0; k < town_tps; ++k)
        add(FacilityKind::tps, fmt::format("tps-town-{}", k), town_node(), {{"capacity_m3", 6.0}});
    for (std::size_t v = 0; v < places.size(); ++v)
        add(FacilityKind::tps, fmt::format("tps-village-{}", v), village_at(v),
            {{"capacity_m3", 6.0}});
    for (std::size_t k = 0; k < count(312'000); ++k)
        add(FacilityKind::tps3r, fmt::format("tps3r-{}", k), town_node(),
            {{"recycled_share", 0.3}});
    for (std::size_t k = 0; k < count(10'000); ++k)
        add(FacilityKind::waste_bank, fmt::format("bank-{}", k),
            k % 2 == 0 ? town_node() : village_at(k), {});
    for (std::size_t k = 0; k < count(50'000); ++k)
        add(FacilityKind::transfer_depot, fmt::format("depot-{}", k), town_node(), {});
    const std::size_t landfills = count(156'000);
    // On the town's edge, spread round it (k / landfills of the way round its perimeter).
    const auto on_edge = [&](std::size_t k) {
        const int step = static_cast<int>(4 * static_cast<std::size_t>(blocks) * k / landfills);
        const int side = step / blocks, along = step % blocks;
        if (side == 0) return grid(along, 0);
        if (side == 1) return grid(blocks, along);
        if (side == 2) return grid(blocks - along, blocks);
        return grid(0, blocks - along);
    };
    for (std::size_t k = 0; k < landfills; ++k)
        add(FacilityKind::landfill, k == 0 ? std::string("tpa") : fmt::format("tpa-{}", k),
            on_edge(k), {{"cells", 2.0}});
    add(FacilityKind::truck_depot, "fleet", grid(blocks / 2, blocks / 2), {});
    add(FacilityKind::aggregation_node, "aggregation", grid(blocks / 2, blocks / 2), {});
    const std::size_t sites = count(1'500);
    const std::size_t town_sites = std::max<std::size_t>(
        1, static_cast<std::size_t>(std::round(town_share * static_cast<double>(sites))));
    for (std::size_t k = 0; k < sites; ++k) {
        const bool in_town = k < town_sites;
        const LonLat where = in_town ? town_node() : village_at(k);
        const std::string id = fmt::format("site-{}", k);
        add(FacilityKind::cell_site, id, where,
            {{"sectors", 3.0}, {"capacity_mbps_per_sector", 54.0}});  // Paser's sites' figure
        const LonLat hub = grid(blocks / 2, blocks / 2);
        const double length = std::hypot((where.lon - hub.lon) * metres_per_degree *
                                             std::cos(hub.lat * std::numbers::pi / 180.0),
                                         (where.lat - hub.lat) * metres_per_degree);
        data.backhaul.push_back(BackhaulLink{.id = "bh-" + id,
                                             .from = id,
                                             .to = "aggregation",
                                             .medium = in_town ? "fibre" : "microwave",
                                             .capacity_mbps = in_town ? 10'000.0 : 100.0,
                                             .length_m = length,
                                             .path = {where, hub},
                                             .provenance = generated()});
    }
}

}  // namespace

DistrictData generate_district(const GeneratorParams& params) {
    if (!(params.population >= 1e4 && params.population <= 3e7)) {
        throw std::invalid_argument(fmt::format(
            "district generate: population {} is outside 10,000 .. 30,000,000", params.population));
    }
    engine::RandomStream random(params.seed, 0);
    const Frame frame{params.centre};
    DistrictData data;
    data.name = fmt::format("synthetic district of {:.0f} people (seed {})", params.population,
                            params.seed);
    data.sources["all"] = "generated by tuntas district generate; every figure is an assumption";
    const Town town = add_town(data, frame, params.population);
    const std::vector<Place> places = add_villages(data, frame, town, params.population, random);
    add_facilities(data, town, places, params.population, random);
    return data;
}

}  // namespace tuntas::district
