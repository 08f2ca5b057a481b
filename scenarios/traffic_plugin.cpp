#include "scenarios/traffic_plugin.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <future>
#include <limits>
#include <numeric>
#include <optional>

#include <fmt/format.h>

#include "engine/row_event_table.hpp"
#include "engine/row_table.hpp"
#include "models/district/district_io.hpp"
#include "models/district/facility_kind.hpp"
#include "models/traffic/node_lp.hpp"
#include "models/traffic/rerouter.hpp"
#include "models/traffic/traffic_builder.hpp"
#include "scenarios/param_bindings.hpp"
#include "scenarios/scenario_error.hpp"

namespace tuntas::scenarios {
namespace {

constexpr const char* section_name = "traffic";

/// A trip that ended, a row of the trips table.
struct FinishedTrip {
    std::uint32_t id{0};
    const traffic::Trip* trip{nullptr};
    engine::Ticks arrive{0};
};

/// Per road node, the events it is expected to handle (for partitioning): a departure for each
/// trip leaving it, and about three for each vehicle that reaches it along a link (its arrival,
/// the space it frees upstream, its discharge). Planned routes, no re-routing.
std::vector<double> expected_node_events(const traffic::TrafficNetwork& network) {
    std::vector<double> events(network.departures.size(), 0.0);
    for (const auto& trip : network.trips) {
        events[trip.origin_node] += 1.0;
        for (std::uint32_t k = trip.route_begin; k < trip.route_end; ++k) {
            events[network.links[network.route_links[k]].to] += 3.0;
        }
    }
    return events;
}

/// A zone's index in the results: -1 for none (a trip on an explicit route).
std::int64_t zone_index(std::uint32_t zone) {
    return zone == traffic::no_zone ? std::int64_t{-1} : std::int64_t{zone};
}

/// The district folder named by the scenario (the loader resolved it against its file).
std::filesystem::path district_folder(const Scenario& scenario) {
    if (scenario.district.empty()) {
        throw ScenarioError({Diagnostic{scenario.file.string(), 0, 0,
                                        "[traffic] needs a district: set the top-level key "
                                        "'district' (e.g. \"../../data/paser\")"}});
    }
    return scenario.district;
}

double seconds_of_day(const std::string& start_local) {
    int hour = 0, minute = 0, second = 0;
    std::sscanf(start_local.c_str() + 11, "%d:%d:%d", &hour, &minute, &second);
    return hour * 3600.0 + minute * 60.0 + second;
}

class TrafficInstance final : public ModelInstance {
public:
    TrafficInstance(district::LoadedDistrict loaded, traffic::TrafficBuild build,
                    std::vector<engine::LpId> node_lps, const engine::Simulation& simulation,
                    engine::Ticks duration, engine::Ticks reroute_interval)
        : loaded_(std::move(loaded)),
          build_(std::move(build)),
          rerouter_(reroute_interval, build_.network->links.size()),
          node_lps_(std::move(node_lps)),
          simulation_(&simulation),
          at_home_(build_.zone_population),
          visitors_(build_.zone_population.size(), 0.0),
          hourly_pcu_(build_.network->links.size(),
                      std::vector<double>(static_cast<std::size_t>(
                                              std::ceil(engine::seconds_from_ticks(duration) / 3600.0)) +
                                              1,
                                          0.0)) {
        // People whose tour left before the run started are where it took them.
        for (std::size_t z = 0; z < at_home_.size() && z < build_.away_at_start.size(); ++z) {
            at_home_[z] -= build_.away_at_start[z];
            visitors_[z] += build_.visiting_at_start[z];
        }
    }

    /// The network the node LPs share (changed only before the run or between windows).
    [[nodiscard]] traffic::TrafficNetwork& network() { return *build_.network; }

    /// Directed links of the network.
    [[nodiscard]] std::size_t link_count() const { return build_.network->links.size(); }

    /// The district the model runs on (stable while the instance lives).
    [[nodiscard]] const district::District& district() const { return loaded_.district; }

    void declare(engine::Recorder& recorder) override {
        const auto& links = build_.network->links;
        const std::size_t n = links.size();
        recorder.add_series({section_name, "link_flow", n, "veh/h", "vehicles leaving each link, per hour"});
        recorder.add_series({section_name, "link_speed", n, "km/h",
                             "mean speed of the vehicles that left each link in the interval (NaN: none)"});
        recorder.add_series({section_name, "link_vehicles", n, "veh", "vehicles on each link"});
        recorder.add_series({section_name, "link_queue", n, "veh", "vehicles queued at each link's end"});
        if (!at_home_.empty()) {
            recorder.add_series({section_name, "zone_presence", at_home_.size(), "persons",
                                 "people in each zone: residents at home plus visitors (trips by "
                                 "vehicle move them; walkers and in-zone trips stay put)"});
            recorder.add_series({section_name, "zone_at_home", at_home_.size(), "persons",
                                 "residents of each zone who are at home"});
            recorder.add_series({section_name, "zone_visitors", at_home_.size(), "persons",
                                 "people from other zones present in each zone (work, school, "
                                 "errands)"});
        }
        recorder.add_series({section_name, "in_transit", 1, "veh", "vehicles on the road network"});
        trips_.declare(recorder);
        using engine::column;
        const auto district_links = loaded_.district.links();
        engine::write_row_table(
            recorder, section_name, "links", "the directed road links", n,
            column("link", "1", "link index", [](std::size_t l) { return l; }),
            column("from_node", "1", "upstream node", [&](std::size_t l) { return links[l].from; }),
            column("to_node", "1", "downstream node", [&](std::size_t l) { return links[l].to; }),
            column("lanes", "1", "lanes in this direction", [&](std::size_t l) { return district_links[l].lanes; }),
            column("length_m", "m", "length", [&](std::size_t l) { return links[l].length_m; }),
            column("capacity_pcu_per_h", "pcu/h", "flow capacity", [&](std::size_t l) { return links[l].capacity_pcu_per_h; }),
            column("free_speed_kmh", "km/h", "free-flow speed", [&](std::size_t l) { return links[l].free_speed_m_per_s * 3.6; }),
            column("class", "1", "road class",
                   [&](std::size_t l) { return std::string(district::name_of(district_links[l].road_class)); }),
            column("name", "1", "road name", [&](std::size_t l) { return district_links[l].name; }));
        const auto& zones = loaded_.district.data().zones;
        engine::write_row_table(
            recorder, section_name, "zones", "the zones people live in", zones.size(),
            column("zone", "1", "zone index", [](std::size_t z) { return z; }),
            column("id", "1", "zone code", [&](std::size_t z) { return zones[z].id; }),
            column("name", "1", "zone name", [&](std::size_t z) { return zones[z].name; }),
            column("population", "persons", "residents", [&](std::size_t z) { return zones[z].population; }));
        {
            // Zone boundaries as rows of points (outer rings only: what a map draws).
            std::vector<std::int64_t> outline_zone, outline_part;
            std::vector<double> outline_lon, outline_lat;
            std::int64_t part = 0;
            for (std::size_t z = 0; z < zones.size(); ++z) {
                for (const auto& polygon : zones[z].polygons) {
                    if (polygon.empty()) continue;
                    for (const auto& point : polygon.front()) {
                        outline_zone.push_back(static_cast<std::int64_t>(z));
                        outline_part.push_back(part);
                        outline_lon.push_back(point.lon);
                        outline_lat.push_back(point.lat);
                    }
                    ++part;
                }
            }
            recorder.write_static_table(
                {section_name, "zone_outlines", "the zones' boundaries: outer rings, point by point",
                 {{"zone", engine::ColumnType::int64, "1", "zone index"},
                  {"part", engine::ColumnType::int64, "1", "ring number (a zone may have several)"},
                  {"lon", engine::ColumnType::float64, "deg", "longitude"},
                  {"lat", engine::ColumnType::float64, "deg", "latitude"}}},
                {outline_zone, outline_part, outline_lon, outline_lat});
        }
        const auto& nodes = loaded_.district.nodes();
        engine::write_row_table(
            recorder, section_name, "nodes", "road junctions", nodes.size(),
            column("node", "1", "node index", [](std::size_t k) { return k; }),
            column("lon", "deg", "longitude (WGS84)", [&](std::size_t k) { return nodes[k].position.lon; }),
            column("lat", "deg", "latitude (WGS84)", [&](std::size_t k) { return nodes[k].position.lat; }));
        // Every facility of the district, so a map can draw them (waste banks, depots, cell
        // sites, ... whichever models run).
        const auto& facilities = loaded_.district.data().facilities;
        engine::write_row_table(
            recorder, section_name, "facilities", "the district's facilities", facilities.size(),
            column("id", "1", "facility id", [&](std::size_t f) { return facilities[f].id; }),
            column("kind", "1", "tps, tps3r, waste_bank, transfer_depot, landfill, truck_depot, cell_site, aggregation_node",
                   [&](std::size_t f) { return std::string(district::name_of(facilities[f].kind)); }),
            column("name", "1", "name", [&](std::size_t f) { return facilities[f].name; }),
            column("lon", "deg", "longitude (WGS84)", [&](std::size_t f) { return facilities[f].position.lon; }),
            column("lat", "deg", "latitude (WGS84)", [&](std::size_t f) { return facilities[f].position.lat; }));
    }

    /// A road link blocked from a sample instant (file edit or live knob): same effect either way.
    struct LinkBlock {
        engine::Ticks at;
        std::uint32_t link;
        engine::Ticks until;
    };

    /// File edits of kind traffic.block_link, applied when their sample instant comes.
    void schedule_blocks(std::vector<LinkBlock> blocks) { pending_blocks_ = std::move(blocks); }

    bool apply_live_edit(const Edit& edit) override {
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

    void sample(engine::Ticks time, std::vector<std::vector<double>>& values,
                engine::Recorder& recorder) override {
        // Between windows the network may change: blocks due now apply from this instant on.
        while (!pending_blocks_.empty() && pending_blocks_.front().at <= time) {
            block(pending_blocks_.front());
            pending_blocks_.erase(pending_blocks_.begin());
        }
        const auto& net = *build_.network;
        const std::size_t n = net.links.size();
        std::vector<double> flow(n, 0.0), speed(n, std::numeric_limits<double>::quiet_NaN());
        std::vector<double> vehicles(n, 0.0), queue(n, 0.0);
        const double interval_s = engine::seconds_from_ticks(time - last_sample_);
        const auto hour = static_cast<std::size_t>(engine::seconds_from_ticks(std::max<engine::Ticks>(0, time - 1)) / 3600.0);
        std::vector<FinishedTrip> finished;
        for (std::uint32_t node = 0; node < node_lps_.size(); ++node) {
            auto& lp = node_lp(node);
            for (std::size_t i = 0; i < net.in_links[node].size(); ++i) {
                const std::uint32_t l = net.in_links[node][i];
                const auto counters = lp.take_counters(i);
                rerouter_.observe(l, counters.exits, counters.traversal_s);
                if (interval_s > 0) flow[l] = counters.exits * 3600.0 / interval_s;
                if (counters.exits > 0) {
                    speed[l] = net.links[l].length_m * counters.exits / counters.traversal_s * 3.6;
                }
                queue[l] = static_cast<double>(lp.queue_length(i));
                hourly_pcu_[l][std::min(hour, hourly_pcu_[l].size() - 1)] += counters.exit_pcu;
            }
            for (std::size_t o = 0; o < net.out_links[node].size(); ++o) {
                vehicles[net.out_links[node][o]] = lp.vehicles_entered(o);
            }
            for (const std::uint32_t t : lp.take_started()) {
                const auto& started = net.trips[t];
                if (started.origin_zone != traffic::no_zone) {
                    (started.outbound ? at_home_ : visitors_)[started.origin_zone] -= 1.0;
                }
                ++started_;
            }
            for (const auto& record : lp.take_finished()) {
                const auto& t = net.trips[record.trip];
                if (t.destination_zone != traffic::no_zone) {
                    (t.outbound ? visitors_ : at_home_)[t.destination_zone] += 1.0;
                }
                ++finished_;
                const double travel_s = engine::seconds_from_ticks(record.arrive - t.depart);
                total_travel_s_ += travel_s;
                total_delay_s_ += travel_s - t.free_flow_s;
                total_km_ += t.length_m / 1000.0;
                traversals_ += t.route_end - t.route_begin;
                finished.push_back({record.trip, &t, record.arrive});
            }
        }
        last_sample_ = time;
        reroutes_ += rerouter_.update(time, loaded_.district, *build_.network) ? 1U : 0U;
        values.push_back(std::move(flow));
        values.push_back(std::move(speed));
        values.push_back(std::move(vehicles));
        values.push_back(std::move(queue));
        if (!at_home_.empty()) {
            std::vector<double> presence(at_home_.size());
            for (std::size_t z = 0; z < presence.size(); ++z) presence[z] = at_home_[z] + visitors_[z];
            values.push_back(std::move(presence));
            values.push_back(at_home_);
            values.push_back(visitors_);
        }
        values.push_back({static_cast<double>(started_ - finished_)});
        trips_.append(recorder, finished);
    }

    [[nodiscard]] std::vector<engine::Kpi> kpis(const engine::RunStats& /*stats*/) const override {
        const auto& net = *build_.network;
        std::size_t link_hours = 0, congested = 0;
        for (std::size_t l = 0; l < net.links.size(); ++l) {
            for (const double pcu : hourly_pcu_[l]) {
                ++link_hours;
                congested += pcu > 0.9 * net.links[l].capacity_pcu_per_h ? 1U : 0U;
            }
        }
        const double done = static_cast<double>(finished_);
        std::uint64_t squeezed = 0;
        std::uint64_t held = 0;
        for (std::uint32_t node = 0; node < node_lps_.size(); ++node) {
            squeezed += node_lp(node).squeezed();
            held += node_lp(node).held();
        }
        return {
            {"traffic.vehicle_trips", static_cast<double>(net.trips.size()), "trips", "vehicle trips routed on the network"},
            {"traffic.completed_trips", done, "trips", "trips that arrived before the end"},
            {"traffic.local_trips", static_cast<double>(build_.local_trips), "trips", "vehicle trips inside one zone (not on the network)"},
            {"traffic.walk_trips", static_cast<double>(build_.walk_trips), "trips", "trips on foot or by bicycle"},
            {"traffic.vehicle_km", total_km_, "veh km", "distance driven by completed trips"},
            {"traffic.vehicle_hours", total_travel_s_ / 3600.0, "veh h", "time driven by completed trips"},
            {"traffic.mean_travel_time_s", done > 0 ? total_travel_s_ / done : 0.0, "s", "mean trip travel time"},
            {"traffic.mean_delay_s", done > 0 ? total_delay_s_ / done : 0.0, "s", "mean travel time above free flow"},
            {"traffic.share_link_hours_over_90pct", link_hours > 0 ? static_cast<double>(congested) / static_cast<double>(link_hours) : 0.0, "1",
             "share of link-hours whose flow exceeded 0.9 of capacity"},
            {"traffic.signalised_nodes", static_cast<double>(build_.signalised_nodes), "nodes", "junctions with a fixed-time plan (the network's or Webster's)"},
            {"traffic.link_traversals", static_cast<double>(traversals_), "traversals", "links driven by completed trips"},
            {"traffic.reroutes", static_cast<double>(reroutes_), "times", "route tables recomputed on observed travel times"},
            {"traffic.squeezed", static_cast<double>(squeezed), "vehicles", "vehicles that entered a full link after the squeeze time (gridlock relief)"},
            {"traffic.held_trips", static_cast<double>(held), "trips", "trips whose tour a what-if held back (traffic.hold_trips)"},
        };
    }

private:
    /// Closes a link from `b.at` to `b.until` and re-computes the detour table: vehicles that
    /// meet it drive around it; none re-plans a route at departure.
    void block(const LinkBlock& b) {
        auto& link = build_.network->links[b.link];
        link.closed_from = std::min(link.closed_from, b.at);
        link.closed_until = std::max(link.closed_until, b.until);
        traffic::add_detour_table(loaded_.district, *build_.network);
    }

    [[nodiscard]] traffic::NodeLp& node_lp(std::uint32_t node) const {
        // Between windows the model may read (and drain the counters of) its own LPs.
        return const_cast<traffic::NodeLp&>(
            dynamic_cast<const traffic::NodeLp&>(simulation_->lp(node_lps_[node])));
    }

    district::LoadedDistrict loaded_;
    traffic::TrafficBuild build_;
    traffic::Rerouter rerouter_;
    std::uint64_t reroutes_{0};
    std::vector<engine::LpId> node_lps_;
    const engine::Simulation* simulation_;
    std::vector<double> at_home_;   // residents at home, per zone
    std::vector<double> visitors_;  // people from other zones, per zone
    std::vector<std::vector<double>> hourly_pcu_;
    engine::Ticks last_sample_{0};
    std::uint64_t started_{0};
    std::uint64_t finished_{0};
    double total_travel_s_{0.0};
    double total_delay_s_{0.0};
    double total_km_{0.0};
    std::uint64_t traversals_{0};
    engine::RowEventTable<FinishedTrip> trips_{
        section_name, "trips", "every vehicle trip that ended",
        engine::column("trip", "1", "trip id", [](const FinishedTrip& f) { return f.id; }),
        engine::column("class", "1", "0 motorcycle, 1 car, 2 light truck, 3 heavy truck, 4 bus",
                       [](const FinishedTrip& f) { return static_cast<std::int64_t>(f.trip->vehicle_class); }),
        engine::column("origin_zone", "1", "zone index (-1: none, explicit route)",
                       [](const FinishedTrip& f) { return zone_index(f.trip->origin_zone); }),
        engine::column("destination_zone", "1", "zone index (-1: none, explicit route)",
                       [](const FinishedTrip& f) { return zone_index(f.trip->destination_zone); }),
        engine::column("depart_s", "s", "departure",
                       [](const FinishedTrip& f) { return engine::seconds_from_ticks(f.trip->depart); }),
        engine::column("arrive_s", "s", "arrival", [](const FinishedTrip& f) { return engine::seconds_from_ticks(f.arrive); }),
        engine::column("length_m", "m", "route length", [](const FinishedTrip& f) { return f.trip->length_m; }),
        engine::column("free_flow_s", "s", "route free-flow time", [](const FinishedTrip& f) { return f.trip->free_flow_s; })};
    std::vector<LinkBlock> pending_blocks_;  // in time order
};

/// [traffic]'s keys, each bound to its TrafficParams field.
const ParamBindings<traffic::TrafficParams>& traffic_keys() {
    using P = traffic::TrafficParams;
    static const ParamBindings<P> keys = ParamBindings<P>()
        .real("trips_per_person_per_day", &P::trips_per_person_per_day, "1/day", 0.0, 20.0,
              "person trips per resident per weekday")
        .real("demand_scale", &P::demand_scale, "1", 0.0, 100.0,
              "multiplies all trips")
        .real("walk_share", &P::walk_share, "1", 0.0, 1.0,
              "trips on foot or by bicycle")
        .real("commute_share", &P::commute_share, "1", 0.0, 1.0,
              "tours in the morning and evening peaks")
        .real("gravity_beta_per_km", &P::gravity_beta_per_km, "1/km", 0.0, 10.0,
              "destination choice decay exp(-beta d)")
        .real("backward_wave_kmh", &P::backward_wave_kmh, "km/h", 1.0, 100.0,
              "speed at which freed space travels upstream")
        .real("jam_spacing_m", &P::jam_spacing_m, "m", 2.0, 30.0,
              "road length one stopped pcu takes")
        .boolean("priority_rules", &P::priority_rules,
                 "minor roads give way at unsignalised junctions (gap acceptance; off: with "
                 "car-based gaps Paser's town grid gridlocks)")
        .real("critical_gap_s", &P::critical_gap_s, "s", 1.0, 20.0,
              "gap acceptance: critical gap")
        .real("follow_up_s", &P::follow_up_s, "s", 0.5, 10.0,
              "gap acceptance: follow-up time")
        .duration_s("squeeze_after", &P::squeeze_after_s, 0.0, 86400.0,
                    "gridlock relief: a vehicle blocked this long at a queue head enters the full "
                    "link (0: never)")
        .duration_s("reroute_interval", &P::reroute_interval_s, 0.0, 86400.0,
                    "re-route every vehicle on observed travel times this often (0: routes stay "
                    "as planned at departure)")
        .text("routes", &P::routes_file,
              "SUMO route file (.rou.xml) with explicit trips instead of the generated "
              "demand (relative to the scenario file)", true);
    return keys;
}

class TrafficPlugin final : public ModelPlugin {
public:
    [[nodiscard]] SectionSpec section() const override {
        return {section_name,
                "mesoscopic road traffic: link queues with spillback, Webster signals, gravity demand",
                traffic_keys().specs()};
    }

    [[nodiscard]] std::vector<EditKindSpec> edit_kinds() const override {
        return {{"traffic.close_road",
                 "from `at` until `until`, no vehicle enters the road; trips leaving meanwhile "
                 "drive around it",
                 {{"road", ValueType::text, "1", {}, {}, {}, "road name or id in the district"},
                  {"until", ValueType::duration, "s", 0.0, {}, 1e12,
                   "when it opens again, from the start (default: never)"}}},
                {"traffic.close_junction",
                 "from `at` until `until`, no vehicle enters or leaves the junction nearest to the "
                 "point; trips drive around it",
                 {{"lon", ValueType::real, "deg", -180.0, 180.0, {}, "longitude of the junction"},
                  {"lat", ValueType::real, "deg", -90.0, 90.0, {}, "latitude of the junction"},
                  {"until", ValueType::duration, "s", 0.0, {}, 1e12,
                   "when it opens again, from the start (default: never)"}}},
                {"traffic.set_signal",
                 "from `at` on, the signal nearest the point runs another cycle (its phases scaled) "
                 "or is off (cycle_s = 0)",
                 {{"lon", ValueType::real, "deg", -180.0, 180.0, {}, "longitude of the junction"},
                  {"lat", ValueType::real, "deg", -90.0, 90.0, {}, "latitude of the junction"},
                  {"cycle_s", ValueType::real, "s", 0.0, 600.0, {}, "the new cycle (0: off)"}}},
                {"traffic.set_road", "from `at` on, a road has other lanes and/or another free speed",
                 {{"road", ValueType::text, "1", {}, {}, {}, "road name or id in the district"},
                  {"lanes", ValueType::integer, "1", 0.0, 8.0, std::int64_t{0},
                   "lanes per direction (0: unchanged)"},
                  {"speed_kmh", ValueType::real, "km/h", 0.0, 200.0, 0.0,
                   "free speed (0: unchanged)"}}},
                {"traffic.block_link",
                 "from `at` (a sample instant) until `until`, no vehicle enters one directed link "
                 "(its index in /static/traffic/links); vehicles that meet it drive around it, "
                 "none re-plans at departure (a knob of the live viewer)",
                 {{"link", ValueType::integer, "1", 0.0, {}, {}, "link index"},
                  {"until", ValueType::duration, "s", 0.0, {}, 1e12,
                   "when it opens again, from the start (default: never)"}}},
                {"traffic.hold_trips",
                 "from `at` on, only this share of the tours that start set out (each tour decided "
                 "by a hash of seed and tour, its return trip with it; a knob of the live viewer)",
                 {{"share", ValueType::real, "1", 0.0, 1.0, {}, "share of tours that go"}}},
                {"traffic.scale_demand", "from `at` on, trips depart at factor x the base demand",
                 {{"factor", ValueType::real, "1", 0.0, 100.0, {}, "multiplier on the trips"}}}};
    }

    [[nodiscard]] std::unique_ptr<ModelInstance> assemble(const SectionValues& values,
                                                          const std::vector<const Edit*>& edits,
                                                          Assembly& assembly) const override {
        traffic::TrafficParams params;
        for (const Edit* edit : edits) {
            if (edit->kind == "traffic.close_road") {
                const double until_s = edit->values.duration_s("until");
                params.closures.push_back({edit->values.text("road"), edit->at,
                                           until_s >= 1e12 ? engine::ticks_max
                                                           : engine::ticks_from_seconds(until_s)});
            } else if (edit->kind == "traffic.close_junction") {
                const double until_s = edit->values.duration_s("until");
                params.closures.push_back(traffic::RoadClosure{
                    .road = "",
                    .from = edit->at,
                    .until = until_s >= 1e12 ? engine::ticks_max : engine::ticks_from_seconds(until_s),
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
        const Scenario& scenario = assembly.scenario;
        // A route file is read on another thread while the district loads: neither needs the other.
        std::future<traffic::SumoRouteFile> route_file;
        if (!params.routes_file.empty()) {
            route_file = std::async(std::launch::async, traffic::read_sumo_route_file,
                                    std::filesystem::path(params.routes_file));
        }
        auto loaded = district::load_district(district_folder(scenario));
        const std::optional<traffic::SumoRouteFile> routes =
            route_file.valid() ? std::optional(route_file.get()) : std::nullopt;
        traffic::TrafficBuild build;
        try {
            build = traffic::build_traffic(loaded.district, params, scenario.duration,
                                           seconds_of_day(scenario.start_local), scenario.seed,
                                           routes ? &*routes : nullptr);
        } catch (const std::invalid_argument& e) {
            throw ScenarioError({Diagnostic{scenario.file.string(), 0, 0, e.what()}});
        }
        // Spatial partitioning: node groups ranked west to east.
        const auto nodes = loaded.district.nodes();
        std::vector<std::uint32_t> order(nodes.size());
        std::iota(order.begin(), order.end(), 0U);
        std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
            return nodes[a].x_m < nodes[b].x_m;
        });
        std::vector<std::uint32_t> rank(nodes.size());
        for (std::uint32_t r = 0; r < order.size(); ++r) rank[order[r]] = r;
        build.network->first_lp = static_cast<engine::LpId>(assembly.simulation.lp_count());
        std::vector<engine::LpId> lps;
        const std::shared_ptr<const traffic::TrafficNetwork> shared = build.network;
        const std::vector<double> expected = expected_node_events(*build.network);
        for (std::uint32_t node = 0; node < nodes.size(); ++node) {
            lps.push_back(assembly.add_lp(std::make_unique<traffic::NodeLp>(shared, node),
                                          0x1000'0000U + rank[node], expected[node]));
        }
        assembly.require_lookahead(build.lookahead);
        std::vector<double> present = build.zone_population;
        for (std::size_t z = 0; z < present.size() && z < build.away_at_start.size(); ++z) {
            present[z] += build.visiting_at_start[z] - build.away_at_start[z];
        }
        assembly.zone_present_at_start = std::move(present);
        assembly.traffic_network = build.network;
        assembly.start_s_of_day = seconds_of_day(scenario.start_local);
        auto instance = std::make_unique<TrafficInstance>(
            std::move(loaded), std::move(build), std::move(lps), assembly.simulation,
            scenario.duration, engine::ticks_from_seconds(params.reroute_interval_s));
        std::vector<TrafficInstance::LinkBlock> blocks;
        for (const Edit* edit : edits) {
            if (edit->kind != "traffic.block_link") continue;
            const auto link = edit->values.integer("link");
            if (static_cast<std::size_t>(link) >= instance->link_count()) {
                throw ScenarioError({Diagnostic{scenario.file.string(), 0, 0,
                                                fmt::format("traffic.block_link: link {} does not exist "
                                                            "(the district has {})", link, instance->link_count())}});
            }
            if (edit->at % scenario.sample_interval != 0) {
                throw ScenarioError({Diagnostic{scenario.file.string(), 0, 0,
                                                fmt::format("traffic.block_link: at = {} s is not a sample "
                                                            "instant (a multiple of sample_interval)",
                                                            engine::seconds_from_ticks(edit->at))}});
            }
            blocks.push_back({edit->at, static_cast<std::uint32_t>(link), edit->values.duration("until")});
        }
        std::stable_sort(blocks.begin(), blocks.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
        auto& shares = instance->network().tour_shares;
        for (const Edit* edit : edits) {
            if (edit->kind == "traffic.hold_trips") shares.push_back({edit->at, edit->values.real("share")});
        }
        std::stable_sort(shares.begin(), shares.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
        instance->schedule_blocks(std::move(blocks));
        assembly.district = &instance->district();
        return instance;
    }
};

}  // namespace

void register_traffic(ModelRegistry& registry) { registry.add(std::make_unique<TrafficPlugin>()); }

}  // namespace tuntas::scenarios
