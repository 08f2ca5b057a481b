#pragma once

#include <string>
#include <string_view>

namespace tuntas::model {

/// A KPI's value as a planner reads it: its text and the unit it is in.
struct KpiText {
    std::string value;  ///< e.g. "930,859", "18.8", "0.00240"
    std::string unit;   ///< e.g. "GB", "min", "%"
    bool operator==(const KpiText&) const = default;
};

/// `value` in `unit` (a KPI's own) for the screen: shares (unit "1" and a name with "share",
/// "utilisation" or "ratio") in %, seconds of 90 and over in minutes (3 h and over in hours),
/// thousands and over as whole numbers with thousands separators, whole numbers as such, others
/// to three significant digits, never in exponent notation; "-" for NaN.
[[nodiscard]] KpiText format_kpi(std::string_view name, double value, std::string_view unit);

/// `value` in the unit format_kpi picks for `reference` (a mean's confidence half-width or its
/// change in the mean's own unit: 30 s beside a mean of 2.5 min reads "0.500" min).
[[nodiscard]] KpiText format_kpi_as(std::string_view name, double value, std::string_view unit,
                                    double reference);

/// Which way a KPI is better, as its description says ("lower is better", "higher is better",
/// "0 is right"); unknown when it does not say.
enum class Better { unknown, higher, lower };
[[nodiscard]] Better better_of(std::string_view description);
/// "higher", "lower" or "" (unknown): a table's better column.
[[nodiscard]] std::string_view better_word(Better better);

/// A KPI's name (without its model) as a label: the unit at its end left out (the unit column
/// shows it), "pct" as "%", words apart, the first capitalised ("mean_travel_time_s" ->
/// "Mean travel time").
[[nodiscard]] std::string kpi_label(std::string_view name);

/// True for a KPI that checks the run rather than answers a planner (its description begins
/// "diagnostic", or it is a conservation or balance error): shown apart.
[[nodiscard]] bool is_diagnostic(std::string_view name, std::string_view description);

}  // namespace tuntas::model
