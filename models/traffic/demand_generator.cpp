#include "models/traffic/demand_generator.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <span>
#include <tuple>
#include <unordered_map>

#include <fmt/format.h>
#include <tbb/parallel_sort.h>

#include "engine/assert.hpp"
#include "engine/cumulative_weights.hpp"
#include "engine/distributions.hpp"
#include "engine/parallel_for.hpp"

namespace tuntas::traffic {
namespace {

constexpr double day_s = 86'400.0;

/// Time of day of a tour's two trips, s after midnight.
struct TourTimes {
    double out_s;
    double back_s;
};

/// A commute or an errand at the times commute_out_mean_h and the rest give. Both stay inside
/// their day: a normal draw lies within 8.6 standard deviations of its mean (Box-Muller on
/// 53-bit uniforms), so a commute leaves after 01:45 and is back before 22:13.
TourTimes draw_tour(engine::RandomStream& random, bool commute) {
    if (commute) {
        return {engine::normal(random, commute_out_mean_h * 3600.0, commute_out_sd_min * 60.0),
                engine::normal(random, commute_back_mean_h * 3600.0, commute_back_sd_min * 60.0)};
    }
    const double out =
        engine::uniform(random, errands_out_from_h * 3600.0, errands_out_to_h * 3600.0);
    return {out, out + engine::uniform(random, errands_away_from_h * 3600.0,
                                       errands_away_to_h * 3600.0)};
}

/// A departure time of day for external traffic, s: 85 % between 06:00 and 22:00, the rest at
/// night (E: trucks run day and night, cars by day).
double external_time_of_day_s(engine::RandomStream& random) {
    if (engine::bernoulli(random, 0.85))
        return engine::uniform(random, 6.0 * 3600.0, 22.0 * 3600.0);
    const double night = engine::uniform(random, 0.0, 8.0 * 3600.0);  // 22:00 .. 06:00
    return std::fmod(22.0 * 3600.0 + night, day_s);
}

/// Per zone, the road nodes its trips start and end at: every junction inside it (its
/// centroid's node when none is), so a town zone does not push all its trips through one corner.
std::vector<std::vector<std::uint32_t>> zone_access_nodes(const district::District& district) {
    const auto& zones = district.data().zones;
    const auto zone_nodes = district.zone_nodes();
    const std::size_t node_count = district.nodes().size();
    std::vector<std::vector<std::uint32_t>> zone_access(zones.size());
    for (std::uint32_t node = 0; node < node_count; ++node) {
        const auto& p = district.nodes()[node];
        if (const auto zone = district.zone_of({p.x_m, p.y_m})) zone_access[*zone].push_back(node);
    }
    for (std::size_t z = 0; z < zones.size(); ++z) {
        if (zone_access[z].empty()) zone_access[z].push_back(zone_nodes[z]);
    }
    return zone_access;
}

/// Free-flow travel time between zones on the road network, min, at [i * zones + j]: from
/// zone i's centroid node to zone j's (one Dijkstra per zone, in parallel); infinity where no
/// road leads.
std::vector<double> zone_travel_min(const district::District& district) {
    const auto zone_nodes = district.zone_nodes();
    const std::size_t zones = zone_nodes.size();
    std::vector<double> minutes(zones * zones);
    engine::parallel_for_index(zones, [&](std::size_t i) {
        const auto seconds = district.travel_times_from(zone_nodes[i]);
        for (std::size_t j = 0; j < zones; ++j)
            minutes[i * zones + j] = seconds[zone_nodes[j]] / 60.0;
    });
    return minutes;
}

/// Puts `items` in the order `order` (items[k] becomes the old items[order[k]]) without a
/// second copy of them: each cycle of the permutation is rotated through one spare item.
template <class T>
void permute_in_place(std::vector<T>& items, std::vector<std::uint32_t>& order) {
    for (std::size_t start = 0; start < order.size(); ++start) {
        if (order[start] == start) continue;
        T spare = std::move(items[start]);
        std::size_t at = start;
        for (;;) {
            const std::size_t from = order[at];
            order[at] = static_cast<std::uint32_t>(at);  // placed
            if (from == start) {
                items[at] = std::move(spare);
                break;
            }
            items[at] = std::move(items[from]);
            at = from;
        }
    }
}

/// The district's gateways: nodes where a national road ends with no other road (where it
/// leaves the district), in node order.
std::vector<std::uint32_t> gateway_nodes(const district::District& district) {
    const auto links = district.links();
    std::vector<std::set<std::uint32_t>> neighbours(district.nodes().size());
    std::vector<bool> national(district.nodes().size(), false);
    for (const auto& link : links) {
        neighbours[link.from].insert(link.to);
        neighbours[link.to].insert(link.from);
        if (link.road_class == district::RoadClass::national) {
            national[link.from] = true;
            national[link.to] = true;
        }
    }
    std::vector<std::uint32_t> gateways;
    for (std::uint32_t n = 0; n < neighbours.size(); ++n) {
        if (national[n] && neighbours[n].size() == 1) gateways.push_back(n);
    }
    return gateways;
}

}  // namespace

DemandGenerator::DemandGenerator(const district::District& district, const TrafficParams& params,
                                 const TrafficNetwork& network, engine::Ticks duration,
                                 double start_s_of_day, std::uint64_t seed)
    : district_(&district),
      params_(params),
      network_(&network),
      duration_s_(engine::seconds_from_ticks(duration)),
      start_s_of_day_(start_s_of_day),
      zone_access_(zone_access_nodes(district)),
      class_weights_(params.class_shares.begin(), params.class_shares.end()),
      tour_random_(seed, 0x7472'6166),  // "traf": the residents' demand's own stream
      gateways_(gateway_nodes(district)),
      external_random_(seed, 0x6578'7465),  // "exte": external traffic's own stream
      scale_random_(seed, scale_stream_key) {
    // A batch a day: from the start, then from every midnight before the end.
    starts_.push_back(0);
    for (int day = 1; day * day_s - start_s_of_day < duration_s_; ++day)
        starts_.push_back(engine::ticks_from_seconds(day * day_s - start_s_of_day));
    // The gravity weights, once for the run (they are the same every day): row i, the
    // destinations of zone i's tours; a zone no road reaches is no destination (exp(-inf) = 0).
    // Kept as running sums to draw from, and each zone's share of tours that leave it.
    const auto& zones = district.data().zones;
    std::vector<double> weights = zone_travel_min(district);
    destination_choice_.reserve(zones.size());
    away_share_.reserve(zones.size());
    for (std::size_t i = 0; i < zones.size(); ++i) {
        const std::span<double> row(weights.data() + i * zones.size(), zones.size());
        for (std::size_t j = 0; j < zones.size(); ++j)
            row[j] = zones[j].population * std::exp(-params.gravity_beta_per_min * row[j]);
        destination_choice_.emplace_back(row);
        const double all = destination_choice_.back().total();
        away_share_.push_back(all > 0.0 ? 1.0 - row[i] / all : 0.0);
    }
    // Zone weights seen from each gateway.
    if (!gateways_.empty() && params.gateway_vehicles_per_day > 0.0) {
        const auto zone_nodes = district.zone_nodes();
        std::vector<std::vector<double>> gateway_weights(gateways_.size(),
                                                         std::vector<double>(zones.size()));
        engine::parallel_for_index(gateways_.size(), [&](std::size_t g) {
            const auto seconds = district.travel_times_from(gateways_[g]);
            for (std::size_t z = 0; z < zones.size(); ++z) {
                gateway_weights[g][z] =
                    zones[z].population *
                    std::exp(-params.gravity_beta_per_min * seconds[zone_nodes[z]] / 60.0);
            }
        });
        for (const auto& seen : gateway_weights) gateway_choice_.emplace_back(seen);
    }
    // Trips that depart while a road is closed know it and drive around it (pre-trip routing).
    closed_.assign(network.links.size(), false);
    for (std::uint32_t l = 0; l < network.links.size(); ++l) {
        const auto& link = network.links[l];
        closed_[l] = link.closed_from < link.closed_until;
        if (closed_[l]) closure_windows_.emplace_back(link.closed_from, link.closed_until);
    }
    std::sort(closure_windows_.begin(), closure_windows_.end());
    closure_windows_.erase(std::unique(closure_windows_.begin(), closure_windows_.end()),
                           closure_windows_.end());
}

TripBatch DemandGenerator::next_batch(DemandCounts& counts,
                                      const std::function<bool(const Trip&)>& keep) {
    TUNTAS_ASSERT(!done(), "every batch of the run is made");
    const std::size_t b = next_++;
    const auto day = static_cast<int>(b);
    if (counts.away_at_start.empty()) {
        counts.away_at_start.assign(zone_access_.size(), 0.0);
        counts.visiting_at_start.assign(zone_access_.size(), 0.0);
    }
    // Day b's tours depart on day b, its external traffic on day b or b + 1 (back within
    // 8 h): after drawing day b, every trip of batch b is drawn.
    const engine::Ticks from = starts_[b];
    const engine::Ticks to = b + 1 < starts_.size() ? starts_[b + 1] : engine::ticks_max;
    std::vector<Trip> trips;
    // External traffic: about gateway_vehicles_per_day a gateway, some of it back tomorrow.
    const auto external = static_cast<std::size_t>(1.2 * params_.gateway_vehicles_per_day *
                                                   static_cast<double>(gateway_choice_.size()));
    trips.reserve(expected_tour_trips(day) + pending_external_.size() + external + 1024);
    draw_tours(day, trips, counts);
    for (const Trip& trip : trips) {
        TUNTAS_ASSERT(trip.depart >= from && trip.depart < to,
                      fmt::format("a tour drawn for day {} departs outside that day", day));
    }
    draw_external(day, counts);
    std::vector<Trip> later;  // a fresh vector: the day's capacity is not kept
    for (const Trip& trip : pending_external_) {
        TUNTAS_ASSERT(trip.depart >= from,
                      fmt::format("external traffic drawn for day {} departs before it", day));
        if (trip.depart < to) {
            trips.push_back(trip);
        } else {
            later.push_back(trip);
        }
    }
    pending_external_ = std::move(later);
    // The batch in the order of one build of the whole run: by departure, then residents' tours
    // before external traffic, each in the order drawn. The keys (departure, index) sit side
    // by side, so the sort reads no trip; no two are equal, so the parallel sort gives the one
    // order there is.
    std::vector<std::pair<engine::Ticks, std::uint32_t>> keys(trips.size());
    for (std::uint32_t k = 0; k < trips.size(); ++k) keys[k] = {trips[k].depart, k};
    tbb::parallel_sort(keys.begin(), keys.end());
    std::vector<std::uint32_t> order(trips.size());
    for (std::size_t k = 0; k < keys.size(); ++k) order[k] = keys[k].second;
    permute_in_place(trips, order);
    scale_demand(trips, params_.demand_changes, scale_random_);
    if (keep) std::erase_if(trips, [&](const Trip& trip) { return !keep(trip); });
    TripBatch batch{.trips = std::move(trips), .route_links = {}};
    route(batch, counts);
    return batch;
}

double DemandGenerator::day_factor(int day) const {
    return model::of_day_type(params_.calendar.day_type(day),
                              {1.0, params_.friday_trip_factor, params_.saturday_trip_factor,
                               params_.sunday_trip_factor, params_.holiday_trip_factor});
}

std::size_t DemandGenerator::expected_tour_trips(int day) const {
    const auto& zones = district_->data().zones;
    double trips = 0.0;
    for (std::size_t i = 0; i < zones.size(); ++i) {
        const double away = away_share_[i];
        const double zone_factor =
            i < params_.zone_trip_factor.size() ? params_.zone_trip_factor[i] : 1.0;
        trips += zones[i].population * params_.trips_per_person_per_day * params_.demand_scale *
                 day_factor(day) * zone_factor * (1.0 - params_.walk_share) * away;
    }
    // A margin of 5 standard deviations of the Poisson count: the vector rarely grows.
    return static_cast<std::size_t>(trips + 5.0 * std::sqrt(trips));
}

/// Home-based tours drawn from the gravity model on network travel time for day `day` into
/// `trips`; counts walk and in-zone trips, and who is away from home at the start.
void DemandGenerator::draw_tours(int day, std::vector<Trip>& trips, DemandCounts& counts) {
    const auto& zones = district_->data().zones;
    const model::DayType type = params_.calendar.day_type(day);
    const bool rest_day = type == model::DayType::saturday || type == model::DayType::sunday ||
                          type == model::DayType::holiday;
    const double commute_share = rest_day ? params_.weekend_commute_share : params_.commute_share;
    auto& random = tour_random_;
    for (std::size_t i = 0; i < zones.size(); ++i) {
        const double zone_factor =
            i < params_.zone_trip_factor.size() ? params_.zone_trip_factor[i] : 1.0;
        const double mean_tours = zones[i].population * params_.trips_per_person_per_day / 2.0 *
                                  params_.demand_scale * day_factor(day) * zone_factor;
        const std::uint64_t tours = engine::poisson(random, mean_tours);
        for (std::uint64_t t = 0; t < tours; ++t) {
            const bool walks = engine::bernoulli(random, params_.walk_share);
            const auto j = destination_choice_[i].draw(random);
            const auto vehicle_class =
                static_cast<VehicleClass>(engine::discrete_choice(random, class_weights_));
            const TourTimes times = draw_tour(random, engine::bernoulli(random, commute_share));
            if (walks) {
                counts.walk_trips += 2;
                continue;
            }
            if (j == i) {
                counts.local_trips += 2;
                continue;
            }
            const auto& home = zone_access_[i];
            const auto& away = zone_access_[j];
            const std::uint32_t home_node = home[engine::uniform_index(random, home.size())];
            const std::uint32_t away_node = away[engine::uniform_index(random, away.size())];
            if (home_node == away_node) {
                counts.local_trips += 2;
                continue;
            }
            const double out_s = day * day_s + times.out_s - start_s_of_day_;
            const double back_s = day * day_s + times.back_s - start_s_of_day_;
            if (out_s < 0.0 && back_s >= 0.0) {  // out before the run starts, back during it
                counts.away_at_start[i] += 1.0;
                counts.visiting_at_start[j] += 1.0;
            }
            const auto tour = static_cast<std::uint32_t>(tours_made_++);
            for (const auto& [from, to, t_s, from_node, to_node, outbound] :
                 {std::tuple{i, j, out_s, home_node, away_node, true},
                  std::tuple{j, i, back_s, away_node, home_node, false}}) {
                if (t_s < 0.0 || t_s >= duration_s_) continue;
                trips.push_back(Trip{.vehicle_class = vehicle_class,
                                     .origin_zone = static_cast<std::uint32_t>(from),
                                     .destination_zone = static_cast<std::uint32_t>(to),
                                     .origin_node = from_node,
                                     .destination_node = to_node,
                                     .depart = engine::ticks_from_seconds(t_s),
                                     .outbound = outbound,
                                     .tour = tour,
                                     .tour_start = engine::ticks_from_seconds(out_s)});
            }
        }
    }
}

/// External traffic of day `day`, from its own random stream (the residents' demand does not
/// shift): at each gateway gateway_vehicles_per_day x through_share vehicles cross to another
/// gateway (each through trip passes two: half as many trips a gateway), and the rest come in
/// and go back out: half are visitors' tours (gateway -> zone -> gateway), half residents'
/// (zone -> gateway -> zone), zones by the gravity weight on travel time from the gateway.
void DemandGenerator::draw_external(int day, DemandCounts& counts) {
    if (gateway_choice_.empty()) return;
    const auto& gateways = gateways_;
    auto& random = external_random_;
    // Not heavy: motorcycles and cars as on the arterial (E: paser-facts 4, 60-70 %
    // motorcycles and 15-20 % trucks: 65 of the 82.5 % that are not trucks).
    const auto vehicle_class = [&] {
        return engine::bernoulli(random, params_.gateway_heavy_share) ? VehicleClass::heavy_truck
               : engine::bernoulli(random, 0.65 / 0.825)              ? VehicleClass::motorcycle
                                                                      : VehicleClass::car;
    };
    const auto add = [&](std::uint32_t from_zone, std::uint32_t to_zone, std::uint32_t from_node,
                         std::uint32_t to_node, double t_s, bool outbound, VehicleClass c,
                         double tour_start_s, std::uint32_t id) {
        if (t_s < 0.0 || t_s >= duration_s_ || from_node == to_node) return;
        pending_external_.push_back(Trip{.vehicle_class = c,
                                         .origin_zone = from_zone,
                                         .destination_zone = to_zone,
                                         .origin_node = from_node,
                                         .destination_node = to_node,
                                         .depart = engine::ticks_from_seconds(t_s),
                                         .outbound = outbound,
                                         .tour = id,
                                         .tour_start = engine::ticks_from_seconds(tour_start_s)});
        ++counts.external_trips;
    };
    const double per_gateway = params_.gateway_vehicles_per_day;
    const double day_start_s = day * day_s - start_s_of_day_;
    for (std::size_t g = 0; g < gateways.size(); ++g) {
        // Through: each crosses two gateways, so a gateway starts half of its count.
        if (gateways.size() > 1) {
            const auto through = engine::poisson(random, per_gateway * params_.through_share / 2.0);
            for (std::uint64_t k = 0; k < through; ++k) {
                auto other = engine::uniform_index(random, gateways.size() - 1);
                other += other >= g ? 1 : 0;
                const double t_s = day_start_s + external_time_of_day_s(random);
                add(no_zone, no_zone, gateways[g], gateways[other], t_s, true, vehicle_class(), t_s,
                    external_tour_++);
            }
        }
        // In and out: a tour crosses the gateway twice.
        const double tours_per_day =
            per_gateway * (gateways.size() > 1 ? 1.0 - params_.through_share : 1.0) / 2.0;
        const auto tours = engine::poisson(random, tours_per_day);
        for (std::uint64_t k = 0; k < tours; ++k) {
            const auto z = static_cast<std::uint32_t>(gateway_choice_[g].draw(random));
            const auto& access = zone_access_[z];
            const std::uint32_t node = access[engine::uniform_index(random, access.size())];
            const double out_s = day_start_s + external_time_of_day_s(random);
            const double back_s = out_s + engine::uniform(random, 1.0 * 3600.0, 8.0 * 3600.0);
            const VehicleClass c = vehicle_class();
            const bool visitor = engine::bernoulli(random, 0.5);
            if (visitor && out_s < 0.0 && back_s >= 0.0) counts.visiting_at_start[z] += 1.0;
            if (!visitor && out_s < 0.0 && back_s >= 0.0) counts.away_at_start[z] += 1.0;
            const std::uint32_t id = external_tour_++;
            if (visitor) {
                add(no_zone, z, gateways[g], node, out_s, true, c, out_s, id);
                add(z, no_zone, node, gateways[g], back_s, false, c, out_s, id);
            } else {
                add(z, no_zone, node, gateways[g], out_s, true, c, out_s, id);
                add(no_zone, z, gateways[g], node, back_s, false, c, out_s, id);
            }
        }
    }
}

void scale_demand(std::vector<Trip>& trips, const std::vector<DemandChange>& changes,
                  engine::RandomStream& random) {
    if (changes.empty()) return;
    std::vector<Trip> scaled;
    for (const Trip& trip : trips) {
        double factor = 1.0;
        engine::Ticks latest = -1;
        for (const auto& change : changes) {
            if (change.at <= trip.depart && change.at >= latest) {
                factor = change.factor;
                latest = change.at;
            }
        }
        auto copies = static_cast<int>(std::floor(factor));
        if (engine::bernoulli(random, factor - std::floor(factor))) ++copies;
        for (int c = 0; c < copies; ++c) scaled.push_back(trip);
    }
    trips = std::move(scaled);
}

/// Routes every trip of `batch` on a fastest path (one tree per origin node, computed in
/// parallel; a second one around the closures for the trips departing during one), paths
/// shared in batch.route_links; a trip with no path goes to counts.unroutable.
void DemandGenerator::route(TripBatch& batch, DemandCounts& counts) const {
    const district::District& district = *district_;
    const auto& links = network_->links;
    std::vector<std::uint32_t> origins;
    for (const auto& trip : batch.trips) origins.push_back(trip.origin_node);
    std::sort(origins.begin(), origins.end());
    origins.erase(std::unique(origins.begin(), origins.end()), origins.end());
    const bool any_closed = !closure_windows_.empty();
    const auto during_closure = [&](const Trip& trip) {
        return std::any_of(closure_windows_.begin(), closure_windows_.end(), [&](const auto& w) {
            return trip.depart >= w.first && trip.depart < w.second;
        });
    };
    std::vector<std::vector<std::uint32_t>> trees(origins.size());
    std::vector<std::vector<std::uint32_t>> detour_trees(any_closed ? origins.size() : 0);
    engine::parallel_for_index(origins.size(), [&](std::size_t k) {
        trees[k] = district.fastest_tree(origins[k]);
        if (any_closed) detour_trees[k] = district.fastest_tree(origins[k], closed_);
    });
    // The trips of each origin, in trip order (a counting sort by origin).
    auto& trips = batch.trips;
    std::vector<std::uint32_t> origin_of(trips.size());
    engine::parallel_for_index(trips.size(), [&](std::size_t t) {
        origin_of[t] = static_cast<std::uint32_t>(
            std::lower_bound(origins.begin(), origins.end(), trips[t].origin_node) -
            origins.begin());
    });
    std::vector<std::size_t> first_of_origin(origins.size() + 1, 0);
    for (const std::uint32_t k : origin_of) ++first_of_origin[k + 1];
    std::partial_sum(first_of_origin.begin(), first_of_origin.end(), first_of_origin.begin());
    std::vector<std::uint32_t> by_origin(trips.size());
    {
        std::vector<std::size_t> next(first_of_origin.begin(), first_of_origin.end() - 1);
        for (std::size_t t = 0; t < trips.size(); ++t)
            by_origin[next[origin_of[t]]++] = static_cast<std::uint32_t>(t);
    }
    // Each route once per origin, made from its origin's tree in parallel: its links, length
    // and free-flow time (summed in link order, as a trip of its own would), by destination and
    // whether it goes round a closure. An origin's routes are laid out together, origin after
    // origin; a trip's route_begin and route_end are first taken within its origin's.
    struct Route {
        std::uint32_t begin, end;
        double length_m, free_flow_s;
    };
    // The links themselves are written in a second pass, straight into the batch's list once
    // every origin's total is known (gathered per origin first, the day's routes were held
    // twice for a moment: 220 MB more at 4 million people).
    struct Made {
        std::uint32_t destination;
        bool around_closure;
        std::uint32_t links;  // its route's
    };
    std::vector<std::vector<Made>> made_of_origin(origins.size());
    std::vector<std::size_t> links_of_origin(origins.size(), 0);
    const auto walk = [&](std::size_t k, std::uint32_t destination, bool around_closure,
                          const auto& visit) {
        const auto& tree = around_closure ? detour_trees[k] : trees[k];
        for (std::uint32_t node = destination;
             node != origins[k] && tree[node] != district::District::no_link;
             node = links[tree[node]].from) {
            visit(tree[node]);
        }
    };
    engine::parallel_for_index(origins.size(), [&](std::size_t k) {
        std::unordered_map<std::uint64_t, Route> routes;
        std::vector<std::uint32_t> path;
        for (std::size_t at = first_of_origin[k]; at < first_of_origin[k + 1]; ++at) {
            Trip& trip = trips[by_origin[at]];
            const std::uint32_t destination = trip.destination_node;
            const bool around_closure = any_closed && during_closure(trip);
            const std::uint64_t key =
                (std::uint64_t{destination} << 1U) | (around_closure ? 1U : 0U);
            auto found = routes.find(key);
            if (found == routes.end()) {
                path.clear();
                walk(k, destination, around_closure,
                     [&](std::uint32_t link) { path.push_back(link); });
                Route route{.begin = static_cast<std::uint32_t>(links_of_origin[k]),
                            .end = static_cast<std::uint32_t>(links_of_origin[k] + path.size()),
                            .length_m = trip.length_m,
                            .free_flow_s = trip.free_flow_s};
                // In link order (the path was walked from its end).
                for (auto l = path.rbegin(); l != path.rend(); ++l) {
                    route.length_m += links[*l].length_m;
                    route.free_flow_s += engine::seconds_from_ticks(links[*l].free_flow);
                }
                links_of_origin[k] += path.size();
                made_of_origin[k].push_back(
                    {destination, around_closure, static_cast<std::uint32_t>(path.size())});
                found = routes.emplace(key, route).first;
            }
            TUNTAS_ASSERT(trip.length_m == 0.0 && trip.free_flow_s == 0.0,
                          "a trip is routed once, from no length");
            trip.route_begin = found->second.begin;
            trip.route_end = found->second.end;
            trip.length_m = found->second.length_m;
            trip.free_flow_s = found->second.free_flow_s;
            trip.best_free_flow_s = trip.free_flow_s;
            if (around_closure) {
                // Its fastest path had the road been open: what a detour is measured against.
                double best_s = 0.0;
                walk(k, destination, false, [&](std::uint32_t link) {
                    best_s += engine::seconds_from_ticks(links[link].free_flow);
                });
                trip.best_free_flow_s = best_s;
            }
        }
    });
    std::vector<std::size_t> links_before(origins.size() + 1, 0);
    for (std::size_t k = 0; k < origins.size(); ++k)
        links_before[k + 1] = links_before[k] + links_of_origin[k];
    auto& route_links = batch.route_links;
    const std::size_t made_before = route_links.size();
    route_links.resize(made_before + links_before.back());
    engine::parallel_for_index(origins.size(), [&](std::size_t k) {
        std::size_t end = made_before + links_before[k];
        for (const Made& made : made_of_origin[k]) {
            // Walked from the destination: written from the route's end backwards.
            end += made.links;
            std::size_t at = end;
            walk(k, made.destination, made.around_closure,
                 [&](std::uint32_t link) { route_links[--at] = link; });
        }
        std::vector<Made>().swap(made_of_origin[k]);
    });
    engine::parallel_for_index(trips.size(), [&](std::size_t t) {
        const auto offset = static_cast<std::uint32_t>(made_before + links_before[origin_of[t]]);
        trips[t].route_begin += offset;
        trips[t].route_end += offset;
    });
    // A trip whose destination its origin cannot reach has an empty route: it cannot depart.
    // It is kept aside and counted (a closure that cuts a place off must show its trips).
    for (const auto& trip : batch.trips) {
        if (trip.route_begin == trip.route_end) counts.unroutable.push_back(trip);
    }
    std::erase_if(batch.trips, [](const Trip& trip) { return trip.route_begin == trip.route_end; });
    batch.link_routes();
}

}  // namespace tuntas::traffic
