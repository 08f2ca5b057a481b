#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "engine/assert.hpp"
#include "engine/row_table.hpp"
#include "models/telecom/route_tree.hpp"
#include "models/telecom/telecom_datasets.hpp"
#include "models/telecom/telecom_instance.hpp"

// The telecom model's outputs: sector and backhaul load, calls, the data conservation terms,
// blocked calls, the static tables of sites, sectors, links and outages, and the KPIs.
namespace tuntas::telecom {
namespace {

/// Subscribers who lose all service when transport link `cut` fails (everything else up).
std::vector<double> subscribers_cut_off(const TelecomPlan& plan) {
    RouteTree tree(static_cast<std::uint32_t>(plan.nodes.size()), plan.route_edges(),
                   plan.core_node);
    const std::vector<char> nodes_up(plan.nodes.size(), 1);
    const auto reaches = [&](std::uint32_t s) { return tree.reaches(plan.sites[s].node); };
    const auto served = [&](std::size_t z) { return plan.zones[z].served(reaches); };
    std::vector<char> served_normally(plan.zones.size());
    for (std::size_t z = 0; z < plan.zones.size(); ++z) served_normally[z] = served(z) ? 1 : 0;
    std::vector<double> lost(plan.links.size(), 0.0);
    std::vector<char> links_up(plan.links.size(), 1);
    for (std::size_t l = 0; l < plan.links.size(); ++l) {
        links_up[l] = 0;
        tree.rebuild(links_up, nodes_up);
        for (std::size_t z = 0; z < plan.zones.size(); ++z) {
            if (served_normally[z] && !served(z))
                lost[l] += plan.zones[z].residents * plan.params.subscribers_per_person;
        }
        links_up[l] = 1;
    }
    return lost;
}

}  // namespace

TelecomInstance::TelecomInstance(std::shared_ptr<const TelecomPlan> plan,
                                 const CellRegions& regions,
                                 const std::vector<std::vector<std::uint32_t>>& hosted,
                                 std::vector<CellNetworkLp*> lps, engine::Ticks warmup,
                                 std::size_t samples)
    : plan_(std::move(plan)),
      lps_(std::move(lps)),
      cut_off_(subscribers_cut_off(*plan_)),
      sector_utilisation_(0.95, samples * plan_->sectors.size()),
      link_utilisation_(0.95, samples * plan_->links.size()),
      warmup_(warmup) {
    TUNTAS_ASSERT(!lps_.empty() && lps_.size() == hosted.size(), "telecom: LPs and regions differ");
    std::vector<std::uint32_t> lp_of_region(regions.regions.size(), 0);
    for (std::uint32_t k = 0; k < hosted.size(); ++k) {
        for (const auto r : hosted[k]) lp_of_region[r] = k;
    }
    for (const auto r : regions.region_of_site) lp_of_site_.push_back(lp_of_region[r]);
    for (const auto r : regions.home_of_zone) lp_of_zone_.push_back(lp_of_region[r]);
    for (const auto& zone : plan_->zones)
        blank_.push_back(zone.own_sites.empty() && zone.nearby_sites.empty() ? 1 : 0);
    last_offered_.assign(plan_->sectors.size(), 0.0);
    last_carried_.assign(plan_->sectors.size(), 0.0);
    last_link_bits_.assign(plan_->links.size(), 0.0);
}

void TelecomInstance::declare(engine::Recorder& recorder) {
    const std::size_t sectors = plan_->sectors.size();
    const std::size_t links = plan_->links.size();
    const auto& sites = plan_->sites;
    const auto sector_axis = engine::make_axis("sector", sectors, [&](std::size_t s) {
        const auto& sector = plan_->sectors[s];
        return fmt::format("{} sector {}", sites[sector.site].id,
                           s - sites[sector.site].first_sector + 1);
    });
    const auto link_axis =
        engine::make_axis("link", links, [&](std::size_t l) { return plan_->links[l].id; });
    const auto site_axis =
        engine::make_axis("site", sites.size(), [&](std::size_t s) { return sites[s].id; });
    const auto zone_axis = engine::make_axis("zone", plan_->zones.size(),
                                             [&](std::size_t z) { return plan_->zones[z].name; });
    const auto term_axis = engine::make_axis("term", bits_terms, [](std::size_t t) {
        constexpr std::array<const char*, bits_terms> names{"offered", "carried", "shed",
                                                            "in_flight", "no_service"};
        return std::string(names[t]);
    });
    constexpr auto float32 = engine::SeriesPrecision::float32;
    constexpr auto float64 = engine::SeriesPrecision::float64;
    constexpr auto mean = engine::SeriesCell::mean;  // over the sample interval (the rest: points)
    series_.sector_offered_mbps = engine::Series(
        recorder, datasets::sector_offered_mbps, sectors, "Mb/s",
        "data offered at each sector over the last interval (sessions' sizes as they arrived)",
        float32, sector_axis, mean);
    series_.sector_carried_mbps = engine::Series(
        recorder, datasets::sector_carried_mbps, sectors, "Mb/s",
        "data carried by each sector's radio over the last interval", float32, sector_axis, mean);
    series_.sector_utilisation = engine::Series(
        recorder, datasets::sector_utilisation, sectors, "1",
        "carried over the sector's capacity (as planned or set since), over the last interval",
        float32, sector_axis, mean);
    series_.sector_sessions =
        engine::Series(recorder, datasets::sector_sessions, sectors, "sessions",
                       "data sessions under way", float64, sector_axis);
    series_.sector_calls = engine::Series(recorder, datasets::sector_calls, sectors, "channels",
                                          "voice channels busy", float64, sector_axis);
    series_.link_utilisation =
        engine::Series(recorder, datasets::link_utilisation, links, "1",
                       "carried over capacity on each backhaul link, over the last interval",
                       float32, link_axis, mean);
    series_.site_serving = engine::Series(
        recorder, datasets::site_serving, sites.size(), "1",
        "1: the site is up and reaches the core; 0: down or cut off", float64, site_axis);
    series_.zone_served =
        engine::Series(recorder, datasets::zone_served, plan_->zones.size(), "1",
                       "1: the zone has a working site; 0: no service", float64, zone_axis);
    series_.bits = engine::Series(
        recorder, datasets::bits, bits_terms, "Gbit",
        "since the start: offered (sessions), carried, shed (refused or dropped), in "
        "flight, demand without service (offered = carried + shed + in flight)",
        float64, term_axis);
    blocked_calls_.declare(recorder);
    using engine::column;
    engine::write_row_table(
        recorder, datasets::sites, "cell sites", sites.size(),
        column("site", "1", "index", [](std::size_t s) { return s; }),
        column("id", "1", "facility id (added-site-N: an edit)",
               [&](std::size_t s) { return sites[s].id; }),
        column("name", "1", "name", [&](std::size_t s) { return sites[s].name; }),
        column("lon", "deg", "longitude", [&](std::size_t s) { return sites[s].position.lon; }),
        column("lat", "deg", "latitude", [&](std::size_t s) { return sites[s].position.lat; }),
        column("zone", "1", "zone it stands in (-1: none)",
               [&](std::size_t s) {
                   return sites[s].zone == no_index ? std::int64_t{-1}
                                                    : std::int64_t{sites[s].zone};
               }),
        column("sectors", "1", "sectors", [&](std::size_t s) { return sites[s].sectors; }),
        column("first_sector", "1", "its sectors are first_sector + 0..sectors-1",
               [&](std::size_t s) { return sites[s].first_sector; }),
        column("added", "1", "1: added by an edit",
               [&](std::size_t s) { return sites[s].added ? 1 : 0; }));
    engine::write_row_table(
        recorder, datasets::sectors, "radio sectors", sectors,
        column("sector", "1", "index", [](std::size_t s) { return s; }),
        column("site", "1", "its site", [&](std::size_t s) { return plan_->sectors[s].site; }),
        column("capacity_mbps", "Mb/s", "planned capacity",
               [&](std::size_t s) { return plan_->sectors[s].capacity_bps / 1e6; }),
        column("voice_channels", "1", "voice channels",
               [&](std::size_t s) { return plan_->sectors[s].voice_channels; }));
    const auto& transport = plan_->links;
    const auto& nodes = plan_->nodes;
    engine::write_row_table(
        recorder, datasets::links, "backhaul links, with what a failure of each cuts off", links,
        column("link", "1", "index", [](std::size_t l) { return l; }),
        column("id", "1", "backhaul id", [&](std::size_t l) { return transport[l].id; }),
        column("from", "1", "node", [&](std::size_t l) { return nodes[transport[l].a].id; }),
        column("to", "1", "node", [&](std::size_t l) { return nodes[transport[l].b].id; }),
        column("medium", "1", "fibre or microwave",
               [&](std::size_t l) { return transport[l].medium; }),
        column("capacity_mbps", "Mb/s", "capacity",
               [&](std::size_t l) { return transport[l].capacity_bps / 1e6; }),
        column("length_m", "m", "length", [&](std::size_t l) { return transport[l].length_m; }),
        column("duct", "1", "1: fibre in a duct",
               [&](std::size_t l) { return transport[l].duct ? 1 : 0; }),
        column("failures_per_year", "1/year", "cut or outage rate",
               [&](std::size_t l) { return transport[l].failures_per_year; }),
        column("subscribers_cut_off", "subscribers",
               "residents' subscribers left without service when it alone fails",
               [&](std::size_t l) { return cut_off_[l]; }),
        column("from_lon", "deg", "from node longitude",
               [&](std::size_t l) { return nodes[transport[l].a].position.lon; }),
        column("from_lat", "deg", "from node latitude",
               [&](std::size_t l) { return nodes[transport[l].a].position.lat; }),
        column("to_lon", "deg", "to node longitude",
               [&](std::size_t l) { return nodes[transport[l].b].position.lon; }),
        column("to_lat", "deg", "to node latitude",
               [&](std::size_t l) { return nodes[transport[l].b].position.lat; }));
    const auto& outages = plan_->outages;
    engine::write_row_table(
        recorder, datasets::outages,
        "every outage of the run: planned (edits) and drawn from the failure rates", outages.size(),
        column("site", "1", "1: a site, 0: a backhaul link",
               [&](std::size_t k) { return outages[k].site ? 1 : 0; }),
        column("index", "1", "site or link index", [&](std::size_t k) { return outages[k].index; }),
        column("id", "1", "its id",
               [&](std::size_t k) {
                   return outages[k].site ? sites[outages[k].index].id
                                          : transport[outages[k].index].id;
               }),
        column("down_s", "s", "from the start",
               [&](std::size_t k) { return engine::seconds_from_ticks(outages[k].down); }),
        column("up_s", "s", "repaired (may be past the end)",
               [&](std::size_t k) { return engine::seconds_from_ticks(outages[k].up); }),
        column("random", "1", "1: drawn from the rates, 0: an edit",
               [&](std::size_t k) { return outages[k].random ? 1 : 0; }));
}

void TelecomInstance::sample(engine::Ticks time, engine::SampleFrame& frame,
                             engine::Recorder& recorder) {
    const double interval_s = engine::seconds_from_ticks(time - totals_.time);
    const std::size_t sectors = plan_->sectors.size();
    std::vector<double> offered_mbps(sectors), carried_mbps(sectors), utilisation(sectors),
        sessions(sectors), calls(sectors), link_utilisation(plan_->links.size()),
        serving(plan_->sites.size()), served(plan_->zones.size());
    for (std::uint32_t s = 0; s < sectors; ++s) {
        const CellNetworkLp& lp = *lps_[lp_of_site_[plan_->sectors[s].site]];
        const double offered_bits = lp.offered_bits(s);
        const double carried_bits = lp.carried_bits_at(s, time);
        if (interval_s > 0.0) {
            offered_mbps[s] = (offered_bits - last_offered_[s]) / interval_s / 1e6;
            carried_mbps[s] = (carried_bits - last_carried_[s]) / interval_s / 1e6;
            utilisation[s] = carried_mbps[s] * 1e6 / lp.sector_capacity_bps(s);
            sector_utilisation_.add(utilisation[s]);
            if (utilisation[s] > 0.8) busy_sector_s_ += interval_s;
            sector_s_ += interval_s;
        }
        last_offered_[s] = offered_bits;
        last_carried_[s] = carried_bits;
        sessions[s] = lp.active_sessions(s);
        calls[s] = lp.calls_busy_at(s, time);
    }
    for (std::uint32_t l = 0; l < plan_->links.size(); ++l) {
        // A link may carry several LPs' sessions (it never fills then): their sum, in LP order.
        double bits = 0.0;
        for (const CellNetworkLp* lp : lps_) bits += lp->link_bits_at(l, time);
        if (interval_s > 0.0) {
            link_utilisation[l] =
                (bits - last_link_bits_[l]) / interval_s / plan_->links[l].capacity_bps;
            link_utilisation_.add(link_utilisation[l]);
        }
        last_link_bits_[l] = bits;
    }
    // Every LP follows every outage: any of them knows which sites serve.
    for (std::uint32_t s = 0; s < plan_->sites.size(); ++s)
        serving[s] = lps_.front()->site_serving(s) ? 1.0 : 0.0;
    TelecomTotals& totals = totals_;
    totals.failure_person_s = 0.0;
    totals.blank_person_s = 0.0;
    for (std::uint32_t z = 0; z < plan_->zones.size(); ++z) {
        const CellNetworkLp& lp = *lps_[lp_of_zone_[z]];
        served[z] = lp.zone_served(z) ? 1.0 : 0.0;
        (blank_[z] ? totals.blank_person_s : totals.failure_person_s) +=
            lp.no_service_person_s_at(z, time);
    }
    // Totals: the LPs' sums, in LP order.
    std::array<double, bits_terms> bits{};
    totals.sessions_offered = 0.0;
    totals.sessions_refused = 0.0;
    totals.sessions_dropped = 0.0;
    totals.sessions_rerouted = 0.0;
    totals.calls_offered = 0.0;
    totals.calls_blocked = 0.0;
    totals.finished_bits = 0.0;
    totals.finished_s = 0.0;
    std::vector<BlockedCall> blocked;
    for (CellNetworkLp* lp : lps_) {
        bits[offered] += lp->total_offered_bits();
        bits[carried] += lp->total_carried_bits_at(time);
        bits[shed] += lp->total_shed_bits();
        bits[in_flight] += lp->in_flight_bits_at(time);
        bits[no_service] += lp->no_service_bits_at(time);
        totals.sessions_offered += static_cast<double>(lp->sessions_offered());
        totals.sessions_refused += static_cast<double>(lp->sessions_refused());
        totals.sessions_dropped += static_cast<double>(lp->sessions_dropped());
        totals.sessions_rerouted += static_cast<double>(lp->sessions_rerouted());
        totals.calls_offered += static_cast<double>(lp->calls_offered());
        totals.calls_blocked += static_cast<double>(lp->calls_blocked());
        totals.finished_bits += lp->finished_bits();
        totals.finished_s += lp->finished_seconds();
        const auto taken = lp->take_blocked_calls();
        blocked.insert(blocked.end(), taken.begin(), taken.end());
    }
    // In time order, then by sector, however the regions are spread over LPs.
    std::stable_sort(blocked.begin(), blocked.end(), [](const auto& a, const auto& b) {
        return a.at != b.at ? a.at < b.at : a.sector < b.sector;
    });
    conservation_error_bits_ =
        std::max(conservation_error_bits_,
                 std::abs(bits[offered] - bits[carried] - bits[shed] - bits[in_flight]));
    totals.bits = bits;
    totals.time = time;
    for (auto& b : bits) b /= 1e9;
    // The table starts after the warm-up.
    if (time > warmup_) blocked_calls_.append(recorder, blocked);
    frame.set(series_.sector_offered_mbps, std::move(offered_mbps));
    frame.set(series_.sector_carried_mbps, std::move(carried_mbps));
    frame.set(series_.sector_utilisation, std::move(utilisation));
    frame.set(series_.sector_sessions, std::move(sessions));
    frame.set(series_.sector_calls, std::move(calls));
    frame.set(series_.link_utilisation, std::move(link_utilisation));
    frame.set(series_.site_serving, std::move(serving));
    frame.set(series_.zone_served, std::move(served));
    frame.set(series_.bits, {bits.begin(), bits.end()});
}

void TelecomInstance::begin_measurement(engine::Ticks /*time*/) {
    measured_from_ = totals_;
    sector_utilisation_.clear();
    link_utilisation_.clear();
    busy_sector_s_ = 0.0;
    sector_s_ = 0.0;
}

std::vector<engine::Kpi> TelecomInstance::kpis(const engine::RunStats& /*stats*/) const {
    // Flows over the measured span (the end's totals less the warm-up's); stocks at the end.
    const TelecomTotals& from = measured_from_;
    const TelecomTotals& to = totals_;
    const auto bits = [&](BitsTerm term) { return to.bits[term] - from.bits[term]; };
    const double spp = plan_->params.subscribers_per_person;
    double expected = 0.0;
    for (std::size_t l = 0; l < plan_->links.size(); ++l) {
        expected +=
            plan_->links[l].failures_per_year * plan_->links[l].repair_s / 3600.0 * cut_off_[l];
    }
    const double unserved = bits(shed) + bits(no_service);
    const double demand = bits(offered) + bits(no_service);
    std::size_t random_outages = 0;
    std::size_t planned_outages = 0;
    for (const auto& outage : plan_->outages) {
        if (outage.down >= from.time && outage.down < to.time)
            ++(outage.random ? random_outages : planned_outages);
    }
    const double finished_s = to.finished_s - from.finished_s;
    const auto share = [](double part, double whole) { return whole > 0.0 ? part / whole : 0.0; };
    return {
        {"telecom.peak_sector_utilisation", sector_utilisation_.peak(), "1",
         "highest sector utilisation over a sample interval"},
        {"telecom.p95_sector_utilisation", sector_utilisation_.value(), "1",
         "95th percentile of sector utilisation over sector-intervals"},
        {"telecom.sector_hours_over_80pct_share", share(busy_sector_s_, sector_s_), "1",
         "share of sector-hours above 80 % utilisation"},
        {"telecom.peak_backhaul_utilisation", link_utilisation_.peak(), "1",
         "highest backhaul link utilisation over a sample interval"},
        {"telecom.p95_backhaul_utilisation", link_utilisation_.value(), "1",
         "95th percentile of backhaul utilisation over link-intervals"},
        {"telecom.demand_gb", demand / 8e9, "GB",
         "data asked for: sessions offered plus demand without service"},
        {"telecom.carried_gb", bits(carried) / 8e9, "GB", "data carried"},
        {"telecom.unserved_gb", unserved / 8e9, "GB",
         "refused or dropped sessions' data plus the demand of people without service"},
        {"telecom.unserved_share", share(unserved, demand), "1", "unserved over demand"},
        {"telecom.sessions_refused_share",
         share(to.sessions_refused - from.sessions_refused,
               to.sessions_offered - from.sessions_offered),
         "1",
         fmt::format("sessions refused because a link could not give {} Mb/s to each",
                     plan_->params.min_session_rate_mbps)},
        {"telecom.mean_session_throughput_mbps",
         finished_s > 0 ? (to.finished_bits - from.finished_bits) / finished_s / 1e6 : 0.0, "Mb/s",
         "finished sessions' bits over their durations"},
        {"telecom.call_blocking",
         share(to.calls_blocked - from.calls_blocked, to.calls_offered - from.calls_offered), "1",
         "calls that found every channel busy"},
        {"telecom.calls_offered", to.calls_offered - from.calls_offered, "calls",
         "voice calls attempted"},
        {"telecom.no_service_subscriber_hours",
         (to.failure_person_s - from.failure_person_s) * spp / 3600.0, "subscriber-h",
         "subscribers present in zones left without service by outages"},
        {"telecom.blank_spot_subscriber_hours",
         (to.blank_person_s - from.blank_person_s) * spp / 3600.0, "subscriber-h",
         "subscribers present in zones no site covers"},
        {"telecom.outages_random", static_cast<double>(random_outages), "outages",
         "link and site outages drawn from the failure rates"},
        {"telecom.outages_planned", static_cast<double>(planned_outages), "outages",
         "outages from edits"},
        {"telecom.sessions_rerouted", to.sessions_rerouted - from.sessions_rerouted, "sessions",
         "sessions moved to another route by an outage"},
        {"telecom.sessions_dropped", to.sessions_dropped - from.sessions_dropped, "sessions",
         "sessions cut by an outage with no route left"},
        {"telecom.expected_cut_subscriber_hours_per_year", expected, "subscriber-h/year",
         "sum over backhaul links of failures per year x repair hours x residents' subscribers cut "
         "off"},
        {"telecom.in_flight_gb_at_end", to.bits[in_flight] / 8e9, "GB",
         "data of the sessions still in progress when the run ended (offered, not carried yet)"},
        {"telecom.conservation_error_gbit", conservation_error_bits_ / 1e9, "Gbit",
         "largest |offered - (carried + shed + in flight)| over the samples"},
    };
}

}  // namespace tuntas::telecom
