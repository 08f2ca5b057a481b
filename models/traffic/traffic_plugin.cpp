#include "models/traffic/traffic_plugin.hpp"

#include <algorithm>
#include <filesystem>
#include <future>
#include <limits>
#include <numeric>
#include <optional>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "models/api/closest_name.hpp"
#include "models/api/input_error.hpp"
#include "models/api/param_bindings.hpp"
#include "models/district/population_growth.hpp"
#include "models/traffic/demand_generator.hpp"
#include "models/traffic/presence_service.hpp"
#include "models/traffic/road_network_service.hpp"
#include "models/traffic/sumo_route_file.hpp"
#include "models/traffic/traffic_instance.hpp"

// The traffic model's plugin: its keys and edits, how it assembles, and what it changes between
// windows (link blocks due, re-routing).
namespace tuntas::traffic {

using model::EditKindSpec;
using model::SectionSpec;
using model::ValueType;

namespace {

constexpr const char* section_name = "traffic";

/// What the partitioning is told about traffic's LPs, from the trips made so far that depart
/// before the run's end, scaled from the span their batches cover to the run's (a generated
/// first day stands for every day of the run; a route file's trips are the run's); planned
/// routes, no re-routing.
struct ExpectedTrafficEvents {
    /// Per node: one at a trip's origin, three for each vehicle that reaches it along a link
    /// (its arrival, the space it frees upstream, its discharge).
    std::vector<double> of_node;
    /// Per link: the two of those that cross it (the vehicle onward, its freed space back).
    std::vector<double> over_link;
    /// Per zone, by the locality group of the node where its trips leave or arrive: the presence
    /// notices each listener of the zone hears from there.
    std::vector<std::vector<PresenceService::NoticeSource>> notice_sources;
};

/// `end`: the run's end (warm-up included); `group`: each node's locality group; `zones`: the
/// district's zones.
ExpectedTrafficEvents expected_traffic_events(const TrafficNetwork& network, engine::Ticks end,
                                              const std::vector<std::uint32_t>& group,
                                              std::size_t zones) {
    // The batches made cover [0, start of the first batch not made); the run, [0, end).
    const TripStore& trips = network.trips;
    const double scale =
        trips.added() == 0 || trips.added() >= trips.planned()
            ? 1.0
            : static_cast<double>(end) / static_cast<double>(trips.start_of(trips.added()));
    ExpectedTrafficEvents events{std::vector<double>(network.in_links.size(), 0.0),
                                 std::vector<double>(network.links.size(), 0.0),
                                 std::vector<std::vector<PresenceService::NoticeSource>>(zones)};
    // A zone's trips leave from and arrive at a node or two: a short list searched in place.
    const auto notice = [&](std::uint32_t zone, std::uint32_t node) {
        if (zone >= zones) return;
        auto& sources = events.notice_sources[zone];
        const std::uint32_t from = group[node];
        const auto same = std::find_if(sources.begin(), sources.end(),
                                       [&](const auto& s) { return s.group == from; });
        if (same != sources.end()) {
            same->notices += scale;
        } else {
            sources.push_back({from, scale});
        }
    };
    for (std::uint32_t id = 0; id < network.trips.size(); ++id) {
        const Trip& trip = network.trips[id];
        if (trip.depart >= end) continue;
        events.of_node[trip.origin_node] += scale;
        for (const std::uint32_t link : trip.route()) {
            events.of_node[network.links[link].to] += 3.0 * scale;
            events.over_link[link] += 2.0 * scale;
        }
        notice(trip.origin_zone, trip.origin_node);
        notice(trip.destination_zone, trip.destination_node);
    }
    return events;
}

/// [traffic]'s keys, each bound to its TrafficParams field.
/// `until` of the closing edits: when the road opens again (default: never).
model::KeySpec until_key() {
    return {"until",
            ValueType::duration,
            "s",
            0.0,
            {},
            1e12,
            "when it opens again, from the start (default: never)"};
}

/// The junction an edit names, by the point nearest to it.
model::KeySpec junction_lon_key() {
    return {"lon", ValueType::real, "deg", -180.0, 180.0, {}, "longitude of the junction"};
}
model::KeySpec junction_lat_key() {
    return {"lat", ValueType::real, "deg", -90.0, 90.0, {}, "latitude of the junction"};
}

class TrafficPlugin final : public model::ModelPlugin {
public:
    [[nodiscard]] SectionSpec section() const override {
        return {
            section_name,
            "mesoscopic road traffic: link queues with spillback, Webster signals, gravity demand",
            traffic_keys().specs()};
    }

    [[nodiscard]] std::vector<EditKindSpec> edit_kinds() const override {
        return {
            {"traffic.close_road",
             "from `at` until `until`, no vehicle enters the road; trips leaving meanwhile "
             "drive around it",
             {{"road", ValueType::text, "1", {}, {}, {}, "road name or id in the district"},
              until_key()}},
            {"traffic.close_junction",
             "from `at` until `until`, no vehicle enters or leaves the junction nearest to the "
             "point; trips drive around it",
             {junction_lon_key(), junction_lat_key(), until_key()}},
            {"traffic.set_signal",
             "from `at` on, the signal nearest the point runs another cycle (its phases scaled) "
             "or is off (cycle_s = 0)",
             {junction_lon_key(),
              junction_lat_key(),
              {"cycle_s", ValueType::real, "s", 0.0, 600.0, {}, "the new cycle (0: off)"}}},
            {"traffic.set_road",
             "from `at` on, a road has other lanes and/or another free speed",
             {{"road", ValueType::text, "1", {}, {}, {}, "road name or id in the district"},
              {"lanes", ValueType::integer, "1", 0.0, 8.0, std::int64_t{0},
               "lanes per direction (0: unchanged)"},
              {"speed_kmh", ValueType::real, "km/h", 0.0, 200.0, 0.0,
               "free speed (0: unchanged)"}}},
            {"traffic.block_link",
             "from `at` (a sample instant) until `until`, no vehicle enters one directed link "
             "(its index in /static/traffic/links); vehicles that meet it drive around it, "
             "none re-plans at departure (a knob of the live viewer)",
             {{"link", ValueType::integer, "1", 0.0, {}, {}, "link index"}, until_key()}},
            {"traffic.hold_trips",
             "from `at` on, only this share of the tours that start set out (each tour decided "
             "by a hash of seed and tour, its return trip with it; a knob of the live viewer)",
             {{"share", ValueType::real, "1", 0.0, 1.0, {}, "share of tours that go"}}},
            {"traffic.scale_demand",
             "from `at` on, trips depart at factor x the base demand",
             {{"factor", ValueType::real, "1", 0.0, 100.0, {}, "multiplier on the trips"}}}};
    }

    [[nodiscard]] std::vector<std::string> provides() const override {
        return {std::string(PresenceService::service_name),
                std::string(RoadNetworkService::service_name)};
    }

    [[nodiscard]] std::vector<model::ServiceNeed> needs() const override {
        return {{std::string(district::District::service_name),
                 "trips run on its roads between its zones"}};
    }

    [[nodiscard]] std::unique_ptr<model::ModelInstance>
    assemble(const model::SectionValues& values, const std::vector<const model::Edit*>& edits,
             model::Assembly& assembly) const override {
        TrafficParams params;
        // `until` as ticks; its default (1e12 s) is "never".
        const auto until_of = [](const model::Edit& edit) {
            const double until_s = edit.values.duration_s("until");
            return until_s >= 1e12 ? engine::ticks_max : engine::ticks_from_seconds(until_s);
        };
        for (const model::Edit* edit : edits) {
            if (edit->kind == "traffic.close_road") {
                params.closures.push_back({edit->values.text("road"), edit->at, until_of(*edit)});
            } else if (edit->kind == "traffic.close_junction") {
                params.closures.push_back(RoadClosure{.road = "",
                                                      .from = edit->at,
                                                      .until = until_of(*edit),
                                                      .junction_lon = edit->values.real("lon"),
                                                      .junction_lat = edit->values.real("lat")});
            } else if (edit->kind == "traffic.set_signal") {
                params.signal_changes.push_back({edit->values.real("lon"), edit->values.real("lat"),
                                                 edit->at, edit->values.real("cycle_s")});
            } else if (edit->kind == "traffic.set_road") {
                params.road_changes.push_back({edit->values.text("road"), edit->at,
                                               static_cast<int>(edit->values.integer("lanes")),
                                               edit->values.real("speed_kmh")});
            } else if (edit->kind == "traffic.scale_demand") {
                params.demand_changes.push_back({edit->at, edit->values.real("factor")});
            }
        }
        traffic_keys().read(values, params);
        const model::Scenario& scenario = assembly.scenario;
        // The route file first: the district may still be loading meanwhile.
        std::optional<SumoRouteFile> routes;
        if (!params.routes_file.empty())
            routes = read_sumo_route_file(params.routes_file, scenario.seed);
        const auto district = assembly.services.need<const district::District>();
        params.calendar = scenario.calendar();
        if (!params.zone_trip_factors.empty()) {
            params.zone_trip_factor = read_zone_factors(params.zone_trip_factors, *district);
        }
        // Every road an edit names, checked at once and located at the edit (the build would
        // stop at the first, located at the [traffic] section).
        {
            std::set<std::string> names;
            for (const auto& link : district->links()) names.insert(link.name);
            std::vector<model::Diagnostic> problems;
            for (const model::Edit* edit : edits) {
                if (edit->kind != "traffic.close_road" && edit->kind != "traffic.set_road")
                    continue;
                const std::string& road = edit->values.text("road");
                if (names.contains(road)) continue;
                const std::string near =
                    model::closest_name(road, std::vector<std::string>(names.begin(), names.end()),
                                        std::clamp<std::size_t>(road.size() / 3, 2, 6));
                problems.push_back(edit->values.problem(
                    "road",
                    fmt::format("{}: the district has no road named '{}'{}", edit->kind, road,
                                near.empty() ? std::string(" (tuntas district roads "
                                                           "lists them)")
                                             : fmt::format(" (did you mean '{}'?)", near))));
            }
            if (!problems.empty()) throw model::InputError(std::move(problems));
        }
        TrafficBuild build;
        try {
            // The trips of a day join the run at the last sample before it begins.
            build =
                build_traffic(*district, params, scenario.end(), scenario.start_s_of_day(),
                              scenario.seed, routes ? &*routes : nullptr, scenario.sample_interval);
        } catch (const std::invalid_argument& e) {
            throw model::InputError(values.problem("", e.what()));
        }
        // No vehicle trip at all is almost always a mistake (a route file whose vehicles all
        // leave outside the run, a trips file, a district without people): say so before a
        // run that measures nothing.
        if (build.network->trips.size() == 0 && params.demand_scale > 0.0 &&
            !params.allow_no_trips) {
            std::string why;
            if (routes) {
                why = fmt::format("the route file has {} vehicles, none departing in the run (0 "
                                  "to {:g} s)",
                                  routes->vehicles.size(),
                                  engine::seconds_from_ticks(scenario.end()));
                // With none at all, what the reader left out says why.
                if (routes->vehicles.empty() && !routes->warnings.empty())
                    why +=
                        fmt::format("; the reader left out: {}", fmt::join(routes->warnings, "; "));
            } else if (std::accumulate(build.zone_population.begin(), build.zone_population.end(),
                                       0.0) <= 0.0 &&
                       build.gateways.empty()) {
                why = "the district's demand makes no vehicle trip on the run's first day (no "
                      "residents, no gateway traffic)";
            } else {
                // People there are, but the run's first day ends before any of them leaves
                // (a night run over a district without gateway traffic).
                const double from_s = scenario.start_s_of_day();
                const double to_s =
                    std::min(86'400.0, from_s + engine::seconds_from_ticks(scenario.end()));
                const auto clock = [](double s) {
                    const auto minutes = static_cast<int>(s / 60.0);
                    return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
                };
                why = fmt::format(
                    "no vehicle trip of the district's demand departs within the run's first "
                    "day, {} to {} (commutes leave around {} and {}, errands between {} and {}, "
                    "and no gateway traffic comes in): start later or run longer",
                    clock(from_s), clock(to_s), clock(commute_out_mean_h * 3600.0),
                    clock(commute_back_mean_h * 3600.0), clock(errands_out_from_h * 3600.0),
                    clock(errands_out_to_h * 3600.0));
            }
            throw model::InputError(values.problem(
                routes ? "routes" : "",
                fmt::format("traffic: {}; set traffic.allow_no_trips = true to run anyway", why)));
        }
        // Spatial partitioning: one locality group per cluster of nodes joined by very short
        // links (node_clusters), ranked west to east by their westmost node.
        const auto nodes = district->nodes();
        const auto& cluster = build.node_cluster;
        const std::uint32_t clusters =
            cluster.empty() ? 0 : *std::max_element(cluster.begin(), cluster.end()) + 1;
        std::vector<double> west_m(clusters, std::numeric_limits<double>::infinity());
        for (std::uint32_t n = 0; n < nodes.size(); ++n)
            west_m[cluster[n]] = std::min(west_m[cluster[n]], nodes[n].x_m);
        std::vector<std::uint32_t> order(clusters);
        std::iota(order.begin(), order.end(), 0U);
        std::stable_sort(order.begin(), order.end(),
                         [&](std::uint32_t a, std::uint32_t b) { return west_m[a] < west_m[b]; });
        const std::uint32_t first_group = assembly.new_groups(clusters);
        std::vector<std::uint32_t> rank(clusters);
        for (std::uint32_t r = 0; r < clusters; ++r) rank[order[r]] = r;
        std::vector<std::uint32_t> group(nodes.size());
        for (std::uint32_t n = 0; n < nodes.size(); ++n) group[n] = first_group + rank[cluster[n]];
        build.network->first_lp = static_cast<engine::LpId>(assembly.simulation.lp_count());
        std::vector<NodeLp*> lps;
        const std::shared_ptr<const TrafficNetwork> shared = build.network;
        ExpectedTrafficEvents expected = expected_traffic_events(
            *build.network, assembly.scenario.end(), group, build.zone_population.size());
        for (std::uint32_t node = 0; node < nodes.size(); ++node) {
            const engine::LpId id =
                assembly.add_lp(std::make_unique<NodeLp>(shared, node), group[node],
                                expected.of_node[node], fmt::format("traffic/node/{}", node));
            lps.push_back(&assembly.lp<NodeLp>(id));
        }
        // The links between clusters, for the partitioning to cut as few (and as quiet) as it
        // can (an unused link still counts one event), each with the least delay of the events
        // along it (vehicles and freed space): the node LPs send each other nothing else, so
        // the lookahead is the quickest link the partitioning cuts, not the quickest of all.
        // The presence notices' delay (build.lookahead) is the floor of the models that hear
        // them.
        for (std::size_t l = 0; l < build.network->links.size(); ++l) {
            const auto& link = build.network->links[l];
            if (group[link.from] != group[link.to])
                assembly.link_groups(group[link.from], group[link.to],
                                     std::max(1.0, expected.over_link[l]), quickest_crossing(link));
        }
        std::vector<double> present = build.zone_population;
        for (std::size_t z = 0; z < present.size() && z < build.counts.away_at_start.size(); ++z) {
            present[z] += build.counts.visiting_at_start[z] - build.counts.away_at_start[z];
        }
        assembly.services.provide(std::make_shared<PresenceService>(
            PresenceService{build.network, std::move(present), build.lookahead,
                            std::move(expected.notice_sources)}));
        assembly.services.provide(
            std::make_shared<RoadNetworkService>(RoadNetworkService{build.network}));
        auto instance = std::make_unique<TrafficInstance>(
            district, std::move(build), std::move(lps),
            MeasuredSpan{.from = scenario.warmup, .to = scenario.end()},
            engine::ticks_from_seconds(params.reroute_interval_s), scenario.sample_interval);
        std::vector<LinkBlock> blocks;
        std::vector<model::Diagnostic> problems;
        for (const model::Edit* edit : edits) {
            if (edit->kind != "traffic.block_link") continue;
            const auto link = edit->values.integer("link");
            if (static_cast<std::size_t>(link) >= instance->link_count()) {
                problems.push_back(edit->values.problem(
                    "link",
                    fmt::format("traffic.block_link: link {} does not exist (the district has {})",
                                link, instance->link_count())));
            } else if (edit->at % scenario.sample_interval != 0) {
                problems.push_back(edit->values.problem(
                    "at", fmt::format("traffic.block_link: at = {} s is not a sample instant (a "
                                      "multiple of sample_interval)",
                                      engine::seconds_from_ticks(edit->at))));
            } else {
                blocks.push_back(
                    {edit->at, static_cast<std::uint32_t>(link), edit->values.duration("until")});
            }
        }
        if (!problems.empty()) throw model::InputError(std::move(problems));
        std::stable_sort(blocks.begin(), blocks.end(),
                         [](const auto& a, const auto& b) { return a.at < b.at; });
        auto& shares = instance->network().tour_shares;
        for (const model::Edit* edit : edits) {
            if (edit->kind == "traffic.hold_trips")
                shares.push_back({edit->at, edit->values.real("share")});
        }
        std::stable_sort(shares.begin(), shares.end(),
                         [](const auto& a, const auto& b) { return a.at < b.at; });
        instance->schedule_blocks(std::move(blocks));
        return instance;
    }
};

}  // namespace

std::vector<double> read_zone_factors(const std::string& file, const district::District& district) {
    const auto& zones = district.data().zones;
    std::vector<double> factors(zones.size(), 1.0);
    std::vector<model::Diagnostic> problems;
    for (const auto& row : district::read_growth_csv(file)) {
        const auto zone = std::find_if(zones.begin(), zones.end(), [&](const district::Zone& z) {
            return z.id == row.zone_or_kecamatan;
        });
        if (zone == zones.end()) {
            problems.push_back({file, row.line, 1,
                                fmt::format("'{}' is no zone id of district '{}'",
                                            row.zone_or_kecamatan, district.data().name)});
            continue;
        }
        factors[static_cast<std::size_t>(zone - zones.begin())] = row.factor;
    }
    if (!problems.empty()) throw model::InputError(std::move(problems));
    return factors;
}

const model::ParamBindings<TrafficParams>& traffic_keys() {
    using P = TrafficParams;
    static const model::ParamBindings<P> keys =
        model::ParamBindings<P>()
            .real("trips_per_person_per_day", &P::trips_per_person_per_day, "1/day", 0.0, 20.0,
                  "person trips per resident per weekday")
            .real("demand_scale", &P::demand_scale, "1", 0.0, 100.0, "multiplies all trips")
            .real("walk_share", &P::walk_share, "1", 0.0, 1.0, "trips on foot or by bicycle")
            .real("friday_trip_factor", &P::friday_trip_factor, "1", 0.0, 10.0,
                  "tours on a Friday against Monday-Thursday")
            .real("saturday_trip_factor", &P::saturday_trip_factor, "1", 0.0, 10.0,
                  "tours on a Saturday against Monday-Thursday")
            .real("sunday_trip_factor", &P::sunday_trip_factor, "1", 0.0, 10.0,
                  "tours on a Sunday against Monday-Thursday")
            .real("holiday_trip_factor", &P::holiday_trip_factor, "1", 0.0, 10.0,
                  "tours on a public holiday (the scenario's holidays) against Monday-Thursday")
            .real("weekend_commute_share", &P::weekend_commute_share, "1", 0.0, 1.0,
                  "commute tours on Saturdays, Sundays and holidays")
            .real("commute_share", &P::commute_share, "1", 0.0, 1.0,
                  "tours in the morning and evening peaks")
            .real("gateway_vehicles_per_day", &P::gateway_vehicles_per_day, "veh/day", 0.0, 1e6,
                  "external traffic at each gateway (a national road's end at the district's "
                  "edge), both directions")
            .real("through_share", &P::through_share, "1", 0.0, 1.0,
                  "share of a gateway's vehicles that cross to another gateway")
            .real("gateway_heavy_share", &P::gateway_heavy_share, "1", 0.0, 1.0,
                  "share of external vehicles that are heavy trucks")
            .real("gravity_beta_per_min", &P::gravity_beta_per_min, "1/min", 0.0, 10.0,
                  "destination choice decay exp(-beta t), t the free-flow time on the road "
                  "network")
            .real("backward_wave_kmh", &P::backward_wave_kmh, "km/h", 1.0, 100.0,
                  "speed at which freed space travels upstream")
            .real("jam_spacing_m", &P::jam_spacing_m, "m", 2.0, 30.0,
                  "road length one stopped pcu takes")
            .boolean("allow_no_trips", &P::allow_no_trips,
                     "run even when the demand makes no vehicle trip (off: refused, exit 2; "
                     "demand_scale = 0 is always allowed)")
            .boolean("priority_rules", &P::priority_rules,
                     "minor roads give way at unsignalised junctions (gap acceptance; off: with "
                     "car-based gaps Paser's town grid gridlocks)")
            .boolean("permissive_turns", &P::permissive_turns,
                     "permissive greens (SUMO's 'g') give way to opposing protected streams at "
                     "signals (gap acceptance, sneakers; off: they go as if protected)")
            .boolean("speed_changes", &P::speed_changes,
                     "vehicles lose the time of speeding up from rest at departure and of "
                     "slowing down and speeding up again when they wait at a link's end (off: "
                     "MATSim's point queue)")
            .real("critical_gap_s", &P::critical_gap_s, "s", 1.0, 20.0,
                  "gap acceptance: critical gap")
            .real("follow_up_s", &P::follow_up_s, "s", 0.5, 10.0, "gap acceptance: follow-up time")
            .duration_s(
                "squeeze_after", &P::squeeze_after_s, 0.0, 86400.0,
                "gridlock relief: a vehicle blocked this long at a queue head enters the full "
                "link (0: never)")
            .duration_s(
                "reroute_interval", &P::reroute_interval_s, 0.0, 86400.0,
                "re-route every vehicle on observed travel times this often (0: routes stay "
                "as planned at departure)")
            .text("routes", &P::routes_file,
                  "SUMO route file (.rou.xml) with explicit trips instead of the generated "
                  "demand (relative to the scenario file)",
                  true)
            .text("zone_trip_factors", &P::zone_trip_factors,
                  "a CSV of `zone,factor` rows (zone ids): those zones' residents make that many "
                  "times the tours (what `tuntas calibrate` writes)",
                  true);
    return keys;
}

std::unique_ptr<model::ModelPlugin> make_plugin() {
    return std::make_unique<TrafficPlugin>();
}

void TrafficInstance::between_windows(engine::Ticks time) {
    // Blocks due now apply from this instant on.
    while (!pending_blocks_.empty() && pending_blocks_.front().at <= time) {
        block(pending_blocks_.front());
        pending_blocks_.erase(pending_blocks_.begin());
    }
    // The interval's travel times feed the re-routing (and, kept per link, the outputs).
    const auto& net = *build_.network;
    for (std::uint32_t node = 0; node < node_lps_.size(); ++node) {
        for (std::size_t i = 0; i < net.in_links[node].size(); ++i) {
            const std::uint32_t l = net.in_links[node][i];
            // Kept for this sample's outputs (taken at the same instant, right after).
            interval_counters_[l] = node_lps_[node]->take_counters(i);
            rerouter_.observe(l, interval_counters_[l].exits, interval_counters_[l].traversal_s);
        }
        for (std::size_t o = 0; o < net.out_links[node].size(); ++o)
            interval_entry_pcu_[net.out_links[node][o]] = node_lps_[node]->take_entry_pcu(o);
    }
    reroutes_ += rerouter_.update(time, *build_.network) ? 1U : 0U;
    // Trips a day at a time: the next day's join at the last sample before it begins, a day's
    // leave once all of them are done.
    release_done_batches();
    add_batches_before(time + sample_interval_);
}

bool TrafficInstance::apply_live_edit(const model::Edit& edit) {
    if (edit.kind == "traffic.hold_trips") {
        // Between windows: tours starting from edit.at on see the new share, as from a file.
        build_.network->tour_shares.push_back({edit.at, edit.values.real("share")});
        return true;
    }
    if (edit.kind != "traffic.block_link") return false;
    const auto link = edit.values.integer("link");
    if (link < 0 || static_cast<std::size_t>(link) >= build_.network->links.size()) return false;
    block({edit.at, static_cast<std::uint32_t>(link), edit.values.duration("until")});
    return true;
}

void TrafficInstance::block(const LinkBlock& b) {
    auto& link = build_.network->links[b.link];
    link.closed_from = std::min(link.closed_from, b.at);
    link.closed_until = std::max(link.closed_until, b.until);
    add_detour_times(*build_.network);
}

}  // namespace tuntas::traffic
