#include "scenarios/waste_plugin.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "engine/row_event_table.hpp"
#include "engine/row_table.hpp"
#include "models/district/facility_kind.hpp"
#include "models/waste/container_lp.hpp"
#include "models/waste/dispatcher_lp.hpp"
#include "models/waste/gate_lp.hpp"
#include "models/waste/truck_lp.hpp"
#include "models/waste/waste_builder.hpp"
#include "models/waste/zone_waste_lp.hpp"
#include "scenarios/param_bindings.hpp"
#include "scenarios/scenario_error.hpp"

namespace tuntas::scenarios {
namespace {

constexpr const char* section_name = "waste";

/// Locality group of every waste LP: they talk to each other with no delay, so they share a
/// partition; to the traffic model they talk with the lookahead.
constexpr std::uint32_t waste_group = 0x2000'0000U;

/// A dispatch policy by name; nothing for any other name.
std::optional<waste::DispatchPolicy> parse_policy(const std::string& name) {
    if (name == "fixed_schedule") return waste::DispatchPolicy::fixed_schedule;
    if (name == "threshold") return waste::DispatchPolicy::threshold;
    return std::nullopt;
}

/// What to say of a policy name that is not one.
std::string bad_policy(const std::string& name) {
    return fmt::format("waste policy '{}' is not one (fixed_schedule or threshold)", name);
}

/// A container's instant of overflow, a row of the overflows table.
struct Overflow {
    std::uint32_t container{0};
    engine::Ticks at{0};
};

/// A gate's unload record and the gate's index, a row of the unloads table.
struct GateUnload {
    std::uint32_t gate{0};
    waste::UnloadRecord record;
};

/// The mass terms, in the order of the `mass` series.
enum MassTerm : std::size_t {
    generated, in_containers, in_trucks, recycled, landfilled, overflowed, uncollected, mass_terms
};

class WasteInstance final : public ModelInstance {
public:
    WasteInstance(std::shared_ptr<waste::WastePlan> plan, const district::District& district,
                  const engine::Simulation& simulation)
        : plan_(std::move(plan)), district_(&district), simulation_(&simulation) {}

    bool apply_live_edit(const Edit& edit) override {
        if (edit.kind != "waste.set_policy") return false;
        const auto policy = parse_policy(edit.values.text("policy"));
        if (!policy) return false;
        // Between windows the plan may change: from edit.at on, as the same edit in a file.
        plan_->params.policy_changes.push_back({edit.at, *policy});
        return true;
    }

    void declare(engine::Recorder& recorder) override {
        const std::size_t containers = plan_->containers.size();
        const std::size_t trucks = plan_->trucks.size();
        recorder.add_series({section_name, "container_fill", containers, "kg",
                             "waste in each container (with what a truck is still loading)"});
        recorder.add_series({section_name, "container_overflowed", containers, "kg",
                             "waste that overflowed each container since the start"});
        recorder.add_series({section_name, "truck_load", trucks, "kg", "waste on each truck"});
        recorder.add_series({section_name, "truck_lon", trucks, "deg",
                             "where each truck is (on a leg: between its end nodes, by the share of "
                             "its free-flow time gone)"});
        recorder.add_series({section_name, "truck_lat", trucks, "deg", "as truck_lon"});
        recorder.add_series({section_name, "truck_state", trucks, "1",
                             "0 at depot, 1 driving, 2 loading, 3 unloading, 4 waiting for work"});
        recorder.add_series({section_name, "gate_trucks", plan_->gates.size(), "trucks",
                             "trucks at each gate, waiting or unloading"});
        recorder.add_series({section_name, "mass", mass_terms, "kg",
                             "since the start: generated, in containers, in trucks, recycled, "
                             "landfilled, overflowed, uncollected (generated = the sum of the "
                             "others)"});
        stops_.declare(recorder);
        overflows_.declare(recorder);
        unloads_.declare(recorder);
        using engine::column;
        const auto lon = [&](std::uint32_t node) { return district_->nodes()[node].position.lon; };
        const auto lat = [&](std::uint32_t node) { return district_->nodes()[node].position.lat; };
        const auto& spots = plan_->containers;
        engine::write_row_table(
            recorder, section_name, "containers", "collection points (TPS containers, transfer depots)", containers,
            column("container", "1", "index", [](std::size_t c) { return c; }),
            column("id", "1", "facility id", [&](std::size_t c) { return spots[c].id; }),
            column("name", "1", "name", [&](std::size_t c) { return spots[c].name; }),
            column("node", "1", "road node it stands at", [&](std::size_t c) { return spots[c].node; }),
            column("lon", "deg", "longitude of that node", [&](std::size_t c) { return lon(spots[c].node); }),
            column("lat", "deg", "latitude of that node", [&](std::size_t c) { return lat(spots[c].node); }),
            column("capacity_kg", "kg", "capacity", [&](std::size_t c) { return spots[c].capacity_kg; }),
            column("gate", "1", "where its waste is unloaded", [&](std::size_t c) { return spots[c].gate; }));
        const auto& gates = plan_->gates;
        engine::write_row_table(
            recorder, section_name, "gates", "where trucks unload: the TPA (landfill) and TPS3Rs", gates.size(),
            column("gate", "1", "index", [](std::size_t g) { return g; }),
            column("id", "1", "facility id", [&](std::size_t g) { return gates[g].id; }),
            column("name", "1", "name", [&](std::size_t g) { return gates[g].name; }),
            column("node", "1", "road node", [&](std::size_t g) { return gates[g].node; }),
            column("lon", "deg", "longitude of that node", [&](std::size_t g) { return lon(gates[g].node); }),
            column("lat", "deg", "latitude of that node", [&](std::size_t g) { return lat(gates[g].node); }),
            column("landfill", "1", "1: the TPA, 0: a TPS3R", [&](std::size_t g) { return gates[g].landfill ? 1 : 0; }),
            column("recovery", "1", "share recycled", [&](std::size_t g) { return gates[g].recovery; }));
        const auto& fleet = plan_->trucks;
        const auto arm_roll = [&](std::size_t t) { return fleet[t].kind == waste::TruckKind::arm_roll; };
        engine::write_row_table(
            recorder, section_name, "trucks", "the fleet and its fixed-schedule plan", trucks,
            column("truck", "1", "index", [](std::size_t t) { return t; }),
            column("arm_roll", "1", "1: arm-roll (one container a trip), 0: dump truck",
                   [&](std::size_t t) { return arm_roll(t) ? 1 : 0; }),
            column("capacity_kg", "kg", "dump truck capacity (0: arm-roll)",
                   [&](std::size_t t) { return arm_roll(t) ? 0.0 : fleet[t].capacity_kg; }),
            column("rounds", "1", "planned rounds (fixed schedule)", [&](std::size_t t) { return fleet[t].rounds.size(); }),
            column("stops", "1", "containers on them", [&](std::size_t t) {
                std::size_t count = 0;
                for (const auto& round : fleet[t].rounds) count += round.containers.size();
                return count;
            }));
    }

    void sample(engine::Ticks time, std::vector<std::vector<double>>& values,
                engine::Recorder& recorder) override {
        std::vector<double> fill, overflowed_kg, load, state, gate_trucks, truck_lon, truck_lat;
        std::array<double, mass_terms> mass{};
        for (std::size_t z = 0; z < plan_->zones.size(); ++z) {
            const auto& zone = lp<waste::ZoneWasteLp>(plan_->zones[z].lp);
            mass[generated] += zone.generated_kg_at(time);
            mass[uncollected] += zone.uncollected_kg_at(time);
            mass[recycled] += zone.banked_kg_at(time);
        }
        std::vector<Overflow> overflows;
        full_seconds_ = 0.0;
        for (std::size_t c = 0; c < plan_->containers.size(); ++c) {
            auto& container = lp<waste::ContainerLp>(plan_->containers[c].lp);
            fill.push_back(container.contents_kg_at(time));
            overflowed_kg.push_back(container.overflowed_kg_at(time));
            mass[in_containers] += fill.back();
            mass[overflowed] += overflowed_kg.back();
            full_seconds_ += container.full_seconds_at(time);
            for (const auto at : container.take_overflows()) overflows.push_back({static_cast<std::uint32_t>(c), at});
            for (const auto& pickup : container.take_pickups()) collected_kg_ += pickup.kg;
        }
        std::vector<waste::StopRecord> stops;
        truck_km_ = 0.0;
        truck_hours_ = 0.0;
        stand_hours_ = 0.0;
        for (std::size_t t = 0; t < plan_->trucks.size(); ++t) {
            auto& truck = lp<waste::TruckLp>(plan_->trucks[t].lp);
            load.push_back(truck.load_kg());
            state.push_back(static_cast<double>(truck.state()));
            const auto where = truck.position_at(time);
            const auto from = district_->nodes()[where.from_node].position;
            const auto to = district_->nodes()[where.to_node].position;
            truck_lon.push_back(from.lon + where.progress * (to.lon - from.lon));
            truck_lat.push_back(from.lat + where.progress * (to.lat - from.lat));
            mass[in_trucks] += truck.load_kg();
            truck_km_ += truck.km();
            truck_hours_ += truck.shift_hours_at(time);
            stand_hours_ += truck.stand_hours();
            const auto truck_stops = truck.take_stops();
            stops.insert(stops.end(), truck_stops.begin(), truck_stops.end());
        }
        std::vector<GateUnload> unloads;
        for (std::size_t g = 0; g < plan_->gates.size(); ++g) {
            auto& gate = lp<waste::GateLp>(plan_->gates[g].lp);
            mass[landfilled] += gate.landfilled_kg();
            mass[recycled] += gate.recycled_kg();
            gate_trucks.push_back(static_cast<double>(gate.trucks_at_gate()));
            for (const auto& record : gate.take_log()) {
                unloads.push_back({static_cast<std::uint32_t>(g), record});
                if (plan_->gates[g].landfill) tpa_inflow_kg_ += record.kg;
            }
        }
        double accounted = 0.0;
        for (std::size_t m = in_containers; m < mass_terms; ++m) accounted += mass[m];
        balance_error_kg_ = std::max(balance_error_kg_, std::abs(mass[generated] - accounted));
        last_mass_ = mass;
        last_time_ = time;
        values.push_back(std::move(fill));
        values.push_back(std::move(overflowed_kg));
        values.push_back(std::move(load));
        values.push_back(std::move(truck_lon));
        values.push_back(std::move(truck_lat));
        values.push_back(std::move(state));
        values.push_back(std::move(gate_trucks));
        values.emplace_back(mass.begin(), mass.end());
        stops_.append(recorder, stops);
        overflows_.append(recorder, overflows);
        unloads_.append(recorder, unloads);
    }

    [[nodiscard]] std::vector<engine::Kpi> kpis(const engine::RunStats& /*stats*/) const override {
        const auto& params = plan_->params;
        const double days = std::max(1e-9, engine::seconds_from_ticks(last_time_) / 86'400.0);
        const auto t_per_day = [&](double kg) { return kg / 1000.0 / days; };
        const double container_hours = static_cast<double>(plan_->containers.size()) *
                                       engine::seconds_from_ticks(last_time_) / 3600.0;
        const double fuel_l = truck_km_ * params.fuel_l_per_km + stand_hours_ * params.fuel_l_per_hour_idle;
        const double cost = truck_hours_ * params.cost_per_truck_hour + fuel_l * params.fuel_price_per_l +
                            last_mass_[landfilled] / 1000.0 * params.landfill_cost_per_t;
        return {
            {"waste.generated_t_per_day", t_per_day(last_mass_[generated]), "t/day", "waste generated"},
            {"waste.collected_t_per_day", t_per_day(collected_kg_), "t/day", "taken from containers by trucks"},
            {"waste.recycled_t_per_day", t_per_day(last_mass_[recycled]), "t/day",
             "taken by waste banks and TPS3Rs"},
            {"waste.landfilled_t_per_day", t_per_day(last_mass_[landfilled]), "t/day",
             "to the landfill (TPA arrivals and TPS3R residue)"},
            {"waste.tpa_inflow_t_per_day", t_per_day(tpa_inflow_kg_), "t/day", "unloaded at the TPA gate"},
            {"waste.tpa_inflow_t_per_working_day", tpa_inflow_kg_ / 1000.0 / std::max(1, working_days()),
             "t/day", "unloaded at the TPA gate, per day the trucks work (as a weighbridge counts)"},
            {"waste.overflowed_t_per_day", t_per_day(last_mass_[overflowed]), "t/day",
             "arrived at full containers"},
            {"waste.uncollected_t_per_day", t_per_day(last_mass_[uncollected]), "t/day",
             "generated where there is no service (burnt, buried, dumped)"},
            {"waste.share_container_hours_full",
             container_hours > 0 ? full_seconds_ / 3600.0 / container_hours : 0.0, "1",
             "share of container-hours at capacity"},
            {"waste.truck_km", truck_km_, "km", "driven by the fleet"},
            {"waste.truck_hours", truck_hours_, "h", "fleet hours on shift"},
            {"waste.fuel_l", fuel_l, "L",
             fmt::format("diesel: {} L/km driving, {} L/h standing", params.fuel_l_per_km,
                         params.fuel_l_per_hour_idle)},
            {"waste.co2_t", fuel_l * params.co2_kg_per_l / 1000.0, "t",
             fmt::format("from diesel at {} kg CO2/L", params.co2_kg_per_l)},
            {"waste.cost_idr_per_t", collected_kg_ > 0 ? cost / (collected_kg_ / 1000.0) : 0.0, "IDR/t",
             "truck hours, fuel and landfill operation per tonne collected (unit costs are scenario keys)"},
            {"waste.mass_balance_error_kg", balance_error_kg_, "kg",
             "largest |generated - (containers + trucks + recycled + landfilled + overflowed + "
             "uncollected)| over the samples"},
        };
    }

private:
    /// Days of the run on which the trucks work (a day counts when it starts inside the run).
    [[nodiscard]] int working_days() const {
        int days = 0;
        for (engine::Ticks t = 0; t < last_time_;) {
            const engine::Ticks start = plan_->next_shift_start(t);
            if (start >= last_time_) break;
            ++days;
            t = start + 1;
        }
        return days;
    }

    template <class T>
    [[nodiscard]] T& lp(engine::LpId id) const {
        // Between windows the model may read (and drain the logs of) its own LPs.
        return const_cast<T&>(dynamic_cast<const T&>(simulation_->lp(id)));
    }

    std::shared_ptr<waste::WastePlan> plan_;
    const district::District* district_;
    const engine::Simulation* simulation_;
    engine::RowEventTable<waste::StopRecord> stops_{
        section_name, "stops", "every truck stop: loading at a container or unloading at a gate",
        engine::column("truck", "1", "truck index", [](const waste::StopRecord& stop) { return stop.truck; }),
        engine::column("at_gate", "1", "1: a gate (place is a gate), 0: a container",
                       [](const waste::StopRecord& stop) { return stop.at_gate ? 1 : 0; }),
        engine::column("place", "1", "container or gate index", [](const waste::StopRecord& stop) { return stop.place; }),
        engine::column("arrived_s", "s", "arrival",
                       [](const waste::StopRecord& stop) { return engine::seconds_from_ticks(stop.arrived); }),
        engine::column("left_s", "s", "done",
                       [](const waste::StopRecord& stop) { return engine::seconds_from_ticks(stop.left); }),
        engine::column("kg", "kg", "loaded or unloaded", [](const waste::StopRecord& stop) { return stop.kg; })};
    engine::RowEventTable<Overflow> overflows_{
        section_name, "overflows", "every instant a container became full",
        engine::column("container", "1", "container index", [](const Overflow& o) { return o.container; }),
        engine::column("time_s", "s", "when it was full", [](const Overflow& o) { return engine::seconds_from_ticks(o.at); })};
    engine::RowEventTable<GateUnload> unloads_{
        section_name, "unloads", "every truck served at a gate",
        engine::column("gate", "1", "gate index", [](const GateUnload& u) { return u.gate; }),
        engine::column("truck", "1", "truck index", [](const GateUnload& u) { return u.record.truck; }),
        engine::column("kg", "kg", "unloaded", [](const GateUnload& u) { return u.record.kg; }),
        engine::column("arrived_s", "s", "reached the gate",
                       [](const GateUnload& u) { return engine::seconds_from_ticks(u.record.arrived); }),
        engine::column("started_s", "s", "service began",
                       [](const GateUnload& u) { return engine::seconds_from_ticks(u.record.started); }),
        engine::column("done_s", "s", "service ended",
                       [](const GateUnload& u) { return engine::seconds_from_ticks(u.record.done); })};
    double collected_kg_{0.0};
    double tpa_inflow_kg_{0.0};
    double full_seconds_{0.0};
    double truck_km_{0.0};
    double truck_hours_{0.0};
    double stand_hours_{0.0};
    double balance_error_kg_{0.0};
    std::array<double, mass_terms> last_mass_{};
    engine::Ticks last_time_{0};
};

/// [waste]'s keys, each bound to its WasteParams field.
const ParamBindings<waste::WasteParams>& waste_keys() {
    using P = waste::WasteParams;
    const auto share = [](std::size_t fraction) {
        return [fraction](const SectionValues& values, const std::string& key, P& params) {
            params.composition[fraction] = values.real(key);
        };
    };
    static const ParamBindings<P> keys = ParamBindings<P>()
        .real("kg_per_person_per_day", &P::kg_per_person_per_day, "kg/(person day)", 0.0, 5.0,
              "generation per person present (Paser 0.50: 140 t/day / 281,006, DLH 2021)")
        .custom({"organic_share", ValueType::real, "1", 0.0, 1.0, P{}.composition[0],
                  "food and yard waste (assumption from SIPSN 2023, organics rounded up)"},
                share(0))
        .custom({"plastic_share", ValueType::real, "1", 0.0, 1.0, P{}.composition[1], "plastic (SIPSN 2023)"},
                share(1))
        .custom({"paper_share", ValueType::real, "1", 0.0, 1.0, P{}.composition[2], "paper and cardboard (SIPSN 2023)"},
                share(2))
        .real("served_share", &P::served_share, "1", 0.0, 1.0,
              "of a served zone's waste that reaches its containers (assumption: 80 % as in "
              "Kel. Tanah Grogot)")
        .real("service_radius_km", &P::service_radius_km, "km", 0.0, 100.0,
              "a zone with no container inside brings its waste to the nearest one this close "
              "(assumption: 8 km serves 55 % of Paser's people, so 80 % of that is the "
              "45 % regency coverage of paser-facts 2)")
        .real("bank_capture", &P::bank_capture, "1", 0.0, 1.0,
              "share of plastic and paper a zone's waste bank takes at source (assumption)")
        .real("density_kg_per_m3", &P::density_kg_per_m3, "kg/m3", 50.0, 1000.0,
              "loose waste in containers (200-300 kg/m3; 250 assumed)")
        .integer("dump_trucks", &P::dump_trucks, "1", 0.0, 500.0,
                 "dump trucks (fleet not published: 12 assumed, scaled from PPU)")
        .integer("arm_roll_trucks", &P::arm_roll_trucks, "1", 0.0, 500.0,
                 "arm-roll trucks (8 assumed)")
        .real("dump_truck_capacity_kg", &P::dump_truck_capacity_kg, "kg", 100.0, 20'000.0,
              "7 m3 body at 250 kg/m3")
        .real("shift_start_h", &P::shift_start_h, "h", 0.0, 23.99,
              "local hour the shift starts")
        .real("shift_hours", &P::shift_hours, "h", 0.5, 24.0,
              "shift length")
        .integer("working_days", &P::working_days, "1", 0.0, 127.0,
                 "bit d set: trucks work on day d of the run, d = 0..6 (63: six days on, one off)")
        .real("load_kg_per_min", &P::load_kg_per_min, "kg/min", 1.0, 10'000.0,
              "dump truck loading by hand (assumption)")
        .real("arm_roll_swap_min", &P::arm_roll_swap_min, "min", 0.0, 120.0,
              "arm-roll: lift and swap a container (assumption)")
        .real("gate_service_min", &P::gate_service_min, "min", 0.0, 120.0,
              "TPA weighbridge and tipping, per truck (assumption)")
        .real("tps3r_service_min", &P::tps3r_service_min, "min", 0.0, 120.0,
              "unloading at a TPS3R (assumption)")
        .real("tps3r_recovery", &P::tps3r_recovery, "1", 0.0, 1.0,
              "share of its input a TPS3R composts or sells (assumption)")
        .real("tps3r_catchment_km", &P::tps3r_catchment_km, "km", 0.0, 100.0,
              "containers this close to a TPS3R may unload there")
        .real("tps3r_capacity_t_per_day", &P::tps3r_capacity_t_per_day, "t/day", 0.0, 1000.0,
              "a TPS3R takes the containers nearest to it up to this expected input "
              "(assumption: a TPS3R of the KLHK design handles a few tonnes a day)")
        .custom({"policy", ValueType::text, "1", {}, {}, std::string{"fixed_schedule"},
                  "fixed_schedule (planned rounds each working day) or threshold (a container "
                  "past the threshold calls the nearest free truck)"},
                [](const SectionValues& values, const std::string& key, P& params) {
                    const std::string& name = values.text(key);
                    const auto policy = parse_policy(name);
                    if (!policy) throw std::invalid_argument(bad_policy(name));
                    params.policy = *policy;
                })
        .real("threshold", &P::threshold, "1", 0.05, 1.0,
              "fill share that calls a truck (threshold policy)")
        .integer("passes_per_day", &P::passes_per_day, "1", 1.0, 10.0,
                 "fixed schedule: times a truck drives its rounds a day while its shift lasts "
                 "(PPU trucks make 2-3 trips a day)")
        .integer("max_visits_per_day", &P::max_visits_per_day, "1", 1.0, 24.0,
                 "fixed schedule: a container is emptied as often as its expected waste needs "
                 "(at 80 % full), at most this often a day")
        .duration("generation_step", &P::generation_step, 60.0, 86'400.0,
                  "how often generation rates follow presence and the hour")
        .real("fuel_l_per_km", &P::fuel_l_per_km, "L/km", 0.0, 5.0,
              "diesel use driving (assumption for a 6-8 m3 truck)")
        .real("fuel_l_per_hour_idle", &P::fuel_l_per_hour_idle, "L/h", 0.0, 20.0,
              "diesel use standing with the engine on (assumption)")
        .real("co2_kg_per_l", &P::co2_kg_per_l, "kg/L", 0.0, 10.0,
              "CO2 from burning a litre of diesel (2.68, IPCC default)")
        .real("cost_per_truck_hour", &P::cost_per_truck_hour, "IDR/h", 0.0, 1e9,
              "crew and truck per shift hour (assumption)")
        .real("fuel_price_per_l", &P::fuel_price_per_l, "IDR/L", 0.0, 1e9,
              "diesel price (subsidised Solar, 6,800 IDR/L)")
        .real("landfill_cost_per_t", &P::landfill_cost_per_t, "IDR/t", 0.0, 1e9,
              "landfill operation per tonne (assumption)");
    return keys;
}

class WastePlugin final : public ModelPlugin {
public:
    [[nodiscard]] SectionSpec section() const override {
        return {section_name,
                "municipal waste: generation that follows people, containers, trucks in traffic, "
                "TPS3R and the TPA",
                waste_keys().specs()};
    }

    [[nodiscard]] std::vector<EditKindSpec> edit_kinds() const override {
        return {{"waste.add_facility",
                 "before the run: a new TPS container, transfer depot, TPS3R, waste bank or landfill at a point",
                 {{"facility", ValueType::text, "1", {}, {}, {},
                   "its kind: tps, transfer_depot, tps3r, waste_bank or landfill"},
                  {"name", ValueType::text, "1", {}, {}, std::string{"added"}, "its name"},
                  {"lon", ValueType::real, "deg", -180.0, 180.0, {}, "longitude"},
                  {"lat", ValueType::real, "deg", -90.0, 90.0, {}, "latitude"},
                  {"capacity_m3", ValueType::real, "m3", 0.5, 100.0, 6.0, "container size"},
                  {"capacity_t_per_day", ValueType::real, "t/day", 0.0, 1000.0, 0.0,
                   "a TPS3R: the input it is planned for (0: tps3r_capacity_t_per_day)"}}},
                {"waste.remove_facility", "before the run: a facility of the district is taken out",
                 {{"id", ValueType::text, "1", {}, {}, {}, "its id in facilities.geojson"}}},
                {"waste.close_landfill", "from `at` until `until`, the TPA gate takes no truck (they wait)",
                 {{"until", ValueType::duration, "s", 0.0, {}, {}, "when it opens again, from the start"}}},
                {"waste.set_policy",
                 "from `at` on, containers call trucks (threshold) or not (fixed_schedule); trucks "
                 "switch at their next shift start (a knob of the live viewer)",
                 {{"policy", ValueType::text, "1", {}, {}, {}, "fixed_schedule or threshold"}}},
                {"waste.set_generation", "from `at` on, another generation per person",
                 {{"kg_per_person_per_day", ValueType::real, "kg/(person day)", 0.0, 5.0, {},
                   "the new figure"}}}};
    }

    [[nodiscard]] std::unique_ptr<ModelInstance> assemble(const SectionValues& values,
                                                          const std::vector<const Edit*>& edits,
                                                          Assembly& assembly) const override {
        const Scenario& scenario = assembly.scenario;
        const auto fail = [&](const std::string& message) {
            return ScenarioError({Diagnostic{scenario.file.string(), 0, 0, message}});
        };
        if (assembly.traffic_network == nullptr || assembly.district == nullptr) {
            throw fail("[waste] needs [traffic] in the same scenario: trucks drive in its traffic "
                       "and generation follows its people");
        }
        waste::WasteParams params;
        try {
            waste_keys().read(values, params);
        } catch (const std::invalid_argument& e) {
            throw fail(e.what());
        }
        params.composition[3] = 1.0 - params.composition[0] - params.composition[1] - params.composition[2];
        if (params.composition[3] < -1e-9) {
            throw fail("waste.organic_share + plastic_share + paper_share exceed 1");
        }
        for (const Edit* edit : edits) {
            if (edit->kind == "waste.add_facility") {
                const std::string& kind = edit->values.text("facility");
                const auto parsed = district::parse_facility_kind(kind);
                using district::FacilityKind;
                if (!parsed || (*parsed != FacilityKind::tps && *parsed != FacilityKind::tps3r &&
                                *parsed != FacilityKind::waste_bank && *parsed != FacilityKind::landfill &&
                                *parsed != FacilityKind::transfer_depot)) {
                    throw fail(fmt::format("waste.add_facility: kind '{}' is not a waste facility "
                                           "(tps, transfer_depot, tps3r, waste_bank, landfill)", kind));
                }
                params.added.push_back({.kind = *parsed, .name = edit->values.text("name"),
                                        .position = {edit->values.real("lon"), edit->values.real("lat")},
                                        .capacity_m3 = edit->values.real("capacity_m3"),
                                        .capacity_t_per_day = edit->values.real("capacity_t_per_day")});
            } else if (edit->kind == "waste.remove_facility") {
                params.removed.push_back(edit->values.text("id"));
            } else if (edit->kind == "waste.close_landfill") {
                params.landfill_closures.push_back({edit->at, edit->values.duration("until")});
            } else if (edit->kind == "waste.set_policy") {
                const std::string& name = edit->values.text("policy");
                const auto policy = parse_policy(name);
                if (!policy) throw fail(bad_policy(name));
                params.policy_changes.push_back({edit->at, *policy});
            } else if (edit->kind == "waste.set_generation") {
                params.generation_changes.push_back({edit->at, edit->values.real("kg_per_person_per_day")});
            }
        }
        std::stable_sort(params.generation_changes.begin(), params.generation_changes.end(),
                         [](const auto& a, const auto& b) { return a.at < b.at; });
        std::stable_sort(params.policy_changes.begin(), params.policy_changes.end(),
                         [](const auto& a, const auto& b) { return a.at < b.at; });

        std::shared_ptr<waste::WastePlan> plan;
        try {
            plan = waste::build_waste_plan(*assembly.district, *assembly.traffic_network, params,
                                           assembly.zone_present_at_start, assembly.start_s_of_day,
                                           static_cast<engine::LpId>(assembly.simulation.lp_count()),
                                           assembly.lookahead);
        } catch (const std::invalid_argument& e) {
            throw fail(e.what());
        }
        const std::shared_ptr<const waste::WastePlan> shared = plan;
        const auto add = [&](std::unique_ptr<engine::Lp> lp, engine::LpId expected) {
            const engine::LpId id = assembly.add_lp(std::move(lp), waste_group);
            if (id != expected) throw std::logic_error("waste: LP ids out of order");
        };
        for (std::uint32_t z = 0; z < plan->zones.size(); ++z) {
            add(std::make_unique<waste::ZoneWasteLp>(shared, z), plan->zones[z].lp);
        }
        for (std::uint32_t c = 0; c < plan->containers.size(); ++c) {
            add(std::make_unique<waste::ContainerLp>(shared, c), plan->containers[c].lp);
        }
        for (std::uint32_t g = 0; g < plan->gates.size(); ++g) {
            add(std::make_unique<waste::GateLp>(shared, g), plan->gates[g].lp);
        }
        for (std::uint32_t t = 0; t < plan->trucks.size(); ++t) {
            add(std::make_unique<waste::TruckLp>(shared, t), plan->trucks[t].lp);
        }
        add(std::make_unique<waste::DispatcherLp>(shared), plan->dispatcher_lp);
        return std::make_unique<WasteInstance>(plan, *assembly.district, assembly.simulation);
    }
};

}  // namespace

void register_waste(ModelRegistry& registry) { registry.add(std::make_unique<WastePlugin>()); }

}  // namespace tuntas::scenarios
