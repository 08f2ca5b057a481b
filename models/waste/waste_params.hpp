#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/ticks.hpp"
#include "models/api/run_calendar.hpp"
#include "models/district/records.hpp"
#include "models/waste/shift_params.hpp"

namespace tuntas::waste {

/// How trucks are sent out.
enum class DispatchPolicy : std::uint8_t {
    fixed_schedule,  ///< every working day at shift start, each truck drives its planned round
    threshold,       ///< a container that fills past the threshold calls a truck (sensor)
    mixed,           ///< planned rounds first; a truck done with them takes threshold calls
};

/// A truck type: what it carries and how it loads.
enum class TruckKind : std::uint8_t {
    dump_truck,  ///< loaded by hand at several containers until full
    arm_roll,    ///< swaps one whole container per trip
};

/// Relative generation by hour of day, mean 1. Assumption (no Paser measurement): household
/// waste follows cooking and market hours: low at night, peaks at 05-08 and 17-20.
[[nodiscard]] constexpr std::array<double, 24> default_hourly_profile() {
    std::array<double, 24> weights{0.3, 0.3, 0.3, 0.3, 0.3, 1.6, 1.6, 1.6, 1.6, 1.2, 1.2, 1.2,
                                   1.3, 1.3, 1.0, 1.0, 1.0, 1.5, 1.5, 1.5, 1.5, 0.6, 0.6, 0.6};
    double sum = 0.0;
    for (const double w : weights) sum += w;
    for (double& w : weights) w *= 24.0 / sum;
    return weights;
}

/// A facility added by a what-if, before the run.
struct AddedFacility {
    district::FacilityKind kind{district::FacilityKind::tps};
    std::string name;
    district::LonLat position;
    double capacity_m3{6.0};         ///< containers only
    double capacity_t_per_day{0.0};  ///< a TPS3R (0: tps3r_capacity_t_per_day)
};

/// Waste model parameters; every figure's source or assumption is in the scenario keys' docs
/// (scenarios/waste_plugin.cpp) and the README.
struct WasteParams {
    double kg_per_person_per_day{0.5};
    /// Generation per person present by day type against Monday-Friday (E: no Paser figures;
    /// cooking at home on Sundays and holidays, 1.05).
    double saturday_generation_factor{1.0};
    double sunday_generation_factor{1.05};
    double holiday_generation_factor{1.05};
    /// Which day of the run is which kind (the scenario's start and holidays; not a key).
    model::RunCalendar calendar;
    std::array<double, 4> composition{0.60, 0.18, 0.11, 0.11};  ///< organic, plastic, paper, other
    std::array<double, 24> hourly_profile{default_hourly_profile()};  ///< by hour of day, mean 1
    double served_share{0.8};         ///< of a served zone's waste that reaches its containers
    double service_radius_km{8.0};    ///< zones farther from every container are not served
    double bank_capture{0.3};         ///< share of plastic and paper a waste bank takes at source
    double density_kg_per_m3{250.0};  ///< loose waste in containers
    double dump_truck_capacity_kg{1750.0};  ///< 7 m3 at 250 kg/m3
    int dump_trucks{12};
    int arm_roll_trucks{8};
    std::array<ShiftParams, 2> shifts{};  ///< per TruckKind: when that class works
    std::uint8_t half_days{0};  ///< bit d: on weekday d every shift is half as long (a Saturday)
    double load_kg_per_min{250.0};         ///< dump truck loading by hand
    double arm_roll_swap_min{8.0};         ///< arm-roll: lift, swap, set down
    double gate_service_min{6.0};          ///< weighbridge and tipping at the TPA, per truck
    double tps3r_service_min{10.0};        ///< unloading at a TPS3R
    double tps3r_recovery{0.5};            ///< share of its input a TPS3R composts or sells
    double tps3r_catchment_km{6.0};        ///< containers this close may unload at the TPS3R
    double tps3r_capacity_t_per_day{4.0};  ///< it takes the nearest containers up to this
    DispatchPolicy policy{DispatchPolicy::fixed_schedule};
    double threshold{0.8};                  ///< fill share that calls a truck (threshold policy)
    int max_visits_per_day{8};              ///< fixed schedule: a container is emptied as often as
                                            ///< its expected waste needs, up to this
    double fill_at_visit{0.8};              ///< fixed schedule: visits planned to find this fill
    double min_fill_at_visit{0.25};         ///< fixed schedule: spare fleet time adds visits while
                                            ///< a visit would find a container at least this full
    double fuel_l_per_km{0.35};             ///< diesel, medium truck
    double fuel_l_per_hour_idle{2.0};       ///< engine running at stops and in queues
    double co2_kg_per_l{2.68};              ///< diesel combustion
    double cost_per_truck_hour{150'000.0};  ///< IDR: crew and truck, per shift hour
    double fuel_price_per_l{6'800.0};       ///< IDR, subsidised diesel (Solar)
    double landfill_cost_per_t{50'000.0};   ///< IDR, landfill operation
    engine::Ticks generation_step{15 * 60 * engine::ticks_per_second};  ///< rates are updated
    std::vector<AddedFacility> added;  ///< what-ifs: facilities added before the run
    std::vector<std::string> removed;  ///< what-ifs: facility ids taken out before the run
    struct Closure {
        engine::Ticks from{0};
        engine::Ticks until{0};
    };
    std::vector<Closure> landfill_closures;  ///< what-ifs: the TPA gate closed
    struct GenerationChange {
        engine::Ticks at{0};
        double kg_per_person_per_day{0.5};
    };
    std::vector<GenerationChange> generation_changes;  ///< what-ifs, in time order
    struct PolicyChange {
        engine::Ticks at{0};
        DispatchPolicy policy{DispatchPolicy::fixed_schedule};
    };
    std::vector<PolicyChange>
        policy_changes;  ///< what-ifs (also from a live viewer), in time order

    /// When trucks of `kind` work.
    [[nodiscard]] const ShiftParams& shift(TruckKind kind) const {
        return shifts[static_cast<std::size_t>(kind)];
    }
};

}  // namespace tuntas::waste
