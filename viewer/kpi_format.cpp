#include "viewer/kpi_format.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace tuntas::viewer {
namespace {

/// `value` with thousands separators when it is 1,000 or more (rounded to a whole number),
/// otherwise to three significant digits in fixed notation (at most 9 decimals).
std::string plain_number(double value) {
    const double size = std::abs(value);
    if (size >= 1000.0) {
        const std::string digits = fmt::format("{:.0f}", size);
        std::string grouped;
        for (std::size_t k = 0; k < digits.size(); ++k) {
            if (k > 0 && (digits.size() - k) % 3 == 0) grouped += ',';
            grouped += digits[k];
        }
        return (value < 0.0 ? "-" : "") + grouped;
    }
    if (size == 0.0) return "0";
    const int magnitude = static_cast<int>(std::floor(std::log10(size)));
    const int decimals = std::clamp(2 - magnitude, 0, 9);
    return fmt::format("{:.{}f}", value, decimals);
}

bool is_share(std::string_view name) {
    return name.find("share") != std::string_view::npos ||
           name.find("utilisation") != std::string_view::npos ||
           name.find("ratio") != std::string_view::npos;
}

}  // namespace

KpiText format_kpi(std::string_view name, double value, std::string_view unit) {
    if (std::isnan(value)) return {"-", std::string(unit)};
    if (unit == "1" && is_share(name)) return {plain_number(100.0 * value), "%"};
    if (unit == "s" && std::abs(value) >= 3.0 * 3600.0) return {plain_number(value / 3600.0), "h"};
    if (unit == "s" && std::abs(value) >= 90.0) return {plain_number(value / 60.0), "min"};
    return {plain_number(value), unit == "1" ? std::string{} : std::string(unit)};
}

}  // namespace tuntas::viewer
