#include "models/traffic/sumo_routes.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "engine/random_stream.hpp"
#include "models/api/input_error.hpp"
#include "models/api/warning_tally.hpp"

namespace tuntas::traffic {

std::optional<VehicleClass> vehicle_class_of_vclass(std::string_view vclass) {
    for (const std::string_view car :
         {"", "passenger", "private", "taxi", "evehicle", "emergency", "authority", "army", "vip",
          "hov", "custom1", "custom2", "ignoring"}) {
        if (vclass == car) return VehicleClass::car;
    }
    if (vclass == "motorcycle" || vclass == "moped") return VehicleClass::motorcycle;
    if (vclass == "delivery") return VehicleClass::light_truck;
    if (vclass == "truck" || vclass == "trailer") return VehicleClass::heavy_truck;
    if (vclass == "bus" || vclass == "coach") return VehicleClass::bus;
    return std::nullopt;
}

namespace {

/// Each vehicle's class: its vType's vClass, or one drawn from its vTypeDistribution.
class TypeResolver {
public:
    TypeResolver(const SumoRouteFile& routes, std::uint64_t seed) : routes_(routes), seed_(seed) {
        for (std::uint32_t t = 0; t < routes.types.size(); ++t) types_[routes.types[t].id] = t;
        for (std::uint32_t d = 0; d < routes.distributions.size(); ++d)
            distributions_[routes.distributions[d].id] = d;
    }
    /// The vType a vehicle drives as (nullptr: SUMO's default car).
    [[nodiscard]] const SumoRouteFile::VehicleType*
    type_of(const SumoRouteFile::Vehicle& vehicle) const {
        if (vehicle.type.empty()) return nullptr;
        if (const auto found = types_.find(vehicle.type); found != types_.end())
            return &routes_.types[found->second];
        const auto& d = routes_.distributions[distributions_.at(vehicle.type)];
        double total = 0.0;
        for (const double p : d.probabilities) total += p;
        if (d.members.empty() || total <= 0.0) return nullptr;
        // One draw per vehicle, keyed by its id: the same vehicle gets the same type in every
        // what-if (common random numbers).
        engine::RandomStream random(seed_,
                                    engine::stream_key_of("traffic/sumo-vtype/" + vehicle.id));
        double u = random.next_unit() * total;
        for (std::size_t k = 0; k < d.members.size(); ++k) {
            u -= d.probabilities[k];
            if (u < 0.0) return &routes_.types[d.members[k]];
        }
        return &routes_.types[d.members.back()];
    }

private:
    const SumoRouteFile& routes_;
    std::uint64_t seed_;
    std::unordered_map<std::string, std::uint32_t> types_;
    std::unordered_map<std::string, std::uint32_t> distributions_;
};

}  // namespace

TripBatch resolve_sumo_routes(const SumoRouteFile& routes, const district::District& district,
                              const TrafficNetwork& network, engine::Ticks duration,
                              std::uint64_t seed, std::vector<std::string>* warnings) {
    constexpr std::uint32_t unknown = std::numeric_limits<std::uint32_t>::max();
    // The district's link of each edge name the file uses.
    const auto links = district.links();
    std::unordered_map<std::string_view, std::uint32_t> link_of_road;
    link_of_road.reserve(links.size());
    for (std::uint32_t l = 0; l < links.size(); ++l) {
        const std::string& id = district.data().roads[links[l].feature].id;
        if (!id.empty()) link_of_road.emplace(id, l);
    }
    std::vector<std::uint32_t> link_of_edge(routes.edge_names.size(), unknown);
    for (std::size_t e = 0; e < routes.edge_names.size(); ++e) {
        const auto found = link_of_road.find(routes.edge_names[e]);
        if (found != link_of_road.end()) link_of_edge[e] = found->second;
    }
    // The turns each road's connections give a car lane (turn_lanes, by next road id), as
    // interned road ids: a route's turns are checked without comparing strings (comparing
    // them was two thirds of resolving a 10,000-vehicle file).
    const auto& roads = district.data().roads;
    std::unordered_map<std::string_view, std::uint32_t> id_number;
    std::vector<std::uint32_t> number_of_road(roads.size());
    for (std::size_t r = 0; r < roads.size(); ++r) {
        number_of_road[r] =
            id_number.emplace(roads[r].id, static_cast<std::uint32_t>(id_number.size()))
                .first->second;
    }
    std::vector<std::vector<std::uint32_t>> lane_turns(roads.size());
    for (std::size_t r = 0; r < roads.size(); ++r) {
        for (const auto& [next, lanes] : roads[r].turn_lanes) {
            if (const auto found = id_number.find(next); found != id_number.end())
                lane_turns[r].push_back(found->second);
        }
    }
    const TypeResolver types(routes, seed);
    model::WarningTally tally;
    std::map<std::uint32_t, std::vector<std::uint32_t>> trees;  // fastest trees by origin node

    TripBatch batch;
    auto& trips = batch.trips;
    trips.reserve(routes.vehicles.size());
    std::vector<std::uint32_t> path;
    for (const auto& vehicle : routes.vehicles) {
        const auto problem = [&](std::string message) {
            return model::InputError(
                model::Diagnostic{.file = routes.file.string(),
                                  .line = static_cast<int>(vehicle.line),
                                  .message = std::move(message),
                                  .context = fmt::format("vehicle '{}'", vehicle.id)});
        };
        const auto link_of = [&](std::uint32_t edge) {
            if (link_of_edge[edge] == unknown)
                throw problem(fmt::format("unknown edge '{}'", routes.edge_names[edge]));
            return link_of_edge[edge];
        };
        // Check the whole route first: an error is reported even for a vehicle left out.
        path.clear();
        for (std::uint32_t k = vehicle.route_begin; k < vehicle.route_end; ++k) {
            const std::uint32_t edge = routes.route_edges[k];
            const std::uint32_t link = link_of(edge);
            if (!path.empty() && network.links[path.back()].to != network.links[link].from) {
                throw problem(fmt::format("edge '{}' does not start where the previous one ends",
                                          routes.edge_names[edge]));
            }
            path.push_back(link);
        }
        const bool routed_here = vehicle.from_edge != SumoRouteFile::none;
        if (routed_here) {
            // A trip: its first edge, the fastest free-flow path between, its last edge.
            const std::uint32_t first = link_of(vehicle.from_edge);
            const std::uint32_t last = link_of(vehicle.to_edge);
            path.push_back(first);
            if (last != first) {
                const std::uint32_t from = network.links[first].to;
                const std::uint32_t to = network.links[last].from;
                std::vector<std::uint32_t> between;
                if (from != to) {
                    auto tree = trees.find(from);
                    if (tree == trees.end())
                        tree = trees.emplace(from, district.fastest_tree(from)).first;
                    between = district.path_in_tree(tree->second, from, to);
                    if (between.empty()) {
                        tally.add("trips with no path from their first edge to their last, left "
                                  "out",
                                  vehicle.id);
                        continue;
                    }
                }
                path.insert(path.end(), between.begin(), between.end());
                path.push_back(last);
            }
        }
        const engine::Ticks depart = engine::ticks_from_seconds(vehicle.depart_s);
        if (path.empty() || depart >= duration) continue;
        const auto* type = types.type_of(vehicle);
        const auto vehicle_class = vehicle_class_of_vclass(type ? type->vclass : "");
        if (!vehicle_class) {
            tally.add(fmt::format("vehicles of vClass '{}' left out (not a road vehicle here)",
                                  type->vclass),
                      vehicle.id);
            continue;
        }
        Trip trip{.vehicle_class = *vehicle_class,
                  .origin_node = network.links[path.front()].from,
                  .destination_node = network.links[path.back()].to,
                  .depart = depart,
                  .route_begin = static_cast<std::uint32_t>(batch.route_links.size()),
                  .tour = static_cast<std::uint32_t>(trips.size()),
                  .tour_start = depart};
        // Summed in locals (the same order, so the same sums): accumulating in the Trip kept
        // each addition waiting for the store of the one before.
        double length_m = trip.length_m;
        double free_flow_s = trip.free_flow_s;
        batch.route_links.insert(batch.route_links.end(), path.begin(), path.end());
        for (const std::uint32_t link : path) {
            length_m += network.links[link].length_m;
            free_flow_s += engine::seconds_from_ticks(network.links[link].free_flow);
        }
        trip.length_m = length_m;
        trip.free_flow_s = free_flow_s;
        trip.route_end = static_cast<std::uint32_t>(batch.route_links.size());
        // A turn the network's connections do not give a car lane (SUMO would hold the car at
        // the end of the edge until it teleports): driven here, counted.
        for (std::size_t k = 1; k < path.size(); ++k) {
            const std::uint32_t from_road = links[path[k - 1]].feature;
            const std::uint32_t to_road = links[path[k]].feature;
            const auto& turns = lane_turns[from_road];
            if (!roads[from_road].turn_lanes.empty() &&
                std::find(turns.begin(), turns.end(), number_of_road[to_road]) == turns.end()) {
                const auto& from = roads[from_road];
                const auto& to = roads[to_road];
                tally.add("vehicles whose route takes a turn no car lane connects (SUMO holds "
                          "them at the edge's end until they teleport; here they turn)",
                          fmt::format("{}: {} -> {}", vehicle.id, from.id, to.id));
                break;
            }
        }
        // An explicit route is the one to compare with; a routed trip took the fastest.
        trip.best_free_flow_s = trip.free_flow_s;
        trips.push_back(trip);
    }
    // In departure order. A route file mostly is already (duarouter and randomTrips write it
    // so; SUMO itself needs it sorted): then the sort, a tenth of building DRT's 10,633
    // trips, is skipped (a stable sort leaves a sorted sequence as it is).
    const auto by_depart = [](const Trip& a, const Trip& b) { return a.depart < b.depart; };
    if (!std::is_sorted(trips.begin(), trips.end(), by_depart))
        std::stable_sort(trips.begin(), trips.end(), by_depart);
    if (warnings != nullptr) {
        *warnings = routes.warnings;
        for (auto& line : tally.lines()) warnings->push_back(std::move(line));
    }
    batch.link_routes();
    return batch;
}

TripBatch read_sumo_routes(const std::filesystem::path& file, const district::District& district,
                           const TrafficNetwork& network, engine::Ticks duration,
                           std::uint64_t seed, std::vector<std::string>* warnings) {
    return resolve_sumo_routes(read_sumo_route_file(file, seed), district, network, duration, seed,
                               warnings);
}

}  // namespace tuntas::traffic
