#include "models/telecom/cell_regions.hpp"

#include <algorithm>
#include <numeric>

#include <boost/pending/disjoint_sets.hpp>

#include "engine/assert.hpp"
#include "models/telecom/outage_state.hpp"

namespace tuntas::telecom {
namespace {

/// A link that could fill: the radio it may carry is not clearly below its capacity (the
/// margin keeps round-off in the rates from ever filling a link this calls free).
bool can_fill(double radio_bps, double capacity_bps) {
    return radio_bps > capacity_bps * (1.0 - 1e-6);
}

/// Each site's radio capacity at the most: its sectors' planned capacity, or the highest a
/// capacity edit gives them.
std::vector<double> most_radio_bps(const TelecomPlan& plan) {
    std::vector<double> edited(plan.sites.size(), 0.0);
    for (const auto& change : plan.capacity_changes)
        edited[change.site] = std::max(edited[change.site], change.capacity_bps);
    std::vector<double> bps(plan.sites.size(), 0.0);
    for (const auto& sector : plan.sectors)
        bps[sector.site] += std::max(sector.capacity_bps, edited[sector.site]);
    return bps;
}

/// The zones' home regions and each region's zones and share of `expected_events`.
void add_zones(const TelecomPlan& plan, const std::vector<double>& zone_weights,
               double expected_events, CellRegions& out) {
    const auto region_count = out.regions.size();
    std::vector<double> weight(region_count, 0.0);
    out.home_of_zone.assign(plan.zones.size(), 0);
    for (std::uint32_t z = 0; z < plan.zones.size(); ++z) {
        const ZoneCoverage& zone = plan.zones[z];
        if (!zone.own_sites.empty()) {
            out.home_of_zone[z] = out.region_of_site[zone.own_sites.front()];
        } else if (!zone.nearby_sites.empty()) {
            out.home_of_zone[z] = out.region_of_site[zone.nearby_sites.front()];
        }
        out.regions[out.home_of_zone[z]].zones.push_back(z);
        for (const auto* sites : {&zone.own_sites, &zone.nearby_sites}) {
            for (const auto s : *sites) out.regions[out.region_of_site[s]].zones.push_back(z);
        }
        // Its people's demand, shared by the sectors that serve it when all works.
        const auto& serving = zone.own_sites.empty() ? zone.nearby_sites : zone.own_sites;
        double sectors = 0.0;
        for (const auto s : serving) sectors += plan.sites[s].sectors;
        const double people = z < zone_weights.size() ? zone_weights[z] : zone.present_at_start;
        for (const auto s : serving)
            weight[out.region_of_site[s]] += people * plan.sites[s].sectors / sectors;
    }
    const double total = std::accumulate(weight.begin(), weight.end(), 0.0);
    for (std::size_t r = 0; r < region_count; ++r) {
        CellRegion& region = out.regions[r];
        std::sort(region.zones.begin(), region.zones.end());
        region.zones.erase(std::unique(region.zones.begin(), region.zones.end()),
                           region.zones.end());
        region.expected_events = total > 0.0 ? expected_events * weight[r] / total
                                             : expected_events / static_cast<double>(region_count);
    }
}

}  // namespace

CellRegions one_cell_region(const TelecomPlan& plan) {
    CellRegions out;
    CellRegion whole{.key = "telecom/cells"};
    whole.sites.resize(plan.sites.size());
    std::iota(whole.sites.begin(), whole.sites.end(), 0U);
    out.regions.push_back(std::move(whole));
    out.region_of_site.assign(plan.sites.size(), 0);
    add_zones(plan, {}, 1.0, out);
    return out;
}

CellRegions split_cell_regions(const TelecomPlan& plan, const std::vector<double>& zone_weights,
                               double expected_events) {
    const std::size_t site_count = plan.sites.size();
    const std::vector<double> radio_bps = most_radio_bps(plan);
    std::vector<std::uint32_t> rank(site_count, 0);
    std::vector<std::uint32_t> parent(site_count, 0);
    boost::disjoint_sets<std::uint32_t*, std::uint32_t*> classes(rank.data(), parent.data());
    for (std::uint32_t s = 0; s < site_count; ++s) classes.make_set(s);

    // Every state the network takes: as planned, then after each outage instant.
    OutageState state(plan);
    std::vector<std::vector<std::uint32_t>> path(site_count);
    std::vector<double> radio_on_link(plan.links.size(), 0.0);
    std::vector<std::uint32_t> first_site_on(plan.links.size(), 0);
    const auto join_through_full_links = [&] {
        std::fill(radio_on_link.begin(), radio_on_link.end(), 0.0);
        for (std::uint32_t s = 0; s < site_count; ++s) {
            path[s].clear();
            if (!state.site_serving(s)) continue;
            state.routes().append_path(plan.sites[s].node, path[s]);
            for (const auto l : path[s]) radio_on_link[l] += radio_bps[s];
        }
        std::fill(first_site_on.begin(), first_site_on.end(), no_index);
        for (std::uint32_t s = 0; s < site_count; ++s) {
            for (const auto l : path[s]) {
                if (!can_fill(radio_on_link[l], plan.links[l].capacity_bps)) continue;
                if (first_site_on[l] == no_index) {
                    first_site_on[l] = s;
                } else {
                    classes.union_set(first_site_on[l], s);
                }
            }
        }
    };
    join_through_full_links();
    for (const OutageInstant& instant : plan.outage_instants) {
        state.apply(instant);
        join_through_full_links();
    }

    // Regions numbered by their first site.
    CellRegions out;
    out.region_of_site.assign(site_count, no_index);
    std::vector<std::uint32_t> region_of_class(site_count, no_index);
    for (std::uint32_t s = 0; s < site_count; ++s) {
        const std::uint32_t root = classes.find_set(s);
        if (region_of_class[root] == no_index) {
            region_of_class[root] = static_cast<std::uint32_t>(out.regions.size());
            out.regions.push_back({.key = "telecom/cells/" + plan.sites[s].id});
        }
        out.region_of_site[s] = region_of_class[root];
        out.regions[region_of_class[root]].sites.push_back(s);
    }
    if (out.regions.empty()) out.regions.push_back({.key = "telecom/cells"});
    add_zones(plan, zone_weights, expected_events, out);
    return out;
}

std::vector<std::vector<std::uint32_t>> pack_cell_regions(const CellRegions& regions,
                                                          std::uint32_t lp_count) {
    TUNTAS_ASSERT(lp_count > 0, "pack_cell_regions: no LP to pack into");
    const auto count = regions.regions.size();
    double total = 0.0;
    for (const auto& region : regions.regions) total += region.expected_events;
    std::vector<std::vector<std::uint32_t>> packed;
    std::size_t last_block = 0;
    double before = 0.0;
    for (std::uint32_t r = 0; r < count; ++r) {
        const double events = regions.regions[r].expected_events;
        // The block its midpoint falls in (equal shares of the regions when none has events).
        const double midpoint =
            total > 0.0 ? (before + events / 2.0) / total : (r + 0.5) / static_cast<double>(count);
        const auto block = std::min<std::size_t>(
            lp_count - 1, static_cast<std::size_t>(midpoint * static_cast<double>(lp_count)));
        if (packed.empty() || block != last_block) packed.emplace_back();
        packed.back().push_back(r);
        last_block = block;
        before += events;
    }
    return packed;
}

}  // namespace tuntas::telecom
