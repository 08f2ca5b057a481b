#include <limits>
#include <ostream>

#include <catch2/catch.hpp>

#include "models/api/kpi_format.hpp"

using tuntas::model::format_kpi;
using tuntas::model::KpiText;

namespace tuntas::viewer {

/// How Catch shows a KpiText in a failed check.
std::ostream& operator<<(std::ostream& out, const KpiText& text) {
    return out << '"' << text.value << "\" \"" << text.unit << '"';
}

}  // namespace tuntas::viewer

TEST_CASE("model::format_kpi: full values with separators, in the units planners use",
          "[viewer][unit]") {
    // The values the KPI panel cut before (issue 18): 930,859 GB showed as "9.309e+0" and a
    // blocking share of 2.4e-05 as "2.413e-0".
    CHECK(format_kpi("telecom.demand_gb", 930'859.4, "GB") == KpiText{"930,859", "GB"});
    CHECK(format_kpi("telecom.call_blocking_share", 2.413e-5, "1") == KpiText{"0.00241", "%"});
    CHECK(format_kpi("traffic.share_link_hours_over_90pct", 0.125, "1") == KpiText{"12.5", "%"});
    CHECK(format_kpi("telecom.p95_sector_utilisation", 0.8, "1") == KpiText{"80", "%"});
    // Seconds: under 90 as they are, then minutes, from 3 h hours.
    CHECK(format_kpi("traffic.mean_delay_s", 42.26, "s") == KpiText{"42.3", "s"});
    CHECK(format_kpi("traffic.mean_travel_time_s", 1127.43, "s") == KpiText{"18.8", "min"});
    CHECK(format_kpi("waste.longest_s", 4.5 * 3600.0, "s") == KpiText{"4.50", "h"});
    // Counts: whole numbers with separators from a thousand; negative and millions too.
    CHECK(format_kpi("traffic.vehicle_trips", 2'580'117.0, "trips") ==
          KpiText{"2,580,117", "trips"});
    CHECK(format_kpi("waste.balance_t", -12'345.6, "t") == KpiText{"-12,346", "t"});
    CHECK(format_kpi("traffic.reroutes", 0.0, "times") == KpiText{"0", "times"});
    CHECK(format_kpi("x.count", 7.0, "1") == KpiText{"7", ""});
    CHECK(format_kpi("x.ratio", 0.5, "1") == KpiText{"50", "%"});
    CHECK(format_kpi("x.level", 7.5, "m") == KpiText{"7.50", "m"});
    CHECK(format_kpi("x.nothing", std::numeric_limits<double>::quiet_NaN(), "s") ==
          KpiText{"-", "s"});
}

TEST_CASE("viewer: KPI labels, which way is better, diagnostics apart", "[viewer][unit]") {
    using tuntas::model::Better;
    using tuntas::model::better_of;
    using tuntas::model::is_diagnostic;
    using tuntas::model::kpi_label;
    CHECK(kpi_label("traffic.mean_travel_time_s") == "Mean travel time");
    CHECK(kpi_label("traffic.share_link_hours_over_90pct") == "Share link hours over 90%");
    CHECK(kpi_label("waste.collected_t_per_day") == "Collected per day");
    CHECK(kpi_label("telecom.demand_gb") == "Demand");
    CHECK(kpi_label("waste.cost_idr_per_t") == "Cost idr per t");
    CHECK(kpi_label("traffic.vehicle_trips") == "Vehicle trips");
    CHECK(better_of("mean travel time ...; lower is better") == Better::lower);
    CHECK(better_of("link-hours jammed ...; 0 is right") == Better::lower);
    CHECK(better_of("data carried") == Better::unknown);
    CHECK(is_diagnostic("traffic.trips_held_peak", "diagnostic: the most vehicle trips held"));
    CHECK(is_diagnostic("waste.mass_balance_error_kg", "generated less everything else"));
    CHECK_FALSE(is_diagnostic("traffic.vehicle_hours", "time on the road"));
}
