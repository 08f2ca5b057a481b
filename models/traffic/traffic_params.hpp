#pragma once

#include <array>
#include <string>
#include <vector>

#include "engine/ticks.hpp"
#include "models/api/run_calendar.hpp"
#include "models/traffic/vehicle_class.hpp"

namespace tuntas::traffic {

/// A road closed for a while (a festival, works): no vehicle enters it in [from, until); trips
/// that depart then are routed around it.
struct RoadClosure {
    std::string road;  ///< road name or id (every link of every road with it, both ways);
                       ///< empty: the junction nearest to `junction` (every link into or
                       ///< out of it)
    engine::Ticks from{0};
    engine::Ticks until{engine::ticks_max};
    double junction_lon{0.0};
    double junction_lat{0.0};
};

/// From `at` on, a road has other lanes and/or another free speed (works, a widening, a limit).
struct RoadChange {
    std::string road;  ///< road name or id
    engine::Ticks at{0};
    int lanes{0};           ///< lanes per direction; 0: unchanged
    double speed_kmh{0.0};  ///< free speed; 0: unchanged
};

/// From `at` on, the signal at the junction nearest a point runs another cycle (its phases
/// scaled to it) or is switched off (cycle 0).
struct SignalChange {
    double lon{0.0};
    double lat{0.0};
    engine::Ticks at{0};
    double cycle_s{0.0};
};

/// From `at` on, trips depart at `factor` times the base demand.
struct DemandChange {
    engine::Ticks at{0};
    double factor{1.0};
};

/// Demand and link-model parameters. Defaults are Paser's (shared/data-sources/paser-facts.md
/// section 4); every one without a local source is an ESTIMATE.
struct TrafficParams {
    double trips_per_person_per_day{2.3};  ///< person trips, weekday (E, paser-facts 4)
    double demand_scale{1.0};              ///< multiplies all trips (what-if: growth)
    double walk_share{0.08};               ///< trips on foot or by bicycle: not on the network
    /// Shares of the vehicle trips by class: 75 % motorcycle, 12 % car, 3 % public transport,
    /// 2 % truck/other of all trips (E, paser-facts 4), renormalised without walking.
    std::array<double, vehicle_class_count> class_shares{0.75, 0.12, 0.01, 0.01, 0.03};
    double commute_share{0.6};  ///< tours that leave in the morning peak (E)
    /// Tours by day type against Monday-Thursday (E: no Paser survey; Friday as a weekday,
    /// Saturday 0.9 and Sunday and holidays 0.75, common shapes of Indonesian household
    /// travel), and the share of commute tours on Saturdays, Sundays and holidays (E).
    double friday_trip_factor{1.0};
    double saturday_trip_factor{0.9};
    double sunday_trip_factor{0.75};
    double holiday_trip_factor{0.75};
    double weekend_commute_share{0.2};
    /// Which day of the run is which kind (the scenario's start and holidays; not a key).
    model::RunCalendar calendar;
    /// A CSV of `zone,factor` rows (zone ids): those zones' residents make that many times the
    /// tours (what `tuntas calibrate` writes). "": none.
    std::string zone_trip_factors;
    /// Per zone, its tours' factor, read from zone_trip_factors (empty: 1 for every zone).
    std::vector<double> zone_trip_factor;
    /// Destination choice: a zone's weight is its population x exp(-beta t), t the free-flow
    /// time to it on the road network, min (E: set so that the mean trip lands in the range
    /// the README gives).
    double gravity_beta_per_min{0.1};
    /// External traffic at each gateway (a national road's end at the district's edge):
    /// vehicles a day, both directions (E: paser-facts 4 gives 6,000-10,000 on the
    /// Trans-Kalimantan road in Paser, an estimate, no count; its low end). 0: none.
    double gateway_vehicles_per_day{6000.0};
    /// Share of a gateway's vehicles that cross the district to another gateway (E: no
    /// origin-destination survey; Paser lies between Balikpapan/IKN and South Kalimantan).
    double through_share{0.4};
    /// Share of external vehicles that are heavy trucks (E: paser-facts 4, 15-20 %).
    double gateway_heavy_share{0.175};
    double backward_wave_kmh{15.0};  ///< speed of freed space upstream (E; 15-20 km/h)
    double jam_spacing_m{7.5};       ///< road length a stopped pcu takes (E)
    /// Minor roads give way at unsignalised junctions (gap acceptance). Off by default: with
    /// HCM's car-based gaps, Paser's estimated town grid gridlocks (calibration for
    /// motorcycle-dominated traffic is still to do).
    bool priority_rules{false};
    /// Run even when the demand makes no vehicle trip (a route file with none in the run, a
    /// district without people): off, such a run is refused as a likely mistake.
    bool allow_no_trips{false};
    /// Permissive greens (SUMO's 'g') give way at signals: a permitted turn waits while an
    /// opposing protected queue discharges, takes gaps in the opposing flow (HCM's permitted
    /// left turn: 4.5 s critical headway, 2.5 s follow-up), and two clear as its green ends.
    /// Off by default (such turns go as if protected): against SUMO micro it moved pasubio's
    /// congested case from -18.6 % to +26 %, near gridlock where a follow-up of 2.2 s instead
    /// of 2.5 s halves the delay (README, Junctions).
    bool permissive_turns{false};
    /// Vehicles lose the time of speeding up from rest when they depart, and of slowing down
    /// and speeding up again when they wait at the end of a link (class accelerations); off:
    /// the pure point queue of MATSim's QSim.
    bool speed_changes{true};
    double critical_gap_s{6.5};                ///< minor-road gap acceptance: critical gap (E; HCM
                                               ///< two-way stop control, about 6.5 s)
    double follow_up_s{3.5};                   ///< ... and follow-up time (E; HCM about 3.5 s)
    double reroute_interval_s{0.0};            ///< re-route on observed times this often (0: off)
    double squeeze_after_s{300.0};             ///< gridlock relief: a vehicle blocked this long at
                                               ///< a queue head enters the full link anyway (SUMO's
                                               ///< time-to-teleport default is 300 s; 0: never)
    std::string routes_file;                   ///< SUMO route file (<vehicle depart><route edges>):
                                               ///< explicit trips instead of the generated demand
    std::vector<RoadClosure> closures;         ///< what-if: roads closed for a while
    std::vector<RoadChange> road_changes;      ///< what-if: lanes or speed changed from a time
    std::vector<SignalChange> signal_changes;  ///< what-if: a signal retimed or switched off
    std::vector<DemandChange> demand_changes;  ///< what-if: demand scaled from a time on
};

}  // namespace tuntas::traffic
