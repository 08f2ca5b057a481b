#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tuntas::scenarios {

/// Seconds from `start_local` ("YYYY-MM-DDTHH:MM:SS", local time, anything after ignored) to
/// the instant `text` names: a local date-time ("2025-03-04T17:00:00", seconds optional), a
/// weekday and time ("Tue 17:00", "tuesday 17:00"; the first at or after the start) or a time of
/// day ("17:00" or "17:00:30", likewise). nullopt when `text` is none of those or the start does
/// not read; a date-time before the start gives a negative offset.
[[nodiscard]] std::optional<std::int64_t> clock_time_offset_s(std::string_view text,
                                                              std::string_view start_local);

}  // namespace tuntas::scenarios
