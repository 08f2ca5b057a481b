#include "models/telecom/telecom_plugin.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include <fmt/format.h>

#include "models/api/input_error.hpp"
#include "models/api/param_bindings.hpp"
#include "models/telecom/cell_regions.hpp"
#include "models/telecom/telecom_builder.hpp"
#include "models/telecom/telecom_instance.hpp"
#include "models/traffic/presence_service.hpp"

// The telecom model's plugin: its keys and edits, and how it assembles.
namespace tuntas::telecom {

using model::EditKindSpec;
using model::SectionSpec;
using model::ValueType;

namespace {

constexpr const char* section_name = "telecom";

/// [telecom]'s keys, each bound to its TelecomParams field.
const model::ParamBindings<TelecomParams>& telecom_keys() {
    using P = TelecomParams;
    static const model::ParamBindings<P> keys =
        model::ParamBindings<P>()
            .real("subscribers_per_person", &P::subscribers_per_person, "1/person", 0.0, 5.0,
                  "SIMs per inhabitant (1.1, paser-facts 3 estimate)")
            .real("saturday_demand_factor", &P::saturday_demand_factor, "1", 0.0, 10.0,
                  "data and calls per subscriber on a Saturday against Monday-Friday")
            .real("sunday_demand_factor", &P::sunday_demand_factor, "1", 0.0, 10.0,
                  "data and calls per subscriber on a Sunday against Monday-Friday")
            .real("holiday_demand_factor", &P::holiday_demand_factor, "1", 0.0, 10.0,
                  "data and calls per subscriber on a public holiday against Monday-Friday")
            .real("gb_per_subscriber_per_month", &P::gb_per_subscriber_per_month, "GB/month", 0.0,
                  1000.0,
                  "data per subscriber (12: Indosat 2023, 14,417 PB / 100 M subscribers / 12, "
                  "paser-facts 3)")
            .real("session_mean_mb", &P::session_mean_mb, "MB", 0.01, 10'000.0,
                  "mean data session (assumption: a stretch of use, a video or a download)")
            .real("session_size_cv", &P::session_size_cv, "1", 0.0, 10.0,
                  "coefficient of variation of the lognormal session sizes (assumption)")
            .real("min_session_rate_mbps", &P::min_session_rate_mbps, "Mb/s", 0.0, 1000.0,
                  "a session is refused when a link of its route could not give each session this "
                  "much (admission control; assumption)")
            .real("calls_per_subscriber_per_day", &P::calls_per_subscriber_per_day, "1/day", 0.0,
                  100.0, "voice calls (assumption)")
            .real("call_mean_s", &P::call_mean_s, "s", 1.0, 36'000.0,
                  "mean call holding time, exponential (assumption)")
            .integer("voice_channels_per_sector", &P::voice_channels_per_sector, "channels", 1.0,
                     1000.0, "voice channels (assumption: 2 GSM TRX)")
            .real(
                "coverage_radius_km", &P::coverage_radius_km, "km", 0.0, 50.0,
                "a zone without a working site of its own is served by working sites this close to "
                "its centre (assumption; 3.6 km would cover the blank spot Selengot)")
            .duration("demand_step", &P::demand_step, 1.0, 86'400.0,
                      "how often demand follows presence and the hour")
            .integer("cell_lps", &P::cell_lps, "LPs", 1.0, 1024.0,
                     "LPs the network's regions (parts that share no link that can fill) are "
                     "packed into, so several cores work on it: the same sessions, bits and "
                     "KPIs at any count, a different fingerprint (1: one LP)")
            .real("bandwidth_mhz", &P::bandwidth_mhz, "MHz", 0.1, 1000.0,
                  "an added site's carrier per sector (paser-facts 3: 20 MHz)")
            .real("spectral_efficiency_bps_per_hz", &P::spectral_efficiency_bps_per_hz, "b/s/Hz",
                  0.01, 30.0, "an added site's (2.7: Holma & Toskala, paser-facts 3)")
            .boolean(
                "random_failures", &P::random_failures,
                "draw link and site outages from the rates below (each element its own stream)")
            .real("fibre_cuts_per_100km_per_year", &P::fibre_cuts_per_100km_per_year,
                  "1/(100 km year)", 0.0, 1000.0, "fibre along roads (assumption)")
            .real("duct_cuts_per_100km_per_year", &P::duct_cuts_per_100km_per_year,
                  "1/(100 km year)", 0.0, 1000.0,
                  "fibre in a duct or utility tunnel (assumption: a tenth)")
            .real("fibre_repair_h", &P::fibre_repair_h, "h", 0.0, 1000.0,
                  "mean time to repair a cut, exponential (assumption)")
            .real("microwave_outages_per_year", &P::microwave_outages_per_year, "1/year", 0.0,
                  1000.0, "per microwave hop (assumption)")
            .real("microwave_repair_h", &P::microwave_repair_h, "h", 0.0, 1000.0, "(assumption)")
            .real("site_outages_per_year", &P::site_outages_per_year, "1/year", 0.0, 1000.0,
                  "per site: power cuts past the batteries (assumption)")
            .real("site_repair_h", &P::site_repair_h, "h", 0.0, 1000.0, "(assumption)");
    return keys;
}

class TelecomPlugin final : public model::ModelPlugin {
public:
    [[nodiscard]] SectionSpec section() const override {
        return {section_name,
                "mobile network load: cell sectors and backhaul shared max-min fairly by data "
                "sessions, "
                "voice channels, demand that follows traffic's people, outages",
                telecom_keys().specs()};
    }

    [[nodiscard]] std::vector<EditKindSpec> edit_kinds() const override {
        return {
            {"telecom.cut_link",
             "from `at` until `until`, a backhaul link carries nothing (a fibre cut)",
             {{"link", ValueType::text, "1", {}, {}, {}, "its id in backhaul.geojson"},
              {"until",
               ValueType::duration,
               "s",
               0.0,
               {},
               {},
               "when it is repaired, from the start"}}},
            {"telecom.site_down",
             "from `at` until `until`, a cell site is off the air",
             {{"site",
               ValueType::text,
               "1",
               {},
               {},
               {},
               "its id in facilities.geojson (or added-site-N)"},
              {"until", ValueType::duration, "s", 0.0, {}, {}, "when it is back, from the start"}}},
            {"telecom.add_site",
             "before the run: a new cell site with its backhaul (id added-site-N)",
             {{"name", ValueType::text, "1", {}, {}, std::string{"added site"}, "its name"},
              {"lon", ValueType::real, "deg", -180.0, 180.0, {}, "longitude"},
              {"lat", ValueType::real, "deg", -90.0, 90.0, {}, "latitude"},
              {"sectors", ValueType::integer, "1", 1.0, 12.0, std::int64_t{3}, "sectors"},
              {"capacity_mbps_per_sector", ValueType::real, "Mb/s", 0.0, 100'000.0, 0.0,
               "0: bandwidth_mhz x spectral_efficiency_bps_per_hz"},
              {"backhaul",
               ValueType::text,
               "1",
               {},
               {},
               std::string{"fibre"},
               "fibre or microwave"},
              {"backhaul_mbps", ValueType::real, "Mb/s", 1.0, 1e6, 10'000.0,
               "its backhaul capacity"},
              {"to",
               ValueType::text,
               "1",
               {},
               {},
               std::string{},
               "the site or aggregation node it links to (empty: the nearest with fibre)"}}},
            {"telecom.set_capacity",
             "from `at` on, a site's sectors (site = \"*\": every site's) have this capacity",
             {{"site", ValueType::text, "1", {}, {}, {}, "site id, or \"*\""},
              {"capacity_mbps_per_sector",
               ValueType::real,
               "Mb/s",
               0.001,
               100'000.0,
               {},
               "the new capacity"}}},
            {"telecom.duct",
             "before the run: a fibre link moves into a duct (duct_cuts_per_100km_per_year)",
             {{"link", ValueType::text, "1", {}, {}, {}, "its id in backhaul.geojson"}}}};
    }

    [[nodiscard]] std::vector<model::ServiceNeed> needs() const override {
        return {
            {std::string(district::District::service_name), "its sites and backhaul stand in it"},
            {std::string(traffic::PresenceService::service_name),
             "mobile demand follows the people present, as trips move them"}};
    }

    [[nodiscard]] std::unique_ptr<model::ModelInstance>
    assemble(const model::SectionValues& values, const std::vector<const model::Edit*>& edits,
             model::Assembly& assembly) const override {
        const model::Scenario& scenario = assembly.scenario;
        TelecomParams params;
        telecom_keys().read(values, params);
        params.calendar = assembly.scenario.calendar();
        for (const model::Edit* edit : edits) {
            if (edit->kind == "telecom.cut_link") {
                params.outages.push_back(
                    {false, edit->values.text("link"), edit->at, edit->values.duration("until")});
            } else if (edit->kind == "telecom.site_down") {
                params.outages.push_back(
                    {true, edit->values.text("site"), edit->at, edit->values.duration("until")});
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
                params.capacity_changes.push_back({edit->at, edit->values.text("site"),
                                                   edit->values.real("capacity_mbps_per_sector")});
            } else if (edit->kind == "telecom.duct") {
                params.ducted_links.push_back(edit->values.text("link"));
            }
        }
        const auto district = assembly.services.need<const district::District>();
        const auto presence = assembly.services.need<traffic::PresenceService>();
        std::shared_ptr<TelecomPlan> plan;
        try {
            plan = build_telecom_plan(*district, *presence->network, params,
                                      {.present_at_start = presence->zone_present_at_start,
                                       .start_s_of_day = scenario.start_s_of_day(),
                                       .duration = scenario.end(),
                                       .seed = scenario.seed,
                                       .notice_delay = presence->notice_delay});
        } catch (const std::invalid_argument& e) {
            throw model::InputError(values.problem("", e.what()));
        }
        // Its expected events, for partitioning: two per data session (arrival, end) and one per
        // call, at the mean demand of the people present at the start.
        const double subscribers = params.subscribers_per_person *
                                   std::accumulate(presence->zone_present_at_start.begin(),
                                                   presence->zone_present_at_start.end(), 0.0);
        const double run_s = engine::seconds_from_ticks(scenario.end());
        const double sessions =
            subscribers * plan->mean_bps_per_subscriber() * run_s / (params.session_mean_mb * 8e6);
        const double calls = subscribers * params.calls_per_subscriber_per_day * run_s / 86'400.0;
        // The regions packed into LPs, each in a locality group of its own: they talk to
        // themselves only, and hear traffic's presence notices (of the zones their regions
        // serve or book) with the lookahead.
        auto regions = std::make_shared<const CellRegions>(
            split_cell_regions(*plan, presence->zone_present_at_start, 2.0 * sessions + calls));
        const auto hosted = pack_cell_regions(*regions, params.cell_lps);
        const std::uint32_t first_group =
            assembly.new_groups(static_cast<std::uint32_t>(hosted.size()));
        assembly.require_lookahead(presence->notice_delay);  // the notices they hear
        auto& listeners = presence->network->presence_listeners;
        listeners.resize(std::max(listeners.size(), plan->zones.size()));
        std::vector<CellNetworkLp*> lps;
        for (std::uint32_t k = 0; k < hosted.size(); ++k) {
            double events = 0.0;
            std::vector<std::uint32_t> zones;
            for (const auto r : hosted[k]) {
                events += regions->regions[r].expected_events;
                zones.insert(zones.end(), regions->regions[r].zones.begin(),
                             regions->regions[r].zones.end());
            }
            const engine::LpId id = assembly.add_lp(
                std::make_unique<CellNetworkLp>(plan, regions, hosted[k], scenario.seed),
                first_group + k, events, fmt::format("telecom/cells/lp-{}", k));
            lps.push_back(&assembly.lp<CellNetworkLp>(id));
            std::sort(zones.begin(), zones.end());
            zones.erase(std::unique(zones.begin(), zones.end()), zones.end());
            for (const auto z : zones) {
                listeners[z].push_back(id);
                if (z < presence->notice_sources.size()) {
                    for (const auto& source : presence->notice_sources[z])
                        assembly.link_groups(first_group + k, source.group, source.notices);
                }
            }
        }
        // Samples at 0, one interval, ... and at the end.
        const auto samples =
            static_cast<std::size_t>(scenario.end() / scenario.sample_interval) + 2;
        return std::make_unique<TelecomInstance>(plan, *regions, hosted, std::move(lps),
                                                 scenario.warmup, samples);
    }
};

}  // namespace

std::unique_ptr<model::ModelPlugin> make_plugin() {
    return std::make_unique<TelecomPlugin>();
}

}  // namespace tuntas::telecom
