#include "scenarios/telecom_plugin.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include <fmt/format.h>

#include "engine/row_event_table.hpp"
#include "engine/row_table.hpp"
#include "models/telecom/cell_network_lp.hpp"
#include "models/telecom/route_tree.hpp"
#include "models/telecom/telecom_builder.hpp"
#include "scenarios/param_bindings.hpp"
#include "scenarios/scenario_error.hpp"

namespace tuntas::scenarios {
namespace {

constexpr const char* section_name = "telecom";

/// Locality group of the telecom LP: it talks to itself only, and hears traffic's presence
/// notices with the lookahead.
constexpr std::uint32_t telecom_group = 0x3000'0000U;

/// The terms of the `bits` series, in order.
enum BitsTerm : std::size_t { offered, carried, shed, in_flight, no_service, bits_terms };

/// The `q` quantile (0..1) of `values` (the smallest value with at least that share at or
/// below it), by nth_element on a copy.
double quantile(std::vector<double> values, double q) {
    if (values.empty()) return 0.0;
    const auto k = static_cast<std::size_t>(std::ceil(q * static_cast<double>(values.size()))) - 1;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
    return values[k];
}

/// Subscribers who lose all service when transport link `cut` fails (everything else up).
std::vector<double> subscribers_cut_off(const telecom::TelecomPlan& plan) {
    telecom::RouteTree tree(static_cast<std::uint32_t>(plan.nodes.size()), plan.route_edges(), plan.core_node);
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
            if (served_normally[z] && !served(z)) lost[l] += plan.zones[z].residents * plan.params.subscribers_per_person;
        }
        links_up[l] = 1;
    }
    return lost;
}

class TelecomInstance final : public ModelInstance {
public:
    TelecomInstance(std::shared_ptr<const telecom::TelecomPlan> plan, const engine::Simulation& simulation)
        : plan_(std::move(plan)), simulation_(&simulation), cut_off_(subscribers_cut_off(*plan_)) {
        for (const auto& zone : plan_->zones) blank_.push_back(zone.own_sites.empty() && zone.nearby_sites.empty() ? 1 : 0);
        last_offered_.assign(plan_->sectors.size(), 0.0);
        last_carried_.assign(plan_->sectors.size(), 0.0);
        last_link_bits_.assign(plan_->links.size(), 0.0);
    }

    void declare(engine::Recorder& recorder) override {
        const std::size_t sectors = plan_->sectors.size();
        const std::size_t links = plan_->links.size();
        recorder.add_series({section_name, "sector_offered_mbps", sectors, "Mb/s",
                             "data offered at each sector over the last interval (sessions' sizes as they arrived)"});
        recorder.add_series({section_name, "sector_carried_mbps", sectors, "Mb/s",
                             "data carried by each sector's radio over the last interval"});
        recorder.add_series({section_name, "sector_utilisation", sectors, "1",
                             "carried over the sector's capacity (as planned or set since), over the last interval"});
        recorder.add_series({section_name, "sector_sessions", sectors, "sessions", "data sessions under way"});
        recorder.add_series({section_name, "sector_calls", sectors, "channels", "voice channels busy"});
        recorder.add_series({section_name, "link_utilisation", links, "1",
                             "carried over capacity on each backhaul link, over the last interval"});
        recorder.add_series({section_name, "site_serving", plan_->sites.size(), "1",
                             "1: the site is up and reaches the core; 0: down or cut off"});
        recorder.add_series({section_name, "zone_served", plan_->zones.size(), "1",
                             "1: the zone has a working site; 0: no service"});
        recorder.add_series({section_name, "bits", bits_terms, "Gbit",
                             "since the start: offered (sessions), carried, shed (refused or dropped), in "
                             "flight, demand without service (offered = carried + shed + in flight)"});
        blocked_calls_.declare(recorder);
        using engine::column;
        const auto& sites = plan_->sites;
        engine::write_row_table(
            recorder, section_name, "sites", "cell sites", sites.size(),
            column("site", "1", "index", [](std::size_t s) { return s; }),
            column("id", "1", "facility id (added-site-N: an edit)", [&](std::size_t s) { return sites[s].id; }),
            column("name", "1", "name", [&](std::size_t s) { return sites[s].name; }),
            column("lon", "deg", "longitude", [&](std::size_t s) { return sites[s].position.lon; }),
            column("lat", "deg", "latitude", [&](std::size_t s) { return sites[s].position.lat; }),
            column("zone", "1", "zone it stands in (-1: none)", [&](std::size_t s) {
                return sites[s].zone == telecom::no_index ? std::int64_t{-1} : std::int64_t{sites[s].zone};
            }),
            column("sectors", "1", "sectors", [&](std::size_t s) { return sites[s].sectors; }),
            column("first_sector", "1", "its sectors are first_sector + 0..sectors-1",
                   [&](std::size_t s) { return sites[s].first_sector; }),
            column("added", "1", "1: added by an edit", [&](std::size_t s) { return sites[s].added ? 1 : 0; }));
        engine::write_row_table(
            recorder, section_name, "sectors", "radio sectors", sectors,
            column("sector", "1", "index", [](std::size_t s) { return s; }),
            column("site", "1", "its site", [&](std::size_t s) { return plan_->sectors[s].site; }),
            column("capacity_mbps", "Mb/s", "planned capacity", [&](std::size_t s) { return plan_->sectors[s].capacity_bps / 1e6; }),
            column("voice_channels", "1", "voice channels", [&](std::size_t s) { return plan_->sectors[s].voice_channels; }));
        const auto& transport = plan_->links;
        const auto& nodes = plan_->nodes;
        engine::write_row_table(
            recorder, section_name, "links", "backhaul links, with what a failure of each cuts off", links,
            column("link", "1", "index", [](std::size_t l) { return l; }),
            column("id", "1", "backhaul id", [&](std::size_t l) { return transport[l].id; }),
            column("from", "1", "node", [&](std::size_t l) { return nodes[transport[l].a].id; }),
            column("to", "1", "node", [&](std::size_t l) { return nodes[transport[l].b].id; }),
            column("medium", "1", "fibre or microwave", [&](std::size_t l) { return transport[l].medium; }),
            column("capacity_mbps", "Mb/s", "capacity", [&](std::size_t l) { return transport[l].capacity_bps / 1e6; }),
            column("length_m", "m", "length", [&](std::size_t l) { return transport[l].length_m; }),
            column("duct", "1", "1: fibre in a duct", [&](std::size_t l) { return transport[l].duct ? 1 : 0; }),
            column("failures_per_year", "1/year", "cut or outage rate", [&](std::size_t l) { return transport[l].failures_per_year; }),
            column("subscribers_cut_off", "subscribers", "residents' subscribers left without service when it alone fails",
                   [&](std::size_t l) { return cut_off_[l]; }),
            column("from_lon", "deg", "from node longitude", [&](std::size_t l) { return nodes[transport[l].a].position.lon; }),
            column("from_lat", "deg", "from node latitude", [&](std::size_t l) { return nodes[transport[l].a].position.lat; }),
            column("to_lon", "deg", "to node longitude", [&](std::size_t l) { return nodes[transport[l].b].position.lon; }),
            column("to_lat", "deg", "to node latitude", [&](std::size_t l) { return nodes[transport[l].b].position.lat; }));
        const auto& outages = plan_->outages;
        engine::write_row_table(
            recorder, section_name, "outages", "every outage of the run: planned (edits) and drawn from the failure rates",
            outages.size(),
            column("site", "1", "1: a site, 0: a backhaul link", [&](std::size_t k) { return outages[k].site ? 1 : 0; }),
            column("index", "1", "site or link index", [&](std::size_t k) { return outages[k].index; }),
            column("id", "1", "its id", [&](std::size_t k) {
                return outages[k].site ? sites[outages[k].index].id : transport[outages[k].index].id;
            }),
            column("down_s", "s", "from the start", [&](std::size_t k) { return engine::seconds_from_ticks(outages[k].down); }),
            column("up_s", "s", "repaired (may be past the end)", [&](std::size_t k) { return engine::seconds_from_ticks(outages[k].up); }),
            column("random", "1", "1: drawn from the rates, 0: an edit", [&](std::size_t k) { return outages[k].random ? 1 : 0; }));
    }

    void sample(engine::Ticks time, std::vector<std::vector<double>>& values,
                engine::Recorder& recorder) override {
        auto& lp = network();
        const double interval_s = engine::seconds_from_ticks(time - last_time_);
        const std::size_t sectors = plan_->sectors.size();
        std::vector<double> offered_mbps(sectors), carried_mbps(sectors), utilisation(sectors), sessions(sectors),
            calls(sectors), link_utilisation(plan_->links.size()), serving(plan_->sites.size()),
            served(plan_->zones.size());
        for (std::uint32_t s = 0; s < sectors; ++s) {
            const double offered_bits = lp.offered_bits(s);
            const double carried_bits = lp.carried_bits_at(s, time);
            if (interval_s > 0.0) {
                offered_mbps[s] = (offered_bits - last_offered_[s]) / interval_s / 1e6;
                carried_mbps[s] = (carried_bits - last_carried_[s]) / interval_s / 1e6;
                utilisation[s] = carried_mbps[s] * 1e6 / lp.sector_capacity_bps(s);
                sector_utilisation_.push_back(utilisation[s]);
                if (utilisation[s] > 0.8) busy_sector_s_ += interval_s;
                sector_s_ += interval_s;
            }
            last_offered_[s] = offered_bits;
            last_carried_[s] = carried_bits;
            sessions[s] = lp.active_sessions(s);
            calls[s] = lp.calls_busy_at(s, time);
        }
        for (std::uint32_t l = 0; l < plan_->links.size(); ++l) {
            const double bits = lp.link_bits_at(l, time);
            if (interval_s > 0.0) {
                link_utilisation[l] = (bits - last_link_bits_[l]) / interval_s / plan_->links[l].capacity_bps;
                link_utilisation_.push_back(link_utilisation[l]);
            }
            last_link_bits_[l] = bits;
        }
        for (std::uint32_t s = 0; s < plan_->sites.size(); ++s) serving[s] = lp.site_serving(s) ? 1.0 : 0.0;
        failure_person_s_ = 0.0;
        blank_person_s_ = 0.0;
        for (std::uint32_t z = 0; z < plan_->zones.size(); ++z) {
            served[z] = lp.zone_served(z) ? 1.0 : 0.0;
            (blank_[z] ? blank_person_s_ : failure_person_s_) += lp.no_service_person_s_at(z, time);
        }
        std::array<double, bits_terms> bits{};
        bits[offered] = lp.total_offered_bits();
        bits[carried] = lp.total_carried_bits_at(time);
        bits[shed] = lp.total_shed_bits();
        bits[in_flight] = lp.in_flight_bits_at(time);
        bits[no_service] = lp.no_service_bits_at(time);
        conservation_error_bits_ = std::max(conservation_error_bits_,
                                            std::abs(bits[offered] - bits[carried] - bits[shed] - bits[in_flight]));
        last_bits_ = bits;
        for (auto& b : bits) b /= 1e9;
        blocked_calls_.append(recorder, lp.take_blocked_calls());
        last_time_ = time;
        values.push_back(std::move(offered_mbps));
        values.push_back(std::move(carried_mbps));
        values.push_back(std::move(utilisation));
        values.push_back(std::move(sessions));
        values.push_back(std::move(calls));
        values.push_back(std::move(link_utilisation));
        values.push_back(std::move(serving));
        values.push_back(std::move(served));
        values.emplace_back(bits.begin(), bits.end());
    }

    [[nodiscard]] std::vector<engine::Kpi> kpis(const engine::RunStats& /*stats*/) const override {
        const telecom::CellNetworkLp& lp = network();
        const double spp = plan_->params.subscribers_per_person;
        double expected = 0.0;
        for (std::size_t l = 0; l < plan_->links.size(); ++l) {
            expected += plan_->links[l].failures_per_year * plan_->links[l].repair_s / 3600.0 * cut_off_[l];
        }
        const auto peak = [](const std::vector<double>& v) { return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end()); };
        const double unserved = last_bits_[shed] + last_bits_[no_service];
        const double demand = last_bits_[offered] + last_bits_[no_service];
        std::size_t random_outages = 0;
        std::size_t planned_outages = 0;
        for (const auto& outage : plan_->outages) {
            if (outage.down < last_time_) ++(outage.random ? random_outages : planned_outages);
        }
        const auto share = [](double part, double whole) { return whole > 0.0 ? part / whole : 0.0; };
        return {
            {"telecom.peak_sector_utilisation", peak(sector_utilisation_), "1",
             "highest sector utilisation over a sample interval"},
            {"telecom.p95_sector_utilisation", quantile(sector_utilisation_, 0.95), "1",
             "95th percentile of sector utilisation over sector-intervals"},
            {"telecom.sector_hours_over_80pct_share", share(busy_sector_s_, sector_s_), "1",
             "share of sector-hours above 80 % utilisation"},
            {"telecom.peak_backhaul_utilisation", peak(link_utilisation_), "1",
             "highest backhaul link utilisation over a sample interval"},
            {"telecom.p95_backhaul_utilisation", quantile(link_utilisation_, 0.95), "1",
             "95th percentile of backhaul utilisation over link-intervals"},
            {"telecom.demand_gb", demand / 8e9, "GB", "data asked for: sessions offered plus demand without service"},
            {"telecom.carried_gb", last_bits_[carried] / 8e9, "GB", "data carried"},
            {"telecom.unserved_gb", unserved / 8e9, "GB",
             "refused or dropped sessions' data plus the demand of people without service"},
            {"telecom.unserved_share", share(unserved, demand), "1", "unserved over demand"},
            {"telecom.sessions_refused_share", share(static_cast<double>(lp.sessions_refused()), static_cast<double>(lp.sessions_offered())),
             "1", fmt::format("sessions refused because a link could not give {} Mb/s to each",
                              plan_->params.min_session_rate_mbps)},
            {"telecom.mean_session_throughput_mbps", lp.finished_seconds() > 0 ? lp.finished_bits() / lp.finished_seconds() / 1e6 : 0.0,
             "Mb/s", "finished sessions' bits over their durations"},
            {"telecom.call_blocking", share(static_cast<double>(lp.calls_blocked()), static_cast<double>(lp.calls_offered())), "1",
             "calls that found every channel busy"},
            {"telecom.calls_offered", static_cast<double>(lp.calls_offered()), "calls", "voice calls attempted"},
            {"telecom.no_service_subscriber_hours", failure_person_s_ * spp / 3600.0, "subscriber-h",
             "subscribers present in zones left without service by outages"},
            {"telecom.blank_spot_subscriber_hours", blank_person_s_ * spp / 3600.0, "subscriber-h",
             "subscribers present in zones no site covers"},
            {"telecom.outages_random", static_cast<double>(random_outages), "outages",
             "link and site outages drawn from the failure rates"},
            {"telecom.outages_planned", static_cast<double>(planned_outages), "outages", "outages from edits"},
            {"telecom.sessions_rerouted", static_cast<double>(lp.sessions_rerouted()), "sessions",
             "sessions moved to another route by an outage"},
            {"telecom.sessions_dropped", static_cast<double>(lp.sessions_dropped()), "sessions",
             "sessions cut by an outage with no route left"},
            {"telecom.expected_cut_subscriber_hours_per_year", expected, "subscriber-h/year",
             "sum over backhaul links of failures per year x repair hours x residents' subscribers cut off"},
            {"telecom.conservation_error_gbit", conservation_error_bits_ / 1e9, "Gbit",
             "largest |offered - (carried + shed + in flight)| over the samples"},
        };
    }

private:
    /// The model's LP. Between windows the model may read it (and drain its blocked-call log).
    [[nodiscard]] telecom::CellNetworkLp& network() const {
        return const_cast<telecom::CellNetworkLp&>(dynamic_cast<const telecom::CellNetworkLp&>(simulation_->lp(plan_->lp)));
    }

    std::shared_ptr<const telecom::TelecomPlan> plan_;
    const engine::Simulation* simulation_;
    std::vector<double> cut_off_;
    std::vector<char> blank_;  ///< per zone: no site covers it at all (a blank spot)
    engine::RowEventTable<telecom::BlockedCall> blocked_calls_{
        section_name, "blocked_calls", "every voice call that found all channels busy",
        engine::column("time_s", "s", "when",
                       [](const telecom::BlockedCall& call) { return engine::seconds_from_ticks(call.at); }),
        engine::column("sector", "1", "sector index", [](const telecom::BlockedCall& call) { return call.sector; })};
    std::vector<double> last_offered_;
    std::vector<double> last_carried_;
    std::vector<double> last_link_bits_;
    std::vector<double> sector_utilisation_;
    std::vector<double> link_utilisation_;
    double busy_sector_s_{0.0};
    double sector_s_{0.0};
    double failure_person_s_{0.0};
    double blank_person_s_{0.0};
    double conservation_error_bits_{0.0};
    std::array<double, bits_terms> last_bits_{};
    engine::Ticks last_time_{0};
};

/// [telecom]'s keys, each bound to its TelecomParams field.
const ParamBindings<telecom::TelecomParams>& telecom_keys() {
    using P = telecom::TelecomParams;
    static const ParamBindings<P> keys = ParamBindings<P>()
        .real("subscribers_per_person", &P::subscribers_per_person, "1/person", 0.0, 5.0,
              "SIMs per inhabitant (1.1, paser-facts 3 estimate)")
        .real("gb_per_subscriber_per_month", &P::gb_per_subscriber_per_month, "GB/month", 0.0, 1000.0,
              "data per subscriber (12: Indosat 2023, 14,417 PB / 100 M subscribers / 12, paser-facts 3)")
        .real("session_mean_mb", &P::session_mean_mb, "MB", 0.01, 10'000.0,
              "mean data session (assumption: a stretch of use, a video or a download)")
        .real("session_size_cv", &P::session_size_cv, "1", 0.0, 10.0,
              "coefficient of variation of the lognormal session sizes (assumption)")
        .real("min_session_rate_mbps", &P::min_session_rate_mbps, "Mb/s", 0.0, 1000.0,
              "a session is refused when a link of its route could not give each session this "
              "much (admission control; assumption)")
        .real("calls_per_subscriber_per_day", &P::calls_per_subscriber_per_day, "1/day", 0.0, 100.0,
              "voice calls (assumption)")
        .real("call_mean_s", &P::call_mean_s, "s", 1.0, 36'000.0,
              "mean call holding time, exponential (assumption)")
        .integer("voice_channels_per_sector", &P::voice_channels_per_sector, "channels", 1.0, 1000.0,
                 "voice channels (assumption: 2 GSM TRX)")
        .real("coverage_radius_km", &P::coverage_radius_km, "km", 0.0, 50.0,
              "a zone without a working site of its own is served by working sites this close to "
              "its centre (assumption; 3.6 km would cover the blank spot Selengot)")
        .duration("demand_step", &P::demand_step, 1.0, 86'400.0,
                  "how often demand follows presence and the hour")
        .real("bandwidth_mhz", &P::bandwidth_mhz, "MHz", 0.1, 1000.0,
              "an added site's carrier per sector (paser-facts 3: 20 MHz)")
        .real("spectral_efficiency_bps_per_hz", &P::spectral_efficiency_bps_per_hz, "b/s/Hz", 0.01, 30.0,
              "an added site's (2.7: Holma & Toskala, paser-facts 3)")
        .boolean("random_failures", &P::random_failures,
                 "draw link and site outages from the rates below (each element its own stream)")
        .real("fibre_cuts_per_100km_per_year", &P::fibre_cuts_per_100km_per_year, "1/(100 km year)", 0.0, 1000.0,
              "fibre along roads (assumption)")
        .real("duct_cuts_per_100km_per_year", &P::duct_cuts_per_100km_per_year, "1/(100 km year)", 0.0, 1000.0,
              "fibre in a duct or utility tunnel (assumption: a tenth)")
        .real("fibre_repair_h", &P::fibre_repair_h, "h", 0.0, 1000.0,
              "mean time to repair a cut, exponential (assumption)")
        .real("microwave_outages_per_year", &P::microwave_outages_per_year, "1/year", 0.0, 1000.0,
              "per microwave hop (assumption)")
        .real("microwave_repair_h", &P::microwave_repair_h, "h", 0.0, 1000.0,
              "(assumption)")
        .real("site_outages_per_year", &P::site_outages_per_year, "1/year", 0.0, 1000.0,
              "per site: power cuts past the batteries (assumption)")
        .real("site_repair_h", &P::site_repair_h, "h", 0.0, 1000.0,
              "(assumption)");
    return keys;
}

class TelecomPlugin final : public ModelPlugin {
public:
    [[nodiscard]] SectionSpec section() const override {
        return {section_name,
                "mobile network load: cell sectors and backhaul shared max-min fairly by data sessions, "
                "voice channels, demand that follows traffic's people, outages",
                telecom_keys().specs()};
    }

    [[nodiscard]] std::vector<EditKindSpec> edit_kinds() const override {
        return {{"telecom.cut_link", "from `at` until `until`, a backhaul link carries nothing (a fibre cut)",
                 {{"link", ValueType::text, "1", {}, {}, {}, "its id in backhaul.geojson"},
                  {"until", ValueType::duration, "s", 0.0, {}, {}, "when it is repaired, from the start"}}},
                {"telecom.site_down", "from `at` until `until`, a cell site is off the air",
                 {{"site", ValueType::text, "1", {}, {}, {}, "its id in facilities.geojson (or added-site-N)"},
                  {"until", ValueType::duration, "s", 0.0, {}, {}, "when it is back, from the start"}}},
                {"telecom.add_site", "before the run: a new cell site with its backhaul (id added-site-N)",
                 {{"name", ValueType::text, "1", {}, {}, std::string{"added site"}, "its name"},
                  {"lon", ValueType::real, "deg", -180.0, 180.0, {}, "longitude"},
                  {"lat", ValueType::real, "deg", -90.0, 90.0, {}, "latitude"},
                  {"sectors", ValueType::integer, "1", 1.0, 12.0, std::int64_t{3}, "sectors"},
                  {"capacity_mbps_per_sector", ValueType::real, "Mb/s", 0.0, 100'000.0, 0.0,
                   "0: bandwidth_mhz x spectral_efficiency_bps_per_hz"},
                  {"backhaul", ValueType::text, "1", {}, {}, std::string{"fibre"}, "fibre or microwave"},
                  {"backhaul_mbps", ValueType::real, "Mb/s", 1.0, 1e6, 10'000.0, "its backhaul capacity"},
                  {"to", ValueType::text, "1", {}, {}, std::string{}, 
                   "the site or aggregation node it links to (empty: the nearest with fibre)"}}},
                {"telecom.set_capacity", "from `at` on, a site's sectors (site = \"*\": every site's) have this capacity",
                 {{"site", ValueType::text, "1", {}, {}, {}, "site id, or \"*\""},
                  {"capacity_mbps_per_sector", ValueType::real, "Mb/s", 0.001, 100'000.0, {}, "the new capacity"}}},
                {"telecom.duct", "before the run: a fibre link moves into a duct (duct_cuts_per_100km_per_year)",
                 {{"link", ValueType::text, "1", {}, {}, {}, "its id in backhaul.geojson"}}}};
    }

    [[nodiscard]] std::unique_ptr<ModelInstance> assemble(const SectionValues& values,
                                                          const std::vector<const Edit*>& edits,
                                                          Assembly& assembly) const override {
        const Scenario& scenario = assembly.scenario;
        const auto fail = [&](const std::string& message) {
            return ScenarioError({Diagnostic{scenario.file.string(), 0, 0, message}});
        };
        if (assembly.traffic_network == nullptr || assembly.district == nullptr) {
            throw fail("[telecom] needs [traffic] in the same scenario: demand follows its people");
        }
        telecom::TelecomParams params;
        telecom_keys().read(values, params);
        for (const Edit* edit : edits) {
            if (edit->kind == "telecom.cut_link") {
                params.outages.push_back({false, edit->values.text("link"), edit->at, edit->values.duration("until")});
            } else if (edit->kind == "telecom.site_down") {
                params.outages.push_back({true, edit->values.text("site"), edit->at, edit->values.duration("until")});
            } else if (edit->kind == "telecom.add_site") {
                params.added_sites.push_back(
                    {.name = edit->values.text("name"),
                     .position = {edit->values.real("lon"), edit->values.real("lat")},
                     .sectors = static_cast<std::uint32_t>(edit->values.integer("sectors")),
                     .capacity_mbps_per_sector = edit->values.real("capacity_mbps_per_sector"),
                     .medium = edit->values.text("backhaul"),
                     .backhaul_mbps = edit->values.real("backhaul_mbps"),
                     .to = edit->values.text("to")});
            } else if (edit->kind == "telecom.set_capacity") {
                params.capacity_changes.push_back(
                    {edit->at, edit->values.text("site"), edit->values.real("capacity_mbps_per_sector")});
            } else if (edit->kind == "telecom.duct") {
                params.ducted_links.push_back(edit->values.text("link"));
            }
        }
        std::shared_ptr<telecom::TelecomPlan> plan;
        try {
            plan = telecom::build_telecom_plan(
                *assembly.district, *assembly.traffic_network, params,
                {.present_at_start = assembly.zone_present_at_start,
                 .start_s_of_day = assembly.start_s_of_day,
                 .duration = scenario.duration,
                 .seed = scenario.seed,
                 .lp = static_cast<engine::LpId>(assembly.simulation.lp_count()),
                 .notice_delay = assembly.lookahead});
        } catch (const std::invalid_argument& e) {
            throw fail(e.what());
        }
        // Its expected events, for partitioning: two per data session (arrival, end) and one per
        // call, at the mean demand of the people present at the start.
        const double subscribers = params.subscribers_per_person *
                                   std::accumulate(assembly.zone_present_at_start.begin(),
                                                   assembly.zone_present_at_start.end(), 0.0);
        const double run_s = engine::seconds_from_ticks(scenario.duration);
        const double sessions = subscribers * plan->mean_bps_per_subscriber() * run_s / (params.session_mean_mb * 8e6);
        const double calls = subscribers * params.calls_per_subscriber_per_day * run_s / 86'400.0;
        const engine::LpId id = assembly.add_lp(std::make_unique<telecom::CellNetworkLp>(plan), telecom_group,
                                                2.0 * sessions + calls);
        if (id != plan->lp) throw std::logic_error("telecom: LP id out of order");
        return std::make_unique<TelecomInstance>(plan, assembly.simulation);
    }
};

}  // namespace

void register_telecom(ModelRegistry& registry) { registry.add(std::make_unique<TelecomPlugin>()); }

}  // namespace tuntas::scenarios
