#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "engine/ticks.hpp"
#include "models/district/records.hpp"
#include "models/telecom/route_tree.hpp"
#include "models/telecom/telecom_params.hpp"

namespace tuntas::telecom {

/// "None" for indices in the plan.
inline constexpr std::uint32_t no_index = std::numeric_limits<std::uint32_t>::max();

/// A cell site: its sectors and the transport node it hangs from.
struct SiteSpec {
    std::string id;
    std::string name;
    district::LonLat position;
    std::uint32_t zone{no_index};  ///< the zone it stands in (none: outside every zone)
    std::uint32_t node{0};         ///< its transport node
    std::uint32_t first_sector{0};
    std::uint32_t sectors{3};
    bool added{false};  ///< by an edit
};

/// A sector: a radio cell of a site. Its capacity is the radio link every session of it crosses.
struct SectorSpec {
    std::uint32_t site{0};
    double capacity_bps{0.0};
    std::uint32_t voice_channels{0};
};

/// A transport node: a site or the aggregation (core) point.
struct TransportNode {
    std::string id;
    district::LonLat position;
};

/// A transport link (fibre or microwave) between two nodes, both ways.
struct TransportLink {
    std::string id;
    std::uint32_t a{0};
    std::uint32_t b{0};
    std::string medium;  ///< "fibre" or "microwave"
    double capacity_bps{0.0};
    double length_m{0.0};
    bool duct{false};       ///< fibre in a duct (lower cut rate)
    double latency_s{0.0};  ///< propagation plus a hop's processing (ties between routes)
    double failures_per_year{0.0};
    double repair_s{0.0};
};

/// Which sites serve a zone: its own (standing in it) first, the nearby ones when none of its
/// own works; none at all makes it a blank spot.
struct ZoneCoverage {
    std::string name;  ///< the district zone's name
    std::vector<std::uint32_t> own_sites;
    std::vector<std::uint32_t> nearby_sites;  ///< within the coverage radius, nearest first
    double residents{0.0};
    double present_at_start{0.0};

    /// The sites that may serve it, given `working(site)`: its own if one of them works, else
    /// the nearby ones. Only the working sites of the list serve.
    template <class Working>
    [[nodiscard]] const std::vector<std::uint32_t>& candidates(const Working& working) const {
        return std::any_of(own_sites.begin(), own_sites.end(), working) ? own_sites : nearby_sites;
    }
    /// True when a working site serves it.
    template <class Working>
    [[nodiscard]] bool served(const Working& working) const {
        const auto& sites = candidates(working);
        return std::any_of(sites.begin(), sites.end(), working);
    }
};

/// An outage of a link or a site, planned (an edit) or drawn from the failure rates.
struct Outage {
    bool site{false};
    std::uint32_t index{0};  ///< link or site index
    engine::Ticks down{0};
    engine::Ticks up{0};
    bool random{false};
};

/// One outage starting (down) or ending.
struct OutageStep {
    std::uint32_t outage{0};  ///< index in TelecomPlan::outages
    bool down{true};
};

/// The outage starts and ends that fall on one instant: the network changes once, with all of
/// them (so no session is dropped in a state that lasts no time).
struct OutageInstant {
    engine::Ticks at{0};
    std::vector<OutageStep> steps;
};

/// A change of a site's sector capacity at an instant.
struct SectorCapacityChange {
    engine::Ticks at{0};
    std::uint32_t site{0};
    double capacity_bps{0.0};
};

/// The telecom model as built for one scenario: radio, transport, coverage, the outage schedule,
/// and the figures, shared read-only by its LP and its results.
struct TelecomPlan {
    TelecomParams params;
    std::vector<SiteSpec> sites;
    std::vector<SectorSpec> sectors;
    std::vector<TransportNode> nodes;
    std::vector<TransportLink> links;
    std::uint32_t core_node{0};
    std::vector<ZoneCoverage> zones;                     ///< per district zone
    std::vector<Outage> outages;                         ///< by down instant
    std::vector<OutageInstant> outage_instants;          ///< the outages' starts and ends, by time
    std::vector<SectorCapacityChange> capacity_changes;  ///< by instant
    double start_s_of_day{0.0};

    /// The FlowSessions link of a sector's radio, and of a transport link.
    [[nodiscard]] std::uint32_t radio_link(std::uint32_t sector) const noexcept { return sector; }
    [[nodiscard]] std::uint32_t transport_link(std::uint32_t link) const noexcept {
        return static_cast<std::uint32_t>(sectors.size()) + link;
    }
    /// The transport links as the route tree takes them (ends and latency).
    [[nodiscard]] std::vector<RouteTree::Edge> route_edges() const;
    /// Seconds after local midnight at run time `t`.
    [[nodiscard]] double time_of_day_s(engine::Ticks t) const;
    /// Mean data per subscriber, bits/s over a day.
    [[nodiscard]] double mean_bps_per_subscriber() const noexcept {
        return params.gb_per_subscriber_per_month * 8e9 / (365.25 / 12.0) / 86'400.0;
    }
};

}  // namespace tuntas::telecom
