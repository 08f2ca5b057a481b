#pragma once

#include <string>

namespace tuntas::traffic {

/// A span of the day (local time), e.g. the morning peak 06:00-09:00. A span that ends before
/// it starts wraps past midnight. Applies to every day of a run.
struct DayWindow {
    double from_s{0.0};  ///< seconds after local midnight
    double to_s{0.0};    ///< seconds after local midnight
    std::string label;   ///< "06:00-09:00"

    /// Parses "HH:MM-HH:MM"; throws std::invalid_argument naming what is wrong.
    [[nodiscard]] static DayWindow parse(const std::string& text);
    /// True when `s_of_day` (seconds after local midnight) falls in the window.
    [[nodiscard]] bool contains(double s_of_day) const;
};

}  // namespace tuntas::traffic
