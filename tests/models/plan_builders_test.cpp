#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <stdexcept>

#include <catch2/catch.hpp>

#include "engine/simulation.hpp"
#include "models/district/district.hpp"
#include "models/district/district_generator.hpp"
#include "models/telecom/cell_network_lp.hpp"
#include "models/telecom/telecom_builder.hpp"
#include "models/traffic/traffic_builder.hpp"
#include "models/waste/waste_builder.hpp"

using namespace tuntas;
using district::FacilityKind;

namespace {

constexpr engine::Ticks s = engine::ticks_per_second;

/// A generated district of 20,000 people: a town grid, villages, 10 TPS, a TPS3R, two waste
/// banks, a landfill, 13 cell sites with backhaul to one aggregation node.
const district::District& small_district() {
    static const district::District district(
        district::generate_district({.population = 20'000, .seed = 3, .centre = {116.19, -1.90}}));
    return district;
}

std::size_t facilities_of(const district::District& d, FacilityKind kind) {
    const auto& all = d.data().facilities;
    return static_cast<std::size_t>(
        std::count_if(all.begin(), all.end(), [&](const auto& f) { return f.kind == kind; }));
}

double metres_between(const district::District& d, std::uint32_t a, std::uint32_t b) {
    const auto& p = d.nodes()[a];
    const auto& q = d.nodes()[b];
    return std::hypot(p.x_m - q.x_m, p.y_m - q.y_m);
}

}  // namespace

TEST_CASE("waste::build_waste_plan: every served container is on a round, LP ids in order, "
          "TPS3R catchments kept",
          "[waste][unit]") {
    const auto& district = small_district();
    auto network = traffic::make_network(district, traffic::TrafficParams{});
    const waste::WasteParams params;
    const auto plan = waste::build_waste_plan(district, *network, params, {}, 0.0, 0, 100, 1 * s);

    CHECK(plan->containers.size() == facilities_of(district, FacilityKind::tps) +
                                         facilities_of(district, FacilityKind::transfer_depot));
    CHECK(plan->gates.size() == facilities_of(district, FacilityKind::landfill) +
                                    facilities_of(district, FacilityKind::tps3r));
    CHECK(plan->trucks.size() ==
          static_cast<std::size_t>(params.dump_trucks + params.arm_roll_trucks));
    // LP ids: zones, containers, gates, trucks, the dispatcher, contiguous from the first.
    engine::LpId next = 100;
    for (const auto& zone : plan->zones) CHECK(zone.lp == next++);
    for (const auto& container : plan->containers) CHECK(container.lp == next++);
    for (const auto& gate : plan->gates) CHECK(gate.lp == next++);
    for (const auto& truck : plan->trucks) CHECK(truck.lp == next++);
    CHECK(plan->dispatcher_lp == next);
    CHECK(waste::lp_count(*plan) == next + 1 - 100);
    // Every container a served zone fills is emptied by some round of the fixed schedule.
    std::set<std::uint32_t> filled, on_rounds;
    for (const auto& zone : plan->zones) {
        if (zone.served) filled.insert(zone.containers.begin(), zone.containers.end());
    }
    for (const auto& truck : plan->trucks) {
        for (const auto& round : truck.rounds_by_weekday[0]) {
            on_rounds.insert(round.containers.begin(), round.containers.end());
            for (const auto c : round.containers) CHECK(plan->containers[c].gate == round.gate);
        }
    }
    CHECK_FALSE(filled.empty());
    for (const auto c : filled) {
        CAPTURE(c);
        CHECK(on_rounds.contains(c));
    }
    // A container unloads at a TPS3R only within the catchment; elsewhere at a landfill.
    for (const auto& container : plan->containers) {
        const auto& gate = plan->gates[container.gate];
        if (!gate.landfill) {
            CHECK(metres_between(district, container.node, gate.node) <=
                  params.tps3r_catchment_km * 1000.0);
        }
    }
    // The coupling: trucks are the network's guests, zones hear presence.
    CHECK(network->guest_owner.size() == plan->trucks.size());
    for (std::size_t z = 0; z < plan->zones.size(); ++z) {
        const auto& listeners = network->presence_listeners[z];
        CHECK(std::find(listeners.begin(), listeners.end(), plan->zones[z].lp) != listeners.end());
    }
    // A what-if naming no facility is refused, naming it.
    waste::WasteParams wrong;
    wrong.removed = {"no-such-tps"};
    CHECK_THROWS_WITH(waste::build_waste_plan(district, *network, wrong, {}, 0.0, 0, 100, 1 * s),
                      Catch::Contains("no facility 'no-such-tps'"));
}

TEST_CASE("telecom::build_telecom_plan: sites, sectors, backhaul, coverage and edits from the "
          "district",
          "[telecom][unit]") {
    const auto& district = small_district();
    auto network = traffic::make_network(district, traffic::TrafficParams{});
    telecom::TelecomParams params;
    params.random_failures = false;
    const telecom::TelecomBuildInputs inputs{.present_at_start = {},
                                             .start_s_of_day = 0.0,
                                             .duration = 86'400 * s,
                                             .seed = 1,
                                             .notice_delay = 1 * s};
    const auto plan = telecom::build_telecom_plan(district, *network, params, inputs);
    const std::size_t sites = facilities_of(district, FacilityKind::cell_site);
    CHECK(plan->sites.size() == sites);
    CHECK(plan->sectors.size() == 3 * sites);  // the generator gives every site 3 sectors
    CHECK(plan->links.size() == district.data().backhaul.size());
    CHECK(plan->nodes[plan->core_node].id == "aggregation");
    CHECK(plan->outages.empty());
    // Coverage: a zone's own sites stand in it; its nearby sites are within the radius of its
    // centre, nearest first.
    const auto& zones = district.data().zones;
    for (std::uint32_t z = 0; z < plan->zones.size(); ++z) {
        CAPTURE(z);
        for (const auto site : plan->zones[z].own_sites) CHECK(plan->sites[site].zone == z);
        const auto centre = district.project(zones[z].centroid);
        double last = 0.0;
        for (const auto site : plan->zones[z].nearby_sites) {
            const auto at = district.project(plan->sites[site].position);
            const double d = std::hypot(at.x_m - centre.x_m, at.y_m - centre.y_m);
            CHECK(d <= params.coverage_radius_km * 1000.0 + 1e-6);
            CHECK(d >= last);
            last = d;
        }
    }
    // A fibre moved into a duct fails at the duct's rate for its length.
    const auto fibre = std::find_if(plan->links.begin(), plan->links.end(),
                                    [](const auto& link) { return link.medium == "fibre"; });
    REQUIRE(fibre != plan->links.end());
    telecom::TelecomParams ducted = params;
    ducted.ducted_links = {fibre->id};
    const auto with_duct = telecom::build_telecom_plan(district, *network, ducted, inputs);
    const auto& link = with_duct->links[static_cast<std::size_t>(fibre - plan->links.begin())];
    CHECK(link.duct);
    CHECK(link.failures_per_year ==
          Approx(params.duct_cuts_per_100km_per_year * link.length_m / 100'000.0));
    // A planned cut of a link that is not there is refused, naming it.
    telecom::TelecomParams cut = params;
    cut.outages.push_back({.site = false, .id = "bh-nowhere", .at = 0, .until = 3600 * s});
    CHECK_THROWS_WITH(telecom::build_telecom_plan(district, *network, cut, inputs),
                      Catch::Contains("telecom.cut_link: no backhaul link 'bh-nowhere'"));
}

TEST_CASE("telecom::CellNetworkLp: calls and sessions arrive at the planned rates, data is "
          "conserved",
          "[telecom][validation]") {
    // The cell network alone for a day from midnight, nobody moving (no traffic model): each
    // served zone's residents x subscribers per person make calls_per_subscriber_per_day calls
    // and sessions at the mean data rate; the hourly profile averages to 1 over the day. Both
    // counts are Poisson, so they lie within 4 standard errors (sqrt of the mean) of it.
    const auto& district = small_district();
    auto network = traffic::make_network(district, traffic::TrafficParams{});
    telecom::TelecomParams params;
    params.random_failures = false;
    const auto plan = telecom::build_telecom_plan(district, *network, params,
                                                  {.present_at_start = {},
                                                   .start_s_of_day = 0.0,
                                                   .duration = 86'400 * s,
                                                   .seed = 5,
                                                   .notice_delay = 1 * s});
    engine::Simulation sim;
    auto& cells = sim.emplace_lp<telecom::CellNetworkLp>(
        plan, std::make_shared<const telecom::CellRegions>(telecom::one_cell_region(*plan)),
        std::vector<std::uint32_t>{0}, 5);
    const engine::Ticks end = 86'400 * s;
    static_cast<void>(sim.run({.seed = 5, .end_time = end, .lookahead = 1 * s},
                              engine::PartitionMap::blocks(1, 1)));
    double served_subscribers = 0.0;
    for (std::uint32_t z = 0; z < plan->zones.size(); ++z) {
        if (cells.zone_served(z))
            served_subscribers += plan->zones[z].residents * params.subscribers_per_person;
    }
    REQUIRE(served_subscribers > 0.0);
    const double expected_calls = served_subscribers * params.calls_per_subscriber_per_day;
    CAPTURE(expected_calls, cells.calls_offered());
    CHECK(std::abs(static_cast<double>(cells.calls_offered()) - expected_calls) <=
          4.0 * std::sqrt(expected_calls));
    const double expected_sessions = served_subscribers * plan->mean_bps_per_subscriber() *
                                     86'400.0 / (params.session_mean_mb * 8e6);
    CAPTURE(expected_sessions, cells.sessions_offered());
    CHECK(std::abs(static_cast<double>(cells.sessions_offered()) - expected_sessions) <=
          4.0 * std::sqrt(expected_sessions));
    // Every bit offered is carried, shed or still in flight at the end.
    const double offered = cells.total_offered_bits();
    CHECK(offered > 0.0);
    CHECK(cells.total_carried_bits_at(end) + cells.total_shed_bits() +
              cells.in_flight_bits_at(end) ==
          Approx(offered).epsilon(1e-9));
}

TEST_CASE("waste::build_waste_plan: each class works its own days and hours; a half day halves "
          "the shift and gets a plan of its own",
          "[waste][unit]") {
    // Dump trucks Monday to Saturday 06:00-14:00, arm-rolls every day 14:00-22:00, Saturday a
    // half day; the run starts on a Monday at midnight.
    const auto& district = small_district();
    auto network = traffic::make_network(district, traffic::TrafficParams{});
    waste::WasteParams params;
    params.shifts[0] = {.start_h = 6.0, .hours = 8.0, .working_days = 63};
    params.shifts[1] = {.start_h = 14.0, .hours = 8.0, .working_days = 127};
    params.half_days = 32;
    const auto plan = waste::build_waste_plan(district, *network, params, {}, 0.0, 0, 100, 1 * s);
    using waste::TruckKind;
    constexpr double h = 3600.0;
    CHECK(plan->shift_s_on(0, TruckKind::dump_truck) == 8 * h);
    CHECK(plan->shift_s_on(5, TruckKind::dump_truck) == 4 * h);  // Saturday, half
    CHECK(plan->shift_s_on(6, TruckKind::dump_truck) == 0.0);    // Sunday, off
    CHECK(plan->shift_s_on(6, TruckKind::arm_roll) == 8 * h);
    CHECK(plan->shift_s_on(12, TruckKind::arm_roll) == 4 * h);  // the next Saturday
    CHECK(plan->next_shift_start(0, TruckKind::arm_roll) == engine::ticks_from_seconds(14 * h));
    // From Saturday evening the dump trucks' next shift is Monday's.
    CHECK(plan->next_shift_start(engine::ticks_from_seconds(5 * 24 * h + 15 * h),
                                 TruckKind::dump_truck) ==
          engine::ticks_from_seconds(7 * 24 * h + 6 * h));
    const auto week = engine::ticks_from_seconds(7 * 24 * h);
    CHECK(plan->shift_hours_between(0, week, TruckKind::dump_truck) == Approx(5 * 8 + 4));
    CHECK(plan->shift_hours_between(0, week, TruckKind::arm_roll) == Approx(6 * 8 + 4));
    CHECK(plan->reference_weekday() == 0);
    // Rounds: none on a day off; on the half day every round ends within half a shift; dump
    // rounds fit 06:00-14:00 and arm-roll rounds 14:00-22:00 (times from each shift's start).
    std::size_t saturday_rounds = 0;
    for (const auto& truck : plan->trucks) {
        const double shift_s = params.shift(truck.kind).hours * h;
        if (truck.kind == TruckKind::dump_truck) CHECK(truck.rounds_by_weekday[6].empty());
        for (int weekday = 0; weekday < 7; ++weekday) {
            const double limit_s = weekday == 5 ? shift_s / 2 : shift_s;
            for (const auto& round : truck.rounds_by_weekday[static_cast<std::size_t>(weekday)]) {
                CHECK(round.start_s >= 0.0);
                CHECK(round.planned_end_s <= limit_s + 1e-6);
            }
        }
        saturday_rounds += truck.rounds_by_weekday[5].size();
    }
    CHECK(saturday_rounds > 0);
}
