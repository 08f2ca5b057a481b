#include <cstdlib>
#include <memory>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/context.hpp"
#include "engine/simulation.hpp"
#include "models/traffic/events.hpp"
#include "models/waste/container_lp.hpp"
#include "models/waste/dispatcher_lp.hpp"
#include "models/waste/gate_lp.hpp"
#include "models/waste/truck_lp.hpp"
#include "models/waste/zone_waste_lp.hpp"

using namespace tuntas;
using waste::WastePlan;

namespace {

constexpr engine::Ticks s = engine::ticks_per_second;

/// A road node standing in for the traffic model: a guest that enters here is at its
/// destination after the plan's free-flow time of the leg, exactly (no other traffic).
class FreeFlowRoad final : public engine::Lp {
public:
    FreeFlowRoad(std::shared_ptr<const WastePlan> plan, std::uint32_t node, engine::LpId owner)
        : plan_(std::move(plan)),
          node_(node),
          owner_(owner) {}
    void on_event(const engine::Event& event, engine::Context& ctx) override {
        if (event.kind != traffic::guest_enter) return;
        const auto trip = event.payload.as<traffic::GuestTrip>();
        ctx.send(owner_, engine::ticks_from_seconds(plan_->leg_time_s(node_, trip.destination)),
                 traffic::guest_arrived, trip);
    }

private:
    std::shared_ptr<const WastePlan> plan_;
    std::uint32_t node_;
    engine::LpId owner_;
};

/// Nodes 0 (depot), 1 (a container of 2,000 people's waste), 2 (the TPA); legs 0->1 600 s /
/// 6 km, 1->2 900 s / 9 km, 2->0 1,200 s / 12 km (and back the same); one dump truck with one
/// fixed round, shift 06:00-14:00. LPs: roads 0-2, zone 3, container 4, gate 5, truck 6,
/// dispatcher 7.
std::shared_ptr<WastePlan> one_round() {
    auto plan = std::make_shared<WastePlan>();
    auto& p = plan->params;
    p.kg_per_person_per_day = 0.5;
    p.hourly_profile.fill(1.0);
    p.served_share = 1.0;
    p.load_kg_per_min = 100.0;
    p.shifts[0] = {.start_h = 6.0, .hours = 8.0, .working_days = 127};
    p.max_visits_per_day = 1;
    p.policy = waste::DispatchPolicy::fixed_schedule;
    plan->notice_delay = 1 * s;
    plan->first_node_lp = 0;
    plan->legs = waste::LegTable::dense({0, 1, 2}, {0, 600, 1200, 600, 0, 900, 1200, 900, 0},
                                        {0, 6000, 12000, 6000, 0, 9000, 12000, 9000, 0});
    plan->zones.push_back({.present_at_start = 2000.0,
                           .served = true,
                           .has_bank = false,
                           .containers = {0},
                           .lp = 3});
    plan->containers.push_back(
        {.id = "c", .name = "c", .node = 1, .capacity_kg = 10'000.0, .gate = 0, .lp = 4});
    plan->gates.push_back({.id = "tpa",
                           .name = "tpa",
                           .node = 2,
                           .landfill = true,
                           .recovery = 0.0,
                           .capacity_kg_per_day = 0.0,
                           .service = 600 * s,
                           .lp = 5});
    plan->trucks.push_back({.kind = waste::TruckKind::dump_truck,
                            .capacity_kg = 5'000.0,
                            .depot_node = 0,
                            .guest = 0,
                            .rounds_by_weekday = {},
                            .lp = 6});
    for (auto& rounds : plan->trucks.front().rounds_by_weekday)
        rounds = {{.gate = 0, .containers = {0}}};
    plan->dispatcher_lp = 7;
    return plan;
}

/// The LPs of the one-round fixture in their id order: roads 0-2, zone, container, gate,
/// truck, dispatcher.
void add_one_round_lps(engine::Simulation& sim, const std::shared_ptr<WastePlan>& plan) {
    for (std::uint32_t node = 0; node < 3; ++node) sim.emplace_lp<FreeFlowRoad>(plan, node, 6);
    sim.emplace_lp<waste::ZoneWasteLp>(plan, 0);
    sim.emplace_lp<waste::ContainerLp>(plan, 0);
    sim.emplace_lp<waste::GateLp>(plan, 0);
    sim.emplace_lp<waste::TruckLp>(plan, 0);
    sim.emplace_lp<waste::DispatcherLp>(plan);
}

}  // namespace

TEST_CASE("waste::TruckLp: a fixed round drives its legs, loads the container, unloads at the TPA "
          "and goes home",
          "[waste][unit]") {
    const auto plan = one_round();
    engine::Simulation sim;
    add_one_round_lps(sim, plan);
    const engine::Ticks end = 20 * 3600 * s;  // one shift
    static_cast<void>(sim.run({.seed = 1, .end_time = end, .lookahead = 1 * s},
                              engine::PartitionMap::blocks(8, 1)));
    auto& truck = dynamic_cast<waste::TruckLp&>(sim.lp(6));
    auto& container = dynamic_cast<waste::ContainerLp&>(sim.lp(4));
    const auto stops = truck.take_stops();
    REQUIRE(stops.size() == 2);

    // Hand-computed: leaves the depot at 06:00, each leg its free-flow time after the notice
    // delay (1 s) with which it enters the road.
    const engine::Ticks shift = 6 * 3600 * s;
    const engine::Ticks at_container = shift + 1 * s + 600 * s;
    CHECK(stops[0].at_gate == false);
    CHECK(stops[0].arrived == at_container);
    // It takes what the container holds: 1,000 kg/day since the start.
    const double held_kg = 1000.0 / 86'400.0 * engine::seconds_from_ticks(at_container);
    CHECK(stops[0].kg == Approx(held_kg).epsilon(1e-9));
    const engine::Ticks loading = engine::ticks_from_seconds(stops[0].kg / 100.0 * 60.0);
    CHECK(stops[0].left == at_container + loading);
    const auto pickups = container.take_pickups();
    REQUIRE(pickups.size() == 1);
    CHECK(pickups[0].kg == stops[0].kg);

    const engine::Ticks at_gate = stops[0].left + 1 * s + 900 * s;
    CHECK(stops[1].at_gate == true);
    CHECK(stops[1].arrived == at_gate);
    CHECK(stops[1].left == at_gate + 600 * s);  // the TPA's service, nobody queueing
    CHECK(stops[1].kg == stops[0].kg);          // everything loaded is unloaded
    CHECK(truck.load_kg() == 0.0);

    // Home 1,200 s later: at the depot, 27 km driven, the shift closed on arrival.
    const engine::Ticks home = stops[1].left + 1 * s + 1200 * s;
    CHECK(truck.state() == waste::TruckState::at_depot);
    CHECK(truck.km() == Approx(6.0 + 9.0 + 12.0));
    CHECK(truck.shift_hours_at(end) == Approx(engine::seconds_from_ticks(home - shift) / 3600.0));
    CHECK(truck.stand_hours() == Approx(engine::seconds_from_ticks(loading + 600 * s) / 3600.0));
    auto& gate = dynamic_cast<waste::GateLp&>(sim.lp(5));
    CHECK(gate.landfilled_kg() == Approx(stops[0].kg));
}

namespace {

/// Sends the dispatcher a script of events, each at its time.
class Script final : public engine::Lp {
public:
    struct Step {
        engine::Ticks at;
        engine::EventKind kind;
        waste::TruckStatus status;
        waste::TruckCall call;
    };
    explicit Script(std::vector<Step> steps) : steps_(std::move(steps)) {}
    void init(engine::Context& ctx) override {
        for (const auto& step : steps_) {
            if (step.kind == waste::truck_idle) {
                ctx.send(3, step.at, step.kind, step.status);
            } else {
                ctx.send(3, step.at, step.kind, step.call);
            }
        }
    }
    void on_event(const engine::Event&, engine::Context&) override {}

private:
    std::vector<Step> steps_;
};

/// A truck that only writes down what it is told: (when, which container).
class TruckStub final : public engine::Lp {
public:
    void on_event(const engine::Event& event, engine::Context& ctx) override {
        if (event.kind == waste::assign)
            told.emplace_back(ctx.now(), event.payload.as<waste::Assignment>().container);
    }
    std::vector<std::pair<engine::Ticks, std::uint32_t>> told;
};

}  // namespace

TEST_CASE("waste::DispatcherLp: a call goes to the nearest free truck, a freed truck to the "
          "nearest waiting call",
          "[waste][unit]") {
    // Nodes 0..3 on a line, 100 s apart. Trucks 0 and 1 (LPs 1, 2); dispatcher LP 3.
    auto plan = std::make_shared<WastePlan>();
    std::vector<double> line_s;
    for (int a = 0; a < 4; ++a) {
        for (int b = 0; b < 4; ++b) line_s.push_back(100.0 * std::abs(a - b));
    }
    plan->legs = waste::LegTable::dense({0, 1, 2, 3}, line_s, line_s);
    plan->trucks.push_back({.lp = 1});
    plan->trucks.push_back({.lp = 2});
    plan->dispatcher_lp = 3;
    using waste::TruckCall;
    using waste::TruckStatus;
    const auto idle = [](engine::Ticks at, std::uint32_t truck, std::uint32_t node,
                         std::uint32_t available = 1) {
        return Script::Step{at * s, waste::truck_idle, TruckStatus{truck, node, available}, {}};
    };
    const auto call = [](engine::Ticks at, std::uint32_t container, std::uint32_t node) {
        return Script::Step{at * s, waste::call_truck, {}, TruckCall{container, node}};
    };
    engine::Simulation sim;
    sim.emplace_lp<Script>(std::vector<Script::Step>{
        idle(10, 0, 0), idle(20, 1, 3),       // both free, told "nothing now"
        call(30, 7, 2),                       // node 2: truck 1 (node 3) is nearer
        call(40, 5, 1),                       // only truck 0 is free
        call(50, 7, 2), call(60, 5, 1),       // none free: both wait
        idle(70, 1, 3),                       // truck 1 at node 3: nearest call is node 2's
        idle(80, 0, 0, 0), idle(90, 0, 0)});  // off, then on again: the call left
    auto& truck0 = sim.emplace_lp<TruckStub>();
    auto& truck1 = sim.emplace_lp<TruckStub>();
    sim.emplace_lp<waste::DispatcherLp>(plan);
    static_cast<void>(sim.run({.seed = 1, .end_time = 100 * s, .lookahead = 1 * s},
                              engine::PartitionMap::blocks(4, 1)));
    using Told = std::vector<std::pair<engine::Ticks, std::uint32_t>>;
    constexpr auto none = waste::Assignment::no_container;
    CHECK(truck0.told == Told{{10 * s, none}, {40 * s, 5}, {90 * s, 5}});
    CHECK(truck1.told == Told{{20 * s, none}, {30 * s, 7}, {70 * s, 7}});
}

TEST_CASE("waste::TruckLp: under the mixed policy a truck done with its rounds takes the calls "
          "until its shift ends, and a planned visit voids a call",
          "[waste][unit]") {
    // The one-round fixture with the mixed policy and a call at 166 kg: the container calls at
    // about 04:00 (no truck on shift: the call waits), the planned visit at 06:10 empties it
    // and voids that call; after its round the truck waits for work, the container calls again
    // 166 kg after the visit, and the truck drives to it. Without the void it would have been
    // sent at once to the emptied container.
    auto plan = one_round();
    plan->params.policy = waste::DispatchPolicy::mixed;
    const double call_kg = 166.0;
    plan->params.threshold = call_kg / plan->containers[0].capacity_kg;
    engine::Simulation sim;
    add_one_round_lps(sim, plan);
    const engine::Ticks end = 20 * 3600 * s;
    static_cast<void>(sim.run({.seed = 1, .end_time = end, .lookahead = 1 * s},
                              engine::PartitionMap::blocks(8, 1)));
    auto& truck = dynamic_cast<waste::TruckLp&>(sim.lp(6));
    const auto stops = truck.take_stops();
    REQUIRE(stops.size() >= 4);
    const engine::Ticks shift = 6 * 3600 * s;
    CHECK(stops[0].at_gate == false);
    CHECK(stops[0].arrived == shift + 1 * s + 600 * s);  // the planned round, as under fixed
    CHECK(stops[1].at_gate == true);
    // The call: 166 kg at 1,000 kg/day after the visit emptied the container; the truck waits
    // at the gate and drives the 900 s leg back (after the 1 s notice).
    const double rate_kg_per_s = 1000.0 / 86'400.0;
    const double call_s = engine::seconds_from_ticks(stops[0].arrived) + call_kg / rate_kg_per_s;
    CHECK(stops[2].at_gate == false);
    CHECK(engine::seconds_from_ticks(stops[2].arrived) == Approx(call_s + 1.0 + 900.0).margin(2.0));
    CHECK(stops[2].kg == Approx(call_kg + 901.0 * rate_kg_per_s).margin(0.1));
    CHECK(stops[3].at_gate == true);  // nothing more waiting: it unloads
    // Every stop lies in the shift (06:00-14:00) but for the last unload and the way home.
    for (std::size_t k = 0; k + 1 < stops.size(); ++k)
        CHECK(stops[k].arrived < shift + 8 * 3600 * s);
    CHECK(truck.state() == waste::TruckState::at_depot);
}
