#include "models/api/kpi_format.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace tuntas::model {
namespace {

/// `value` with thousands separators when it is 1,000 or more (rounded to a whole number), a
/// whole number as one, otherwise to three significant digits in fixed notation (at most 9
/// decimals).
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
    if (size == std::round(size)) return fmt::format("{:.0f}", value);  // a count
    const int magnitude = static_cast<int>(std::floor(std::log10(size)));
    const int decimals = std::clamp(2 - magnitude, 0, 9);
    return fmt::format("{:.{}f}", value, decimals);
}

bool is_share(std::string_view name) {
    for (const std::string_view word : {"share", "utilisation", "ratio", "blocking"}) {
        if (name.find(word) != std::string_view::npos) return true;
    }
    return false;
}

}  // namespace

KpiText format_kpi(std::string_view name, double value, std::string_view unit) {
    return format_kpi_as(name, value, unit, value);
}

KpiText format_kpi_as(std::string_view name, double value, std::string_view unit,
                      double reference) {
    if (std::isnan(value)) return {"-", std::string(unit)};
    if (unit == "1" && is_share(name)) return {plain_number(100.0 * value), "%"};
    if (unit == "s" && std::abs(reference) >= 3.0 * 3600.0)
        return {plain_number(value / 3600.0), "h"};
    if (unit == "s" && std::abs(reference) >= 90.0) return {plain_number(value / 60.0), "min"};
    return {plain_number(value), unit == "1" ? std::string{} : std::string(unit)};
}

Better better_of(std::string_view description) {
    if (description.find("lower is better") != std::string_view::npos ||
        description.find("0 is right") != std::string_view::npos)
        return Better::lower;
    if (description.find("higher is better") != std::string_view::npos) return Better::higher;
    return Better::unknown;
}

std::string_view better_word(Better better) {
    return better == Better::higher ? "higher" : better == Better::lower ? "lower" : "";
}

std::string kpi_label(std::string_view name) {
    if (const auto dot = name.find('.'); dot != std::string_view::npos) name.remove_prefix(dot + 1);
    std::string label(name);
    // The unit at the end: the unit column shows it.
    for (const std::string_view unit : {"_s", "_gb", "_gbit", "_t", "_kg", "_l", "_kmh", "_mbps"}) {
        const std::string per = "_per" + std::string(unit);  // "cost_idr_per_t" keeps it
        if (label.size() > unit.size() && label.ends_with(unit) && !label.ends_with(per)) {
            label.resize(label.size() - unit.size());
            break;
        }
    }
    if (const auto at = label.find("_t_per_"); at != std::string::npos) label.erase(at, 2);
    if (const auto at = label.find("pct"); at != std::string::npos) label.replace(at, 3, "%");
    std::replace(label.begin(), label.end(), '_', ' ');
    if (!label.empty() && label[0] >= 'a' && label[0] <= 'z')
        label[0] = static_cast<char>(label[0] - 'a' + 'A');
    return label;
}

bool is_diagnostic(std::string_view name, std::string_view description) {
    return description.starts_with("diagnostic") ||
           name.find("_error_") != std::string_view::npos || name.starts_with("engine.");
}

}  // namespace tuntas::model
