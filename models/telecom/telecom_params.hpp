#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/ticks.hpp"
#include "models/api/run_calendar.hpp"
#include "models/district/records.hpp"

namespace tuntas::telecom {

/// The telecom model's figures, each with its source or marked as an assumption
/// (`tuntas scenario keys telecom` lists them with units), and the what-if edits of a scenario.
struct TelecomParams {
    // ---- demand ----
    double subscribers_per_person{1.1};        ///< SIMs per inhabitant (paser-facts 3, estimate)
    double gb_per_subscriber_per_month{12.0};  ///< IOH 2023: 14,417 PB / 100 M / 12 (paser-facts 3)
    /// Data and calls per subscriber by day type against Monday-Friday (E: no operator figures
    /// for Paser; more leisure use at home on Saturdays 1.05, Sundays and holidays 1.1).
    double saturday_demand_factor{1.05};
    double sunday_demand_factor{1.1};
    double holiday_demand_factor{1.1};
    /// Which day of the run is which kind (the scenario's start and holidays; not a key).
    model::RunCalendar calendar;
    /// Share of a day's data in each local hour (sums to 1). ASSUMPTION for the shape (night low,
    /// evening peak); the busy hour (20:00) carries 7 % of the day as paser-facts 3 estimates.
    std::array<double, 24> hourly_share{0.042, 0.028, 0.018, 0.012, 0.011, 0.016, 0.026, 0.034,
                                        0.038, 0.041, 0.043, 0.045, 0.048, 0.046, 0.044, 0.044,
                                        0.046, 0.049, 0.054, 0.062, 0.070, 0.069, 0.062, 0.052};
    double session_mean_mb{40.0};  ///< ASSUMPTION: a stretch of use (a video, a download)
    double session_size_cv{1.5};   ///< ASSUMPTION: lognormal sizes, this coefficient of variation
    double min_session_rate_mbps{0.5};  ///< admission: a session is refused (shed) when a link
                                        ///< could not give every session this much (ASSUMPTION)
    double calls_per_subscriber_per_day{2.0};  ///< ASSUMPTION
    double call_mean_s{100.0};                 ///< ASSUMPTION: exponential holding times
    std::uint32_t voice_channels_per_sector{
        14};                         ///< ASSUMPTION: 2 GSM TRX, 16 slots less signalling
    double coverage_radius_km{3.0};  ///< a zone with no site of its own (or none working) is served
                                     ///< by sites this close to its centre (ASSUMPTION, below the
                                     ///< 3.6 km that would cover the blank spot Selengot)
    engine::Ticks demand_step{
        engine::ticks_from_seconds(300.0)};  ///< demand follows presence this often
    /// The LPs the network's regions are packed into (CellRegions): results are the same at
    /// any count (the fingerprint is not: it counts events per LP); more lets more cores work.
    std::uint32_t cell_lps{16};
    // ---- a new site's radio ----
    double bandwidth_mhz{20.0};  ///< paser-facts 3 dimensioning example
    double spectral_efficiency_bps_per_hz{
        2.7};  ///< Holma & Toskala, LTE-Advanced 11.4 (paser-facts 3)
    // ---- failures ----
    bool random_failures{true};
    double fibre_cuts_per_100km_per_year{3.0};  ///< ASSUMPTION: aerial / shallow fibre along roads
    double duct_cuts_per_100km_per_year{0.3};   ///< ASSUMPTION: a tenth in a duct or utility tunnel
    double fibre_repair_h{8.0};                 ///< ASSUMPTION: mean time to splice a cut
    double microwave_outages_per_year{1.0};  ///< ASSUMPTION: per hop (rain fade, power, alignment)
    double microwave_repair_h{4.0};
    double site_outages_per_year{4.0};  ///< ASSUMPTION: grid (PLN) outages past the batteries
    double site_repair_h{4.0};

    /// A planned outage (an edit): a transport link cut or a site down, from `at` until `until`.
    struct PlannedOutage {
        bool site{false};
        std::string id;  ///< backhaul link id or cell site id
        engine::Ticks at{0};
        engine::Ticks until{0};
    };
    /// A site added by an edit, with its backhaul.
    struct AddedSite {
        std::string name;
        district::LonLat position;
        std::uint32_t sectors{3};
        double capacity_mbps_per_sector{0.0};  ///< 0: bandwidth x spectral efficiency
        std::string medium{"fibre"};
        double backhaul_mbps{10'000.0};
        std::string to;  ///< facility it links to; empty: the nearest fibre hub or the aggregation
    };
    /// From `at` on, a site's sectors (or every site's, id "*") have another capacity.
    struct CapacityChange {
        engine::Ticks at{0};
        std::string site;
        double capacity_mbps_per_sector{0.0};
    };
    std::vector<PlannedOutage> outages;
    std::vector<AddedSite> added_sites;
    std::vector<CapacityChange> capacity_changes;
    std::vector<std::string> ducted_links;  ///< fibre links moved into a duct (lower cut rate)
};

}  // namespace tuntas::telecom
