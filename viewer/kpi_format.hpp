#pragma once

#include <string>
#include <string_view>

namespace tuntas::viewer {

/// A KPI's value as a planner reads it: its text and the unit it is in.
struct KpiText {
    std::string value;  ///< e.g. "930,859", "18.8", "0.00240"
    std::string unit;   ///< e.g. "GB", "min", "%"
    bool operator==(const KpiText&) const = default;
};

/// `value` in `unit` (a KPI's own) for the screen: shares (unit "1" and a name with "share",
/// "utilisation" or "ratio") in %, seconds of 90 and over in minutes (3 h and over in hours),
/// thousands and over as whole numbers with thousands separators, smaller ones to three
/// significant digits, never in exponent notation; "-" for NaN.
[[nodiscard]] KpiText format_kpi(std::string_view name, double value, std::string_view unit);

}  // namespace tuntas::viewer
