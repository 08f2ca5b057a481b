#include "models/telecom/telecom_builder.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "engine/distributions.hpp"
#include "engine/random_stream.hpp"
#include "models/district/facility_kind.hpp"

namespace tuntas::telecom {
namespace {

using district::FacilityKind;

constexpr double seconds_per_year = 365.25 * 86'400.0;
/// A road route is this much longer than the straight line (paser-facts 1.3, as the data uses).
constexpr double road_detour = 1.3;
/// ASSUMPTION: each hop adds this much processing delay to the route metric.
constexpr double hop_latency_s = 50e-6;

/// FNV-1a: an element's id as a seed, the same on every platform.
std::uint64_t id_hash(const std::string& id) {
    std::uint64_t h = 0xcbf2'9ce4'8422'2325ULL;
    for (const char c : id) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100'0000'01b3ULL;
    }
    return h;
}

double metres(const district::XY& a, const district::XY& b) {
    return std::hypot(a.x_m - b.x_m, a.y_m - b.y_m);
}

/// Outages of one element drawn from its rate: failures a Poisson process in working time,
/// exponential repairs. The gaps are unit exponentials over the rate, so a lower rate (a duct)
/// stretches the same draws.
void draw_outages(const std::string& id, bool site, std::uint32_t index, double per_year,
                  double repair_s, const TelecomBuildInputs& inputs, std::vector<Outage>& out) {
    if (per_year <= 0.0) return;
    engine::RandomStream random(inputs.seed ^ id_hash(id), 0);
    const double end_s = engine::seconds_from_ticks(inputs.duration);
    double t = 0.0;
    for (;;) {
        t += engine::exponential(random, 1.0) / per_year * seconds_per_year;
        const double repair = engine::exponential(random, repair_s);
        if (t >= end_s) return;
        out.push_back({.site = site,
                       .index = index,
                       .down = engine::ticks_from_seconds(t),
                       .up = engine::ticks_from_seconds(t + repair),
                       .random = true});
        t += repair;
    }
}

/// Builds the transport topology: nodes (aggregation nodes, then cell sites) and links, with the
/// node of each id and where each node stands.
class TopologyBuilder {
public:
    TopologyBuilder(TelecomPlan& filled, const district::District& in_district,
                    const TelecomParams& with_params)
        : plan(filled),
          district(in_district),
          params(with_params) {}

    /// Adds a cell site with its sectors, and its transport node.
    void add_site(const std::string& id, const std::string& name, district::LonLat where,
                  std::uint32_t sectors, double sector_bps, bool added) {
        if (sectors == 0 || sectors > 12) {
            throw std::invalid_argument(
                fmt::format("cell site '{}': {} sectors (1 to 12)", id, sectors));
        }
        if (!(sector_bps > 0.0)) {
            throw std::invalid_argument(
                fmt::format("cell site '{}': sector capacity must be > 0", id));
        }
        const auto xy = district.project(where);
        const auto zone = district.zone_of(xy);
        const auto site = static_cast<std::uint32_t>(plan.sites.size());
        const auto node = static_cast<std::uint32_t>(plan.nodes.size());
        node_of[id] = node;
        plan.nodes.push_back({id, where});
        node_xy.push_back(xy);
        plan.sites.push_back({.id = id,
                              .name = name,
                              .position = where,
                              .zone = zone ? static_cast<std::uint32_t>(*zone) : no_index,
                              .node = node,
                              .first_sector = static_cast<std::uint32_t>(plan.sectors.size()),
                              .sectors = sectors,
                              .added = added});
        for (std::uint32_t s = 0; s < sectors; ++s) {
            plan.sectors.push_back({site, sector_bps, params.voice_channels_per_sector});
        }
    }

    /// Adds a transport link between two named nodes.
    void add_link(const std::string& id, const std::string& from, const std::string& to,
                  const std::string& medium, double capacity_bps, double length_m) {
        const auto a = node_of.find(from);
        const auto b = node_of.find(to);
        if (a == node_of.end() || b == node_of.end()) {
            throw std::invalid_argument(
                fmt::format("backhaul link '{}': '{}' is not a cell site or aggregation node", id,
                            a == node_of.end() ? from : to));
        }
        if (medium != "fibre" && medium != "microwave") {
            throw std::invalid_argument(
                fmt::format("backhaul link '{}': medium '{}' (fibre or microwave)", id, medium));
        }
        const bool fibre = medium == "fibre";
        TransportLink link{.id = id,
                           .a = a->second,
                           .b = b->second,
                           .medium = medium,
                           .capacity_bps = capacity_bps,
                           .length_m = length_m};
        link.latency_s = length_m / (fibre ? 2e8 : 3e8) + hop_latency_s;
        link.failures_per_year = fibre ? params.fibre_cuts_per_100km_per_year * length_m / 100'000.0
                                       : params.microwave_outages_per_year;
        link.repair_s = 3600.0 * (fibre ? params.fibre_repair_h : params.microwave_repair_h);
        plan.links.push_back(std::move(link));
    }

    TelecomPlan& plan;
    const district::District& district;
    const TelecomParams& params;
    std::map<std::string, std::uint32_t> node_of;  ///< by facility or site id
    std::vector<district::XY> node_xy;             ///< where each node stands
};

/// The aggregation nodes (the first is the core) and the district's cell sites.
void add_nodes_and_sites(TopologyBuilder& topology, double default_sector_bps) {
    auto& plan = topology.plan;
    const auto& district = topology.district;
    const auto& data = district.data();
    for (const auto& facility : data.facilities) {
        if (facility.kind != FacilityKind::aggregation_node ||
            topology.node_of.contains(facility.id))
            continue;
        topology.node_of[facility.id] = static_cast<std::uint32_t>(plan.nodes.size());
        plan.nodes.push_back({facility.id, facility.position});
        topology.node_xy.push_back(district.project(facility.position));
    }
    if (plan.nodes.empty()) {
        throw std::invalid_argument(
            "the district has no aggregation_node facility: telecom routes end there");
    }
    plan.core_node = 0;
    for (const auto& facility : data.facilities) {
        if (facility.kind != FacilityKind::cell_site) continue;
        const auto sectors = facility.values.find("sectors");
        const auto capacity = facility.values.find("capacity_mbps_per_sector");
        topology.add_site(
            facility.id, facility.name, facility.position,
            sectors != facility.values.end()
                ? static_cast<std::uint32_t>(std::lround(sectors->second))
                : 3U,
            capacity != facility.values.end() ? capacity->second * 1e6 : default_sector_bps, false);
    }
}

/// The district's backhaul links, then the sites the edits add, each with its link.
void add_links(TopologyBuilder& topology, double default_sector_bps) {
    auto& plan = topology.plan;
    const auto& params = topology.params;
    const auto& data = topology.district.data();
    auto& node_xy = topology.node_xy;
    auto& node_of = topology.node_of;
    for (const auto& link : data.backhaul) {
        topology.add_link(link.id, link.from, link.to, link.medium, link.capacity_mbps * 1e6,
                          link.length_m);
    }
    for (std::size_t k = 0; k < params.added_sites.size(); ++k) {
        const auto& added = params.added_sites[k];
        const std::string id = fmt::format("added-site-{}", k + 1);
        topology.add_site(id, added.name, added.position, added.sectors,
                          added.capacity_mbps_per_sector > 0.0
                              ? added.capacity_mbps_per_sector * 1e6
                              : default_sector_bps,
                          true);
        const auto here = node_xy.back();
        std::string to = added.to;
        if (to.empty()) {
            // The nearest point with fibre: the aggregation node or a site on a fibre link.
            double best = metres(here, node_xy[plan.core_node]);
            to = plan.nodes[plan.core_node].id;
            for (const auto& link : plan.links) {
                if (link.medium != "fibre") continue;
                for (const auto end : {link.a, link.b}) {
                    const double d = metres(here, node_xy[end]);
                    if (d < best) {
                        best = d;
                        to = plan.nodes[end].id;
                    }
                }
            }
        }
        const auto target = node_of.find(to);
        if (target == node_of.end()) {
            throw std::invalid_argument(
                fmt::format("telecom.add_site '{}': to = '{}' is not a cell site or "
                            "aggregation node",
                            added.name, to));
        }
        const double straight = metres(here, node_xy[target->second]);
        topology.add_link("bh-" + id, id, to, added.medium, added.backhaul_mbps * 1e6,
                          added.medium == "fibre" ? road_detour * straight : straight);
    }
}

/// The index of backhaul link `id`; `edit` names the edit in the error.
std::uint32_t link_index(const TelecomPlan& plan, const std::string& id, const char* edit) {
    for (std::uint32_t l = 0; l < plan.links.size(); ++l) {
        if (plan.links[l].id == id) return l;
    }
    throw std::invalid_argument(fmt::format("{}: no backhaul link '{}'", edit, id));
}

/// The index of cell site `id`.
std::uint32_t site_index(const TelecomPlan& plan, const std::string& id) {
    for (std::uint32_t s = 0; s < plan.sites.size(); ++s) {
        if (plan.sites[s].id == id) return s;
    }
    throw std::invalid_argument(fmt::format("no cell site '{}'", id));
}

/// Fibre links the edits move into ducts: their failure rate is the duct's.
void duct_links(TelecomPlan& plan, const TelecomParams& params) {
    for (const auto& id : params.ducted_links) {
        TransportLink& link = plan.links[link_index(plan, id, "telecom.duct")];
        if (link.medium != "fibre") {
            throw std::invalid_argument(
                fmt::format("telecom.duct: link '{}' is {}, not fibre", id, link.medium));
        }
        link.duct = true;
        link.failures_per_year = params.duct_cuts_per_100km_per_year * link.length_m / 100'000.0;
    }
}

/// Coverage by zone: its own sites, and the sites within the coverage radius of its centre.
void add_coverage(TelecomPlan& plan, const district::District& district,
                  const std::vector<district::XY>& node_xy, const TelecomParams& params,
                  const TelecomBuildInputs& inputs) {
    const auto& data = district.data();
    const double radius_m = params.coverage_radius_km * 1000.0;
    plan.zones.resize(data.zones.size());
    for (std::uint32_t z = 0; z < data.zones.size(); ++z) {
        ZoneCoverage& zone = plan.zones[z];
        zone.name = data.zones[z].name;
        zone.residents = data.zones[z].population;
        zone.present_at_start =
            z < inputs.present_at_start.size() ? inputs.present_at_start[z] : zone.residents;
        const auto centre = district.project(data.zones[z].centroid);
        std::vector<std::pair<double, std::uint32_t>> near;
        for (std::uint32_t s = 0; s < plan.sites.size(); ++s) {
            if (plan.sites[s].zone == z) {
                zone.own_sites.push_back(s);
                continue;
            }
            const double d = metres(centre, node_xy[plan.sites[s].node]);
            if (d <= radius_m) near.emplace_back(d, s);
        }
        std::sort(near.begin(), near.end());
        for (const auto& [d, s] : near) zone.nearby_sites.push_back(s);
    }
}

/// Outages: the planned ones (edits), then those drawn from the rates, in time order.
void add_outages(TelecomPlan& plan, const TelecomParams& params, const TelecomBuildInputs& inputs) {
    for (const auto& outage : params.outages) {
        if (outage.until <= outage.at) {
            throw std::invalid_argument(
                fmt::format("telecom outage of '{}': until must be after at", outage.id));
        }
        plan.outages.push_back({.site = outage.site,
                                .index = outage.site
                                             ? site_index(plan, outage.id)
                                             : link_index(plan, outage.id, "telecom.cut_link"),
                                .down = outage.at,
                                .up = outage.until,
                                .random = false});
    }
    if (params.random_failures) {
        for (std::uint32_t l = 0; l < plan.links.size(); ++l) {
            draw_outages(plan.links[l].id, false, l, plan.links[l].failures_per_year,
                         plan.links[l].repair_s, inputs, plan.outages);
        }
        for (std::uint32_t s = 0; s < plan.sites.size(); ++s) {
            draw_outages(plan.sites[s].id, true, s, params.site_outages_per_year,
                         3600.0 * params.site_repair_h, inputs, plan.outages);
        }
    }
    std::stable_sort(plan.outages.begin(), plan.outages.end(),
                     [](const Outage& a, const Outage& b) { return a.down < b.down; });
    // Every start and end, grouped by instant (starts and ends at one instant in outage order,
    // a start before an end).
    std::vector<std::pair<engine::Ticks, OutageStep>> steps;
    steps.reserve(2 * plan.outages.size());
    for (std::uint32_t k = 0; k < plan.outages.size(); ++k) {
        steps.push_back({plan.outages[k].down, {k, true}});
        steps.push_back({plan.outages[k].up, {k, false}});
    }
    std::stable_sort(steps.begin(), steps.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [at, step] : steps) {
        if (plan.outage_instants.empty() || plan.outage_instants.back().at != at)
            plan.outage_instants.push_back({at, {}});
        plan.outage_instants.back().steps.push_back(step);
    }
}

/// Capacity changes (edits), per site, in time order.
void add_capacity_changes(TelecomPlan& plan, const TelecomParams& params) {
    for (const auto& change : params.capacity_changes) {
        if (!(change.capacity_mbps_per_sector > 0.0)) {
            throw std::invalid_argument(
                "telecom.set_capacity: capacity_mbps_per_sector must be > 0");
        }
        if (change.site == "*") {
            for (std::uint32_t s = 0; s < plan.sites.size(); ++s) {
                plan.capacity_changes.push_back(
                    {change.at, s, change.capacity_mbps_per_sector * 1e6});
            }
        } else {
            plan.capacity_changes.push_back(
                {change.at, site_index(plan, change.site), change.capacity_mbps_per_sector * 1e6});
        }
    }
    std::stable_sort(plan.capacity_changes.begin(), plan.capacity_changes.end(),
                     [](const auto& a, const auto& b) { return a.at < b.at; });
}

}  // namespace

std::vector<RouteTree::Edge> TelecomPlan::route_edges() const {
    std::vector<RouteTree::Edge> edges;
    edges.reserve(links.size());
    for (const auto& link : links) edges.push_back({link.a, link.b, link.latency_s});
    return edges;
}

double TelecomPlan::time_of_day_s(engine::Ticks t) const {
    return std::fmod(start_s_of_day + engine::seconds_from_ticks(t), 86'400.0);
}

std::shared_ptr<TelecomPlan> build_telecom_plan(const district::District& district,
                                                traffic::TrafficNetwork& network,
                                                const TelecomParams& params,
                                                const TelecomBuildInputs& inputs) {
    auto plan = std::make_shared<TelecomPlan>();
    plan->params = params;
    plan->start_s_of_day = inputs.start_s_of_day;
    const double default_sector_bps =
        params.bandwidth_mhz * 1e6 * params.spectral_efficiency_bps_per_hz;

    TopologyBuilder topology(*plan, district, params);
    add_nodes_and_sites(topology, default_sector_bps);
    add_links(topology, default_sector_bps);
    duct_links(*plan, params);
    add_coverage(*plan, district, topology.node_xy, params, inputs);
    add_outages(*plan, params, inputs);
    add_capacity_changes(*plan, params);

    network.notice_delay = inputs.notice_delay;
    return plan;
}

}  // namespace tuntas::telecom
