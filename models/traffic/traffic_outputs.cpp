#include <algorithm>
#include <cmath>
#include <limits>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <fmt/format.h>

#include "engine/row_table.hpp"
#include "models/district/facility_kind.hpp"
#include "models/traffic/traffic_datasets.hpp"
#include "models/traffic/traffic_instance.hpp"

// The traffic model's outputs: its series, the trips table, the network's static tables, the
// presence accounting (who is at home, who is visiting each zone) and the KPIs.
namespace tuntas::traffic {
namespace {

/// A zone's index in the results: -1 for none (a trip on an explicit route).
std::int32_t zone_index(std::uint32_t zone) {
    return zone == no_zone ? -1 : static_cast<std::int32_t>(zone);
}

}  // namespace

TrafficInstance::TrafficInstance(std::shared_ptr<const district::District> district,
                                 TrafficBuild build, std::vector<NodeLp*> node_lps,
                                 MeasuredSpan measured, engine::Ticks reroute_interval,
                                 engine::Ticks sample_interval)
    : district_(std::move(district)),
      build_(std::move(build)),
      rerouter_(reroute_interval, build_.network->links.size()),
      node_lps_(std::move(node_lps)),
      interval_counters_(build_.network->links.size()),
      interval_entry_pcu_(build_.network->links.size(), 0.0),
      at_home_(build_.zone_population),
      visitors_(build_.zone_population.size(), 0.0),
      hour_pcu_(build_.network->links.size(), 0.0),
      measured_(measured),
      sample_interval_(sample_interval),
      trips_{
          datasets::trips,
          "every vehicle trip: those that arrived, and at the end of the run those still on "
          "the road or waiting to enter it (status)",
          // Stored as narrow as the values need (int8 class and status, int32 ids, float32
          // lengths and free-flow times, to 1e-7 of the value), shuffled and deflated: a trips
          // table is most of a result.
          engine::column("trip", "1", "trip id",
                         [](const TripRow& r) { return static_cast<std::int32_t>(r.id); }),
          engine::column(
              "class", "1", "0 motorcycle, 1 car, 2 light truck, 3 heavy truck, 4 bus",
              [](const TripRow& r) { return static_cast<std::int8_t>(r.trip->vehicle_class); }),
          engine::column("origin_zone", "1", "zone index (-1: none, explicit route)",
                         [](const TripRow& r) { return zone_index(r.trip->origin_zone); }),
          engine::column("destination_zone", "1", "zone index (-1: none, explicit route)",
                         [](const TripRow& r) { return zone_index(r.trip->destination_zone); }),
          engine::column("depart_s", "s", "departure, from the start",
                         [this](const TripRow& r) {
                             return engine::seconds_from_ticks(r.trip->depart - measured_.from);
                         }),
          engine::column("arrive_s", "s",
                         "arrival, from the start (NaN: had not arrived when the run ended)",
                         [this](const TripRow& r) {
                             return r.status == TripStatus::arrived
                                        ? engine::seconds_from_ticks(r.until - measured_.from)
                                        : std::numeric_limits<double>::quiet_NaN();
                         }),
          engine::column("length_m", "m", "route length",
                         [](const TripRow& r) { return static_cast<float>(r.trip->length_m); }),
          engine::column("free_flow_s", "s", "route free-flow time",
                         [](const TripRow& r) { return static_cast<float>(r.trip->free_flow_s); }),
          engine::column(
              "best_free_flow_s", "s",
              "free-flow time of the fastest path on the network without closures",
              [](const TripRow& r) { return static_cast<float>(r.trip->best_free_flow_s); }),
          engine::column("status", "1",
                         "0 arrived, 1 on the road at the end, 2 waiting at its origin at the end "
                         "(its first link full or closed, or no open path when it was to leave)",
                         [](const TripRow& r) { return static_cast<std::int8_t>(r.status); }),
          engine::column("travel_s", "s", "departure to arrival, or to the end of the run",
                         [](const TripRow& r) {
                             return static_cast<float>(
                                 engine::seconds_from_ticks(r.until - r.trip->depart));
                         })} {
    stuck_for_s_.assign(build_.network->links.size(), 0.0);
    ever_stuck_.assign(build_.network->links.size(), false);
    // People whose tour left before the run started are where it took them.
    const auto& counts = build_.counts;
    for (std::size_t z = 0; z < at_home_.size() && z < counts.away_at_start.size(); ++z) {
        at_home_[z] -= counts.away_at_start[z];
        visitors_[z] += counts.visiting_at_start[z];
        // Residents already beyond a gateway, and people from beyond already visiting (the
        // residents' own visits are on both sides and cancel).
        external_balance_ += counts.visiting_at_start[z] - counts.away_at_start[z];
    }
    note_added_batches();  // the batches the build made
}

void TrafficInstance::add_batches_before(engine::Ticks time) {
    TripStore& trips = build_.network->trips;
    const std::shared_ptr<DemandGenerator> demand = build_.demand;
    while (demand && trips.added() < trips.planned() && trips.start_of(trips.added()) < time) {
        // Made in the background since a few hours before, or now.
        if (!prefetch_.valid()) prefetch_batch();
        auto [batch, counts] = prefetch_.get();
        // Before a day's trips join, the days before keep only their trips not done (those on
        // the road past midnight): two days' trips are never held at once.
        compact_batches_before(trips.added());
        trips.add(std::move(batch));
        build_.counts.add_day(counts);
#if defined(__GLIBC__)
        // Give the freed day back to the system: glibc keeps freed pages between live
        // allocations otherwise, and the resident memory creeps up day by day.
        malloc_trim(0);
#endif
    }
    note_added_batches();
    // The next day's trips are made on another thread from prefetch_lead before they join,
    // once the days before hold only their trips not done.
    if (demand && !prefetch_.valid() && trips.added() < trips.planned() &&
        trips.start_of(trips.added()) < time + prefetch_lead) {
        compact_batches_before(trips.added());
        prefetch_batch();
    }
}

void TrafficInstance::prefetch_batch() {
    // The generator is the prefetching thread's alone until get(): it makes the batches in
    // order, so the trips do not depend on when they are made.
    prefetch_ = std::async(std::launch::async, [demand = build_.demand] {
        DemandCounts counts;
        TripBatch batch = demand->next_batch(counts);
        return std::pair{std::move(batch), std::move(counts)};
    });
}

void TrafficInstance::note_added_batches() {
    const TripStore& trips = build_.network->trips;
    while (trip_state_.size() < trips.added()) {
        const std::size_t b = trip_state_.size();
        trip_state_.emplace_back(trips.end_id(b) - trips.first_id(b), std::uint8_t{0});
        batch_done_.push_back(0);
        for (std::uint32_t id = trips.first_id(b); id < trips.end_id(b); ++id)
            measured_trips_ += measured_.contains(trips[id].depart) ? 1U : 0U;
    }
}

void TrafficInstance::release_done_batches() {
    TripStore& trips = build_.network->trips;
    for (std::size_t b = 0; b < trip_state_.size(); ++b) {
        if (trips.released(b) || batch_done_[b] < trip_state_[b].size()) continue;
        trips.release(b);
        trip_state_[b] = std::vector<std::uint8_t>();  // not `= {}`: that keeps the capacity
    }
}

void TrafficInstance::compact_batches_before(std::size_t batch) {
    TripStore& trips = build_.network->trips;
    for (std::size_t b = 0; b < batch && b < trip_state_.size(); ++b) {
        const auto& state = trip_state_[b];
        const std::uint32_t first = trips.first_id(b);
        trips.compact(b, [&](std::uint32_t id) {
            return (state[id - first] & (trip_arrived | trip_held)) == 0;
        });
    }
}

void TrafficInstance::mark_trip(std::uint32_t id, std::uint8_t flag) {
    const TripStore& trips = build_.network->trips;
    const std::size_t b = trips.batch_of(id);
    std::uint8_t& state = trip_state_[b][id - trips.first_id(b)];
    state |= flag;
    if (flag != trip_departed) ++batch_done_[b];
}

void TrafficInstance::close_hours_before(std::size_t hour) {
    const auto& links = build_.network->links;
    for (; hour_ < hour; ++hour_) {
        link_hours_ += links.size();
        for (std::size_t l = 0; l < links.size(); ++l) {
            congested_link_hours_ += hour_pcu_[l] > 0.9 * links[l].capacity_pcu_per_h ? 1U : 0U;
            hour_pcu_[l] = 0.0;
        }
    }
}

void TrafficInstance::declare(engine::Recorder& recorder) {
    const auto& links = build_.network->links;
    const std::size_t n = links.size();
    const auto district_links = district_->links();
    const auto link_axis =
        engine::make_axis("link", n, [&](std::size_t l) { return district_links[l].name; });
    const auto& zones = district_->data().zones;
    const auto zone_axis =
        engine::make_axis("zone", at_home_.size(), [&](std::size_t z) { return zones[z].name; });
    const auto network_axis =
        engine::make_axis("network", 1, [](std::size_t) { return std::string("road network"); });
    constexpr auto float64 = engine::SeriesPrecision::float64;
    constexpr auto float32 = engine::SeriesPrecision::float32;
    constexpr auto mean = engine::SeriesCell::mean;
    series_.link_flow =
        engine::Series(recorder, datasets::link_flow, n, "veh/h",
                       "vehicles leaving each link, per hour", float32, link_axis, mean);
    // Over a coarser output interval, the speeds of its sample intervals weigh by the vehicles
    // that drove them: the mean speed of all the vehicles that left in it.
    series_.link_speed =
        engine::Series(recorder, datasets::link_speed, n, "km/h",
                       "mean speed of the vehicles that left each link in the interval (NaN: none)",
                       float32, link_axis, mean, datasets::link_flow.name);
    series_.link_vehicles = engine::Series(recorder, datasets::link_vehicles, n, "veh",
                                           "vehicles on each link", float32, link_axis);
    series_.link_queue = engine::Series(recorder, datasets::link_queue, n, "veh",
                                        "vehicles queued at each link's end", float32, link_axis);
    series_.link_saturation = engine::Series(
        recorder, datasets::link_saturation, n, "1",
        "degree of saturation (PKJI's derajat kejenuhan, DS): the larger of the pcu entering and "
        "leaving each link per hour, over its capacity, over the last interval (above 1: a "
        "queue grows on it)",
        float32, link_axis, mean);
    series_.link_occupancy = engine::Series(
        recorder, datasets::link_occupancy, n, "1",
        "share of each link's storage (length x lanes at jam density) its vehicles take at the "
        "sample: 0.9 or more is a standing queue filling it (jammed), however low its DS",
        float32, link_axis);
    if (!at_home_.empty()) {
        series_.zone_presence =
            engine::Series(recorder, datasets::zone_presence, at_home_.size(), "persons",
                           "people in each zone: residents at home plus visitors (trips by "
                           "vehicle move them; walkers and in-zone trips stay put)",
                           float64, zone_axis);
        series_.zone_at_home =
            engine::Series(recorder, datasets::zone_at_home, at_home_.size(), "persons",
                           "residents of each zone who are at home", float64, zone_axis);
        series_.zone_visitors =
            engine::Series(recorder, datasets::zone_visitors, at_home_.size(), "persons",
                           "people from other zones present in each zone (work, school, "
                           "errands)",
                           float64, zone_axis);
    }
    series_.in_transit = engine::Series(recorder, datasets::in_transit, 1, "veh",
                                        "vehicles on the road network", float64, network_axis);
    series_.external_balance = engine::Series(
        recorder, datasets::external_balance, 1, "persons",
        "people from beyond the district on its roads or visiting (trips that began at a "
        "gateway or in a route file, not yet arrived or gone back), less residents gone beyond "
        "it: zone presence + in_transit = population + external_balance",
        float64, network_axis);
    trips_.declare(recorder);
    using engine::column;
    engine::write_row_table(
        recorder, datasets::links, "the directed road links", n,
        column("link", "1", "link index", [](std::size_t l) { return l; }),
        column("from_node", "1", "upstream node", [&](std::size_t l) { return links[l].from; }),
        column("to_node", "1", "downstream node", [&](std::size_t l) { return links[l].to; }),
        column("lanes", "1", "lanes in this direction",
               [&](std::size_t l) { return district_links[l].lanes; }),
        column("length_m", "m", "length", [&](std::size_t l) { return links[l].length_m; }),
        column("capacity_pcu_per_h", "pcu/h", "flow capacity",
               [&](std::size_t l) { return links[l].capacity_pcu_per_h; }),
        column("free_speed_kmh", "km/h", "free-flow speed",
               [&](std::size_t l) { return links[l].free_speed_m_per_s * 3.6; }),
        column("class", "1", "road class",
               [&](std::size_t l) {
                   return std::string(district::name_of(district_links[l].road_class));
               }),
        column("name", "1", "road name", [&](std::size_t l) { return district_links[l].name; }),
        column("estimated", "1",
               "1: the road is an assumption (an estimated network), not a surveyed one",
               [&](std::size_t l) {
                   return std::int64_t{district_links[l].provenance.estimated ? 1 : 0};
               }));
    engine::write_row_table(
        recorder, datasets::zones, "the zones people live in", zones.size(),
        column("zone", "1", "zone index", [](std::size_t z) { return z; }),
        column("id", "1", "zone code", [&](std::size_t z) { return zones[z].id; }),
        column("name", "1", "zone name", [&](std::size_t z) { return zones[z].name; }),
        column("kecamatan", "1", "the sub-district it belongs to",
               [&](std::size_t z) { return zones[z].kecamatan; }),
        column("population", "persons", "residents",
               [&](std::size_t z) { return zones[z].population; }));
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
            {std::string(datasets::zone_outlines.group),
             std::string(datasets::zone_outlines.name),
             "the zones' boundaries: outer rings, point by point",
             {{"zone", engine::ColumnType::int64, "1", "zone index"},
              {"part", engine::ColumnType::int64, "1", "ring number (a zone may have several)"},
              {"lon", engine::ColumnType::float64, "deg", "longitude"},
              {"lat", engine::ColumnType::float64, "deg", "latitude"}}},
            {outline_zone, outline_part, outline_lon, outline_lat});
    }
    const auto& nodes = district_->nodes();
    engine::write_row_table(recorder, datasets::nodes, "road junctions", nodes.size(),
                            column("node", "1", "node index", [](std::size_t k) { return k; }),
                            column("lon", "deg", "longitude (WGS84)",
                                   [&](std::size_t k) { return nodes[k].position.lon; }),
                            column("lat", "deg", "latitude (WGS84)",
                                   [&](std::size_t k) { return nodes[k].position.lat; }));
    // Every facility of the district, so a map can draw them (waste banks, depots, cell
    // sites, ... whichever models run).
    const auto& facilities = district_->data().facilities;
    engine::write_row_table(
        recorder, datasets::facilities, "the district's facilities", facilities.size(),
        column("id", "1", "facility id", [&](std::size_t f) { return facilities[f].id; }),
        column("kind", "1",
               "tps, tps3r, waste_bank, transfer_depot, landfill, truck_depot, cell_site, "
               "aggregation_node",
               [&](std::size_t f) { return std::string(district::name_of(facilities[f].kind)); }),
        column("name", "1", "name", [&](std::size_t f) { return facilities[f].name; }),
        column("lon", "deg", "longitude (WGS84)",
               [&](std::size_t f) { return facilities[f].position.lon; }),
        column("lat", "deg", "latitude (WGS84)",
               [&](std::size_t f) { return facilities[f].position.lat; }));
}

void TrafficInstance::sample(engine::Ticks time, engine::SampleFrame& frame,
                             engine::Recorder& recorder) {
    const auto& net = *build_.network;
    const std::size_t n = net.links.size();
    std::vector<double> flow(n, 0.0), speed(n, std::numeric_limits<double>::quiet_NaN());
    std::vector<double> vehicles(n, 0.0), queue(n, 0.0), occupancy(n, 0.0), saturation(n, 0.0);
    const double interval_s = engine::seconds_from_ticks(time - last_sample_);
    // The measured hour this interval ends in (none during the warm-up).
    const bool measuring = time > measured_.from;
    const auto hour = static_cast<std::size_t>(
        engine::seconds_from_ticks(std::max<engine::Ticks>(0, time - 1 - measured_.from)) / 3600.0);
    if (measuring) close_hours_before(hour);
    std::vector<TripRow> finished;
    for (std::uint32_t node = 0; node < node_lps_.size(); ++node) {
        auto& lp = *node_lps_[node];
        for (std::size_t i = 0; i < net.in_links[node].size(); ++i) {
            const std::uint32_t l = net.in_links[node][i];
            const auto& counters = interval_counters_[l];
            if (interval_s > 0) flow[l] = counters.exits * 3600.0 / interval_s;
            if (interval_s > 0 && net.links[l].capacity_pcu_per_h > 0) {
                saturation[l] = std::max(counters.exit_pcu, interval_entry_pcu_[l]) * 3600.0 /
                                interval_s / net.links[l].capacity_pcu_per_h;
            }
            if (counters.exits > 0) {
                speed[l] = net.links[l].length_m * counters.exits / counters.traversal_s * 3.6;
            }
            queue[l] = static_cast<double>(lp.queue_length(i));
            if (measuring) hour_pcu_[l] += counters.exit_pcu;
        }
        for (std::size_t o = 0; o < net.out_links[node].size(); ++o) {
            const std::uint32_t l = net.out_links[node][o];
            vehicles[l] = lp.vehicles_entered(o);
            const auto storage = net.storage_milli_pcu(l, time);
            occupancy[l] = storage > 0 ? static_cast<double>(lp.occupied_milli_pcu(o)) /
                                             static_cast<double>(storage)
                                       : 0.0;
        }
        for (const std::uint32_t t : lp.take_started()) {
            const auto& started = net.trips[t];
            if (started.origin_zone != no_zone) {
                (started.outbound ? at_home_ : visitors_)[started.origin_zone] -= 1.0;
            }
            mark_trip(t, trip_departed);
            ++started_;
            if (started.origin_zone == no_zone) external_balance_ += 1.0;
        }
        for (const auto& record : lp.take_finished()) {
            const auto& t = net.trips[record.trip];
            if (t.destination_zone != no_zone) {
                (t.outbound ? visitors_ : at_home_)[t.destination_zone] += 1.0;
            }
            ++arrived_;
            mark_trip(record.trip, trip_arrived);
            if (t.destination_zone == no_zone) external_balance_ -= 1.0;
            // Trips that left in the warm-up are not measured.
            if (!measured_.contains(t.depart)) continue;
            ++finished_;
            const double travel_s = engine::seconds_from_ticks(record.arrive - t.depart);
            total_travel_s_ += travel_s;
            total_delay_s_ += travel_s - t.best_free_flow_s;
            total_route_delay_s_ += travel_s - t.free_flow_s;
            total_km_ += t.length_m / 1000.0;
            traversals_ += t.route().size();
            finished.push_back({record.trip, &t, TripStatus::arrived, record.arrive});
        }
        for (const std::uint32_t t : lp.take_held()) mark_trip(t, trip_held);
    }
    if (measuring) {
        for (std::uint32_t l = 0; l < n; ++l) {
            queued_vehicle_s_ += queue[l] * interval_s;
            const bool jammed = occupancy[l] >= datasets::jammed_occupancy;
            const bool stuck = jammed && interval_counters_[l].exits == 0;
            jammed_link_s_ += jammed ? interval_s : 0.0;
            stuck_link_s_ += stuck ? interval_s : 0.0;
            stuck_for_s_[l] = stuck ? stuck_for_s_[l] + interval_s : 0.0;
            ever_stuck_[l] = ever_stuck_[l] || stuck;
            if (stuck_for_s_[l] > longest_stuck_s_) {
                longest_stuck_s_ = stuck_for_s_[l];
                longest_stuck_link_ = l;
            }
        }
    }
    last_sample_ = time;
    frame.set(series_.link_flow, std::move(flow));
    frame.set(series_.link_speed, std::move(speed));
    frame.set(series_.link_vehicles, std::move(vehicles));
    frame.set(series_.link_queue, std::move(queue));
    frame.set(series_.link_saturation, std::move(saturation));
    frame.set(series_.link_occupancy, std::move(occupancy));
    if (!at_home_.empty()) {
        std::vector<double> presence(at_home_.size());
        for (std::size_t z = 0; z < presence.size(); ++z) presence[z] = at_home_[z] + visitors_[z];
        frame.set(series_.zone_presence, std::move(presence));
        frame.set(series_.zone_at_home, at_home_);
        frame.set(series_.zone_visitors, visitors_);
    }
    frame.set(series_.in_transit, {static_cast<double>(started_ - arrived_)});
    frame.set(series_.external_balance, {external_balance_});
    if (time >= measured_.to) {
        // The run's last sample: the measured hours end here, and every trip that departed
        // and did not arrive is a row too, so a closure that strands trips shows them instead
        // of dropping them from the KPIs.
        close_hours_before(static_cast<std::size_t>(
            std::ceil(engine::seconds_from_ticks(measured_.to - measured_.from) / 3600.0)));
        auto unfinished = unfinished_rows(time);
        finished.insert(finished.end(), unfinished.begin(), unfinished.end());
    }
    trips_.append(recorder, finished);
}

std::vector<TripRow> TrafficInstance::unfinished_rows(engine::Ticks end) {
    const auto& trips = build_.network->trips;
    std::vector<std::uint32_t> waiting;
    for (const NodeLp* lp : node_lps_) {
        for (const std::uint32_t vehicle : lp->waiting_vehicles()) {
            if (!TrafficNetwork::is_guest(vehicle)) waiting.push_back(vehicle);
        }
    }
    std::sort(waiting.begin(), waiting.end());
    std::vector<TripRow> rows;
    en_route_ = not_departed_ = 0;
    unfinished_travel_s_ = 0.0;
    // The batches not released: those with trips not done.
    for (std::size_t b = 0; b < trip_state_.size(); ++b) {
        trips.for_each_id(b, [&](std::uint32_t t) {
            const std::uint8_t state = trip_state_[b][t - trips.first_id(b)];
            if ((state & trip_departed) == 0 || (state & trip_arrived) != 0 ||
                !measured_.contains(trips[t].depart))
                return;
            const TripStatus status = std::binary_search(waiting.begin(), waiting.end(), t)
                                          ? TripStatus::not_departed
                                          : TripStatus::en_route;
            ++(status == TripStatus::en_route ? en_route_ : not_departed_);
            unfinished_travel_s_ += engine::seconds_from_ticks(end - trips[t].depart);
            rows.push_back({t, &trips[t], status, end});
        });
    }
    // Trips with no path while a road was closed never left: waiting at their origin.
    const auto& unroutable = build_.counts.unroutable;
    for (std::size_t k = 0; k < unroutable.size(); ++k) {
        const Trip& trip = unroutable[k];
        if (trip.depart >= end || !measured_.contains(trip.depart)) continue;
        ++not_departed_;
        unfinished_travel_s_ += engine::seconds_from_ticks(end - trip.depart);
        rows.push_back(
            {static_cast<std::uint32_t>(trips.size() + k), &trip, TripStatus::not_departed, end});
    }
    return rows;
}

std::vector<std::string> TrafficInstance::warnings() const {
    std::vector<std::string> out;
    for (const auto& line : build_.route_warnings) out.push_back("traffic: route file: " + line);
    // A gridlock, not a jam that clears: a link stuck for SUMO's teleport time (300 s) or more.
    if (longest_stuck_s_ >= 300.0) {
        const auto& net = *build_.network;
        const auto stuck_links = std::count(ever_stuck_.begin(), ever_stuck_.end(), true);
        const auto& road = district_->data().roads[district_->links()[longest_stuck_link_].feature];
        out.push_back(fmt::format(
            "traffic: gridlock: {} links stood full with no vehicle leaving them ({:.1f} "
            "link-hours in all; the longest {:.0f} min, link {}{}, from node {} to {}): see "
            "traffic.stuck_link_hours and the link_vehicles and link_queue series",
            stuck_links, stuck_link_s_ / 3600.0, longest_stuck_s_ / 60.0, longest_stuck_link_,
            road.name.empty() ? std::string{} : fmt::format(" '{}'", road.name),
            net.links[longest_stuck_link_].from, net.links[longest_stuck_link_].to));
    }
    const auto unfinished = en_route_ + not_departed_;
    const std::uint64_t departed = finished_ + unfinished;
    if (departed == 0 || unfinished * 100 <= departed) return out;
    out.push_back(
        fmt::format("traffic: {} of {} trips that departed ({:.1f} %) had not arrived when the "
                    "run ended ({} on the road, {} waiting to enter it): read "
                    "traffic.vehicle_hours and traffic.mean_travel_time_incl_unfinished_s, "
                    "which count them, rather than the mean over arrived trips",
                    unfinished, departed,
                    100.0 * static_cast<double>(unfinished) / static_cast<double>(departed),
                    en_route_, not_departed_));
    return out;
}

std::vector<engine::Kpi> TrafficInstance::kpis(const engine::RunStats& /*stats*/) const {
    const auto& net = *build_.network;
    const double span_h = engine::seconds_from_ticks(measured_.to - measured_.from) / 3600.0;
    const std::size_t link_hours = link_hours_, congested = congested_link_hours_;
    const double done = static_cast<double>(finished_);
    const double all = done + static_cast<double>(en_route_ + not_departed_);
    std::uint64_t squeezed = 0;
    std::uint64_t held = 0;
    std::uint64_t measured_trips = measured_trips_;
    for (const auto& trip : build_.counts.unroutable)
        measured_trips += measured_.contains(trip.depart) ? 1U : 0U;
    for (std::uint32_t node = 0; node < node_lps_.size(); ++node) {
        squeezed += node_lps_[node]->squeezed();
        held += node_lps_[node]->held();
    }
    return {
        {"traffic.vehicle_trips", static_cast<double>(measured_trips), "trips",
         "vehicle trips on the network departing in the run (with those that found no path to "
         "depart on)"},
        {"traffic.completed_trips", done, "trips", "trips that arrived before the end"},
        {"traffic.unfinished_trips", static_cast<double>(en_route_ + not_departed_), "trips",
         "trips that departed but had not arrived when the run ended (on the road or waiting to "
         "enter it); lower is better"},
        {"traffic.not_departed_trips", static_cast<double>(not_departed_), "trips",
         "of the unfinished trips, those still waiting at their origin: their first link full, "
         "or no open path when they were to leave (a closure cut their destination off)"},
        {"traffic.local_trips", static_cast<double>(build_.counts.local_trips), "trips",
         "vehicle trips inside one zone (not on the network), warm-up included"},
        {"traffic.walk_trips", static_cast<double>(build_.counts.walk_trips), "trips",
         "trips on foot or by bicycle, warm-up included"},
        {"traffic.external_trips", static_cast<double>(build_.counts.external_trips), "trips",
         "vehicle trips with a gateway at one end or both (through, visitors, residents "
         "leaving), warm-up included; part of vehicle_trips"},
        {"traffic.vehicle_km", total_km_, "veh km",
         "distance driven by completed trips (unfinished trips' part not counted yet)"},
        {"traffic.vehicle_hours", (total_travel_s_ + unfinished_travel_s_) / 3600.0, "veh h",
         "time on the road or waiting to get on it: completed trips, and unfinished trips from "
         "departure to the end; "
         "lower is better"},
        {"traffic.mean_travel_time_s", done > 0 ? total_travel_s_ / done : 0.0, "s",
         "mean travel time of the trips that arrived (stranded trips are not in it: see "
         "mean_travel_time_incl_unfinished_s)"},
        {"traffic.mean_travel_time_incl_unfinished_s",
         all > 0 ? (total_travel_s_ + unfinished_travel_s_) / all : 0.0, "s",
         "mean travel time, unfinished trips counted at their time so far (a lower bound for "
         "them); lower is better"},
        {"traffic.mean_delay_s", done > 0 ? total_delay_s_ / done : 0.0, "s",
         "mean travel time above the free-flow time of the fastest path between origin and "
         "destination on the network without closures, trips that arrived (detours count as "
         "delay); lower is better"},
        {"traffic.mean_route_delay_s", done > 0 ? total_route_delay_s_ / done : 0.0, "s",
         "mean travel time above the free-flow time of the route planned (a detour planned at "
         "departure is not delay here), trips that arrived"},
        {"traffic.share_link_hours_over_90pct",
         link_hours > 0 ? static_cast<double>(congested) / static_cast<double>(link_hours) : 0.0,
         "1", "share of link-hours whose flow exceeded 0.9 of capacity"},
        {"traffic.share_link_hours_jammed",
         span_h > 0 ? jammed_link_s_ / 3600.0 / (span_h * static_cast<double>(net.links.size()))
                    : 0.0,
         "1",
         fmt::format("share of link-hours with the link at least {:.0f} % full of vehicles "
                     "(spillback: it blocks the links behind it), at the samples; unlike the "
                     "flow share it sees gridlock, where flow collapses; lower is better",
                     datasets::jammed_occupancy * 100.0)},
        {"traffic.stuck_link_hours", stuck_link_s_ / 3600.0, "link h",
         "link-hours jammed with no vehicle leaving the link (gridlock), at the samples; 0 is "
         "right"},
        {"traffic.queued_vehicle_hours", queued_vehicle_s_ / 3600.0, "veh h",
         "vehicle-hours standing in queues at link ends (the queue at each sample times the "
         "interval); lower is better"},
        {"traffic.signalised_nodes", static_cast<double>(build_.signalised_nodes), "nodes",
         "junctions with a fixed-time plan (the network's or Webster's)"},
        {"traffic.link_traversals", static_cast<double>(traversals_), "traversals",
         "links driven by completed trips"},
        {"traffic.reroutes", static_cast<double>(reroutes_), "times",
         "route tables recomputed on observed travel times"},
        {"traffic.squeezed", static_cast<double>(squeezed), "vehicles",
         "vehicles that entered a full link after the squeeze time (gridlock relief)"},
        {"traffic.held_trips", static_cast<double>(held), "trips",
         "trips whose tour a what-if held back (traffic.hold_trips)"},
        {"traffic.trips_held_peak", static_cast<double>(net.trips.peak_live_trips()), "trips",
         "diagnostic: the most vehicle trips held in memory at once (generated demand comes a "
         "day at a time): about a day's trips however many days the run has"},
    };
}

}  // namespace tuntas::traffic
