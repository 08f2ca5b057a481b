#pragma once

#include <optional>
#include <string_view>

namespace tuntas::engine {

/// Parses a duration with units into seconds: one or more number-unit pairs, units ms, s, min,
/// h, d ("250ms", "0.5s", "5min", "24h", "1h30min", "2d"). nullopt when malformed or negative.
[[nodiscard]] std::optional<double> parse_duration_s(std::string_view text);

}  // namespace tuntas::engine
