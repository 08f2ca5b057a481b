#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "engine/lp_id.hpp"
#include "engine/ticks.hpp"
#include "models/traffic/vehicle_class.hpp"

namespace tuntas::traffic {

/// Marks "no signal group" / "no signal plan".
inline constexpr std::uint8_t no_signal = 255;

/// A link as the queue model sees it (MATSim QSim / SUMO meso style): a free-flow section, then a
/// FIFO queue at the downstream end that discharges at the flow capacity; its storage limits how
/// many vehicles it holds (spillback), and space freed at the end reaches the entry after
/// length / backward-wave speed.
struct TrafficLink {
    std::uint32_t from{0};                 ///< upstream node
    std::uint32_t to{0};                   ///< downstream node
    double length_m{0.0};
    double free_speed_m_per_s{0.0};
    double capacity_pcu_per_h{0.0};        ///< all lanes
    engine::Ticks free_flow{0};            ///< length / free speed
    engine::Ticks hole_travel{0};          ///< length / backward-wave speed
    double headway_s_per_pcu{0.0};         ///< 3600 / capacity
    std::uint32_t storage_milli_pcu{0};    ///< length x lanes / jam spacing, in 1/1000 pcu
    std::uint8_t signal_group{no_signal};  ///< phase that lets it go at a signalised end
};

/// A fixed-time two-phase plan: phase 0 green [0, green0), all-red, phase 1 green
/// [green1_start, green1_end), all-red to the cycle's end. Times in ticks within the cycle.
struct SignalPlan {
    engine::Ticks cycle{0};
    engine::Ticks green0{0};
    engine::Ticks green1_start{0};
    engine::Ticks green1_end{0};

    /// True when `group` may go at time `t`.
    [[nodiscard]] bool is_green(std::uint8_t group, engine::Ticks t) const {
        const engine::Ticks tau = t % cycle;
        return group == 0 ? tau < green0 : (tau >= green1_start && tau < green1_end);
    }
    /// The first time >= t at which `group` is green.
    [[nodiscard]] engine::Ticks next_green(std::uint8_t group, engine::Ticks t) const {
        if (is_green(group, t)) return t;
        const engine::Ticks base = t - t % cycle;  // start of the current cycle
        if (group == 0) return base + cycle;
        return t % cycle < green1_start ? base + green1_start : base + cycle + green1_start;
    }
};

/// One vehicle trip.
struct Trip {
    VehicleClass vehicle_class{VehicleClass::car};
    std::uint32_t origin_zone{0};
    std::uint32_t destination_zone{0};
    std::uint32_t origin_node{0};
    std::uint32_t destination_node{0};
    engine::Ticks depart{0};
    std::uint32_t route_begin{0};   ///< into TrafficNetwork::route_links
    std::uint32_t route_end{0};
    double length_m{0.0};
    double free_flow_s{0.0};
};

/// Everything the node LPs share, read-only during the run.
struct TrafficNetwork {
    std::vector<TrafficLink> links;
    std::vector<std::vector<std::uint32_t>> in_links;   ///< per node
    std::vector<std::vector<std::uint32_t>> out_links;  ///< per node
    std::vector<SignalPlan> plans;                      ///< per node; cycle 0 = unsignalised
    std::vector<Trip> trips;                            ///< ordered by (depart, id)
    std::vector<std::vector<std::uint32_t>> departures; ///< per node: its trips, in order
    std::vector<std::uint32_t> route_links;
    engine::LpId first_lp{0};                           ///< LP id of node 0

    /// The LP of node `node`.
    [[nodiscard]] engine::LpId lp_of(std::uint32_t node) const { return first_lp + node; }
};

}  // namespace tuntas::traffic
