#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/telecom/telecom_plan.hpp"

namespace tuntas::telecom {

/// A part of the cell network whose sessions never share a link that could fill with another
/// part's: its own random streams, and an LP of its own or shared.
struct CellRegion {
    /// Its random streams' identity: "telecom/cells/" and its first site's id (stable across
    /// what-ifs that add sites elsewhere).
    std::string key;
    std::vector<std::uint32_t> sites;  ///< ascending
    /// Zones whose people it hears: those with a site of it among their own or nearby sites,
    /// and those it books (ascending).
    std::vector<std::uint32_t> zones;
    double expected_events{0.0};  ///< its share of the model's (for balancing LPs)
};

/// The cell network cut into regions, exactly. Max-min fair sharing couples two sessions only
/// through links that can fill: a link whose capacity is at least the radio capacity of every
/// sector whose route crosses it (at the most any capacity edit gives them) never fills, never
/// refuses a session at the minimum rate when the sectors admit it, and so never makes one
/// session's rate depend on another's. Regions are the classes of sites joined by links that
/// can fill, in the initial network and after every outage instant of the plan (a reroute may
/// load a link with sites it does not carry otherwise). Simulating the regions apart gives the
/// same sessions, rates and bits as simulating them together.
struct CellRegions {
    std::vector<CellRegion> regions;  ///< by first site
    std::vector<std::uint32_t> region_of_site;
    /// The region that books a zone's service (people without service, unserved demand): that
    /// of its first own site, else its nearest nearby site, else region 0.
    std::vector<std::uint32_t> home_of_zone;
};

/// The plan's network as one region (every site; key "telecom/cells").
[[nodiscard]] CellRegions one_cell_region(const TelecomPlan& plan);

/// The plan's network cut into its regions (see CellRegions). `zone_weights`: the people of
/// each zone at the start, to share the model's `expected_events` among the regions.
[[nodiscard]] CellRegions split_cell_regions(const TelecomPlan& plan,
                                             const std::vector<double>& zone_weights,
                                             double expected_events);

/// The regions packed into at most `lp_count` LPs: contiguous runs of regions (in order) of
/// near-equal expected events. Returns the regions of each LP.
[[nodiscard]] std::vector<std::vector<std::uint32_t>> pack_cell_regions(const CellRegions& regions,
                                                                        std::uint32_t lp_count);

}  // namespace tuntas::telecom
