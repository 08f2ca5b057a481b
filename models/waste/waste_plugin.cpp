#include "models/waste/waste_plugin.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <type_traits>

#include <fmt/format.h>

#include "models/api/input_error.hpp"
#include "models/api/param_bindings.hpp"
#include "models/district/facility_kind.hpp"
#include "models/traffic/presence_service.hpp"
#include "models/traffic/road_network_service.hpp"
#include "models/waste/dispatcher_lp.hpp"
#include "models/waste/waste_builder.hpp"
#include "models/waste/waste_instance.hpp"

// The waste model's plugin: its keys and edits, how it assembles, and the policy knob it takes
// while running.
namespace tuntas::waste {

using model::EditKindSpec;
using model::SectionSpec;
using model::ValueType;

namespace {

constexpr const char* section_name = "waste";

/// A dispatch policy by name; nothing for any other name.
std::optional<DispatchPolicy> parse_policy(const std::string& name) {
    if (name == "fixed_schedule") return DispatchPolicy::fixed_schedule;
    if (name == "threshold") return DispatchPolicy::threshold;
    if (name == "mixed") return DispatchPolicy::mixed;
    return std::nullopt;
}

/// What to say of a policy name that is not one.
std::string bad_policy(const std::string& name) {
    return fmt::format("waste policy '{}' is not one (fixed_schedule, threshold or mixed)", name);
}

/// [waste]'s keys, each bound to its WasteParams field.
const model::ParamBindings<WasteParams>& waste_keys() {
    using P = WasteParams;
    const auto share = [](std::size_t fraction) {
        return [fraction](const model::SectionValues& values, const std::string& key, P& params) {
            params.composition[fraction] = values.real(key);
        };
    };
    // A key of one truck class's shift.
    const auto shift_key = []<class Field>(TruckKind kind, Field ShiftParams::*field) {
        return
            [kind, field](const model::SectionValues& values, const std::string& key, P& params) {
                auto& shift = params.shifts[static_cast<std::size_t>(kind)];
                if constexpr (std::is_floating_point_v<Field>)
                    shift.*field = values.real(key);
                else
                    shift.*field = static_cast<Field>(values.integer(key));
            };
    };
    static const model::ParamBindings<P> keys =
        model::ParamBindings<P>()
            .real("kg_per_person_per_day", &P::kg_per_person_per_day, "kg/(person day)", 0.0, 5.0,
                  "generation per person present (Paser 0.50: 140 t/day / 281,006, DLH 2021)")
            .real("saturday_generation_factor", &P::saturday_generation_factor, "1", 0.0, 10.0,
                  "generation per person on a Saturday against Monday-Friday")
            .real("sunday_generation_factor", &P::sunday_generation_factor, "1", 0.0, 10.0,
                  "generation per person on a Sunday against Monday-Friday")
            .real("holiday_generation_factor", &P::holiday_generation_factor, "1", 0.0, 10.0,
                  "generation per person on a public holiday against Monday-Friday")
            .custom({"organic_share", ValueType::real, "1", 0.0, 1.0, P{}.composition[0],
                     "food and yard waste (assumption from SIPSN 2023, organics rounded up)"},
                    share(0))
            .custom({"plastic_share", ValueType::real, "1", 0.0, 1.0, P{}.composition[1],
                     "plastic (SIPSN 2023)"},
                    share(1))
            .custom({"paper_share", ValueType::real, "1", 0.0, 1.0, P{}.composition[2],
                     "paper and cardboard (SIPSN 2023)"},
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
            .custom({"dump_truck_shift_start_h", ValueType::real, "h", 0.0, 23.99,
                     P{}.shift(TruckKind::dump_truck).start_h,
                     "local hour dump trucks start their shift (assumption)"},
                    shift_key(TruckKind::dump_truck, &ShiftParams::start_h))
            .custom({"dump_truck_shift_hours", ValueType::real, "h", 0.5, 24.0,
                     P{}.shift(TruckKind::dump_truck).hours,
                     "dump truck shift length; over 8 h stands for a second crew (assumption)"},
                    shift_key(TruckKind::dump_truck, &ShiftParams::hours))
            .custom({"dump_truck_working_days", ValueType::integer, "1", 0.0, 127.0,
                     std::int64_t{P{}.shift(TruckKind::dump_truck).working_days},
                     "bit d set: dump trucks work on weekday d, 0 Monday ... 6 Sunday (63: "
                     "Monday to Saturday, 127: every day; assumption)"},
                    shift_key(TruckKind::dump_truck, &ShiftParams::working_days))
            .custom({"arm_roll_shift_start_h", ValueType::real, "h", 0.0, 23.99,
                     P{}.shift(TruckKind::arm_roll).start_h,
                     "local hour arm-rolls start their shift (assumption)"},
                    shift_key(TruckKind::arm_roll, &ShiftParams::start_h))
            .custom({"arm_roll_shift_hours", ValueType::real, "h", 0.5, 24.0,
                     P{}.shift(TruckKind::arm_roll).hours,
                     "arm-roll shift length; over 8 h stands for a second crew (assumption)"},
                    shift_key(TruckKind::arm_roll, &ShiftParams::hours))
            .custom({"arm_roll_working_days", ValueType::integer, "1", 0.0, 127.0,
                     std::int64_t{P{}.shift(TruckKind::arm_roll).working_days},
                     "bit d set: arm-rolls work on weekday d (as dump_truck_working_days)"},
                    shift_key(TruckKind::arm_roll, &ShiftParams::working_days))
            .integer("half_days", &P::half_days, "1", 0.0, 127.0,
                     "bit d set: on weekday d every shift is half as long (32: a half Saturday; "
                     "0 by default)")
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
            .custom({"policy",
                     ValueType::text,
                     "1",
                     {},
                     {},
                     std::string{"fixed_schedule"},
                     "fixed_schedule (planned rounds each working day), threshold (a container "
                     "past the threshold calls the nearest free truck) or mixed (planned rounds "
                     "first; a truck done with them takes the calls until its shift ends)"},
                    [](const model::SectionValues& values, const std::string& key, P& params) {
                        const std::string& name = values.text(key);
                        const auto policy = parse_policy(name);
                        if (!policy) throw std::invalid_argument(bad_policy(name));
                        params.policy = *policy;
                    })
            .real("threshold", &P::threshold, "1", 0.05, 1.0,
                  "fill share that calls a truck (threshold policy)")
            .integer("max_visits_per_day", &P::max_visits_per_day, "1", 1.0, 24.0,
                     "fixed schedule: a container is emptied as often as its expected waste needs "
                     "(see fill_at_visit), at most this often a day (assumption: 8, once an hour "
                     "in an 8-hour shift)")
            .real("fill_at_visit", &P::fill_at_visit, "1", 0.1, 1.0,
                  "fixed schedule: each container gets the visits a day that find it this full "
                  "on average (assumption: 80 %, a margin for the day-to-day spread)")
            .real("min_fill_at_visit", &P::min_fill_at_visit, "1", 0.0, 1.0,
                  "fixed schedule: while the fleet has time left, the containers a visit would "
                  "find fullest get more visits, down to this fill (assumption: a visit finding "
                  "a container under a quarter full is not worth a trip)")
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

class WastePlugin final : public model::ModelPlugin {
public:
    [[nodiscard]] SectionSpec section() const override {
        return {section_name,
                "municipal waste: generation that follows people, containers, trucks in traffic, "
                "TPS3R and the TPA",
                waste_keys().specs()};
    }

    [[nodiscard]] std::vector<EditKindSpec> edit_kinds() const override {
        return {
            {"waste.add_facility",
             "before the run: a new TPS container, transfer depot, TPS3R, waste bank or "
             "landfill at a point",
             {{"facility",
               ValueType::text,
               "1",
               {},
               {},
               {},
               "its kind: tps, transfer_depot, tps3r, waste_bank or landfill"},
              {"name", ValueType::text, "1", {}, {}, std::string{"added"}, "its name"},
              {"lon", ValueType::real, "deg", -180.0, 180.0, {}, "longitude"},
              {"lat", ValueType::real, "deg", -90.0, 90.0, {}, "latitude"},
              {"capacity_m3", ValueType::real, "m3", 0.5, 100.0, 6.0, "container size"},
              {"capacity_t_per_day", ValueType::real, "t/day", 0.0, 1000.0, 0.0,
               "a TPS3R: the input it is planned for (0: tps3r_capacity_t_per_day)"}}},
            {"waste.remove_facility",
             "before the run: a facility of the district is taken out",
             {{"id", ValueType::text, "1", {}, {}, {}, "its id in facilities.geojson"}}},
            {"waste.close_landfill",
             "from `at` until `until`, the TPA gate takes no truck (they wait)",
             {{"until",
               ValueType::duration,
               "s",
               0.0,
               {},
               {},
               "when it opens again, from the start"}}},
            {"waste.set_policy",
             "from `at` on, containers call trucks (threshold, mixed) or not "
             "(fixed_schedule); trucks switch at their next shift start (a knob of the live "
             "viewer)",
             {{"policy", ValueType::text, "1", {}, {}, {}, "fixed_schedule, threshold or mixed"}}},
            {"waste.set_generation",
             "from `at` on, another generation per person",
             {{"kg_per_person_per_day",
               ValueType::real,
               "kg/(person day)",
               0.0,
               5.0,
               {},
               "the new figure"}}}};
    }

    [[nodiscard]] std::vector<model::ServiceNeed> needs() const override {
        return {{std::string(district::District::service_name), "its facilities stand in it"},
                {std::string(traffic::PresenceService::service_name),
                 "waste is generated where people are, as trips move them"},
                {std::string(traffic::RoadNetworkService::service_name),
                 "its trucks drive in road traffic", /*shares_state=*/true}};
    }

    [[nodiscard]] std::unique_ptr<model::ModelInstance>
    assemble(const model::SectionValues& values, const std::vector<const model::Edit*>& edits,
             model::Assembly& assembly) const override {
        WasteParams params;
        try {
            waste_keys().read(values, params);
        } catch (const std::invalid_argument& e) {
            throw model::InputError(values.problem("policy", e.what()));
        }
        params.composition[3] =
            1.0 - params.composition[0] - params.composition[1] - params.composition[2];
        if (params.composition[3] < -1e-9) {
            throw model::InputError(values.problem(
                "paper_share", "organic_share + plastic_share + paper_share exceed 1"));
        }
        std::vector<model::Diagnostic> problems;
        for (const model::Edit* edit : edits) {
            if (edit->kind == "waste.add_facility") {
                const std::string& kind = edit->values.text("facility");
                const auto parsed = district::parse_facility_kind(kind);
                using district::FacilityKind;
                if (!parsed ||
                    (*parsed != FacilityKind::tps && *parsed != FacilityKind::tps3r &&
                     *parsed != FacilityKind::waste_bank && *parsed != FacilityKind::landfill &&
                     *parsed != FacilityKind::transfer_depot)) {
                    problems.push_back(edit->values.problem(
                        "facility",
                        fmt::format("waste.add_facility: kind '{}' is not a waste facility "
                                    "(tps, transfer_depot, tps3r, waste_bank, landfill)",
                                    kind)));
                    continue;
                }
                params.added.push_back(
                    {.kind = *parsed,
                     .name = edit->values.text("name"),
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
                if (!policy) {
                    problems.push_back(edit->values.problem("policy", bad_policy(name)));
                    continue;
                }
                params.policy_changes.push_back({edit->at, *policy});
            } else if (edit->kind == "waste.set_generation") {
                params.generation_changes.push_back(
                    {edit->at, edit->values.real("kg_per_person_per_day")});
            }
        }
        if (!problems.empty()) throw model::InputError(std::move(problems));
        std::stable_sort(params.generation_changes.begin(), params.generation_changes.end(),
                         [](const auto& a, const auto& b) { return a.at < b.at; });
        std::stable_sort(params.policy_changes.begin(), params.policy_changes.end(),
                         [](const auto& a, const auto& b) { return a.at < b.at; });

        const auto district = assembly.services.need<const district::District>();
        const auto presence = assembly.services.need<traffic::PresenceService>();
        const auto roads = assembly.services.need<traffic::RoadNetworkService>();
        TUNTAS_ASSERT(presence->network == roads->network,
                      "presence and roads from one traffic model");
        params.calendar = assembly.scenario.calendar();
        std::shared_ptr<WastePlan> plan;
        try {
            plan = build_waste_plan(
                *district, *roads->network, params, presence->zone_present_at_start,
                assembly.scenario.start_s_of_day(), assembly.scenario.start_weekday(),
                static_cast<engine::LpId>(assembly.simulation.lp_count()), presence->notice_delay);
        } catch (const std::invalid_argument& e) {
            throw model::InputError(values.problem("", e.what()));
        }
        // Every waste LP in one locality group: they talk to each other with no delay, so they
        // share a partition; to the traffic model they talk with the lookahead.
        const std::uint32_t group = assembly.new_groups(1);
        assembly.require_lookahead(presence->notice_delay);  // to and from the node LPs
        for (std::size_t z = 0; z < plan->zones.size() && z < presence->notice_sources.size();
             ++z) {
            for (const auto& source : presence->notice_sources[z])
                assembly.link_groups(group, source.group, source.notices);
        }
        const std::shared_ptr<const WastePlan> shared = plan;
        // Each LP's random stream keyed by what it is (a zone by index, a container or gate by
        // its facility id, a truck by its place in the fleet), not by its LP id.
        const auto add = [&]<class T>(std::unique_ptr<T> lp, engine::LpId expected,
                                      const std::string& identity) -> T& {
            const engine::LpId id = assembly.add_lp(std::move(lp), group, 1.0, identity);
            TUNTAS_ASSERT(id == expected, "waste: LP ids out of order");
            return assembly.lp<T>(id);
        };
        WasteLps lps;
        for (std::uint32_t z = 0; z < plan->zones.size(); ++z) {
            lps.zones.push_back(&add(std::make_unique<ZoneWasteLp>(shared, z), plan->zones[z].lp,
                                     fmt::format("waste/zone/{}", z)));
        }
        for (std::uint32_t c = 0; c < plan->containers.size(); ++c) {
            lps.containers.push_back(&add(std::make_unique<ContainerLp>(shared, c),
                                          plan->containers[c].lp,
                                          "waste/container/" + plan->containers[c].id));
        }
        for (std::uint32_t g = 0; g < plan->gates.size(); ++g) {
            lps.gates.push_back(&add(std::make_unique<GateLp>(shared, g), plan->gates[g].lp,
                                     "waste/gate/" + plan->gates[g].id));
        }
        for (std::uint32_t t = 0; t < plan->trucks.size(); ++t) {
            lps.trucks.push_back(&add(std::make_unique<TruckLp>(shared, t), plan->trucks[t].lp,
                                      fmt::format("waste/truck/{}", t)));
        }
        static_cast<void>(
            add(std::make_unique<DispatcherLp>(shared), plan->dispatcher_lp, "waste/dispatcher"));
        return std::make_unique<WasteInstance>(plan, district, std::move(lps),
                                               assembly.scenario.warmup, assembly.scenario.end());
    }
};

}  // namespace

std::unique_ptr<model::ModelPlugin> make_plugin() {
    return std::make_unique<WastePlugin>();
}

bool WasteInstance::apply_live_edit(const model::Edit& edit) {
    if (edit.kind != "waste.set_policy") return false;
    const auto policy = parse_policy(edit.values.text("policy"));
    if (!policy) return false;
    // Between windows the plan may change: from edit.at on, as the same edit in a file.
    plan_->params.policy_changes.push_back({edit.at, *policy});
    return true;
}

}  // namespace tuntas::waste
