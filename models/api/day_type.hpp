#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tuntas::model {

/// The kinds of day demand differs by: Monday to Thursday, Friday, Saturday, Sunday, and public
/// holidays (whatever their weekday).
enum class DayType : std::uint8_t { weekday, friday, saturday, sunday, holiday };

/// Number of day types.
inline constexpr std::size_t day_type_count = 5;

/// The value for day type `type` of `by_type` (weekday, Friday, Saturday, Sunday, holiday):
/// a model's factors by kind of day.
[[nodiscard]] constexpr double of_day_type(DayType type,
                                           const std::array<double, day_type_count>& by_type) {
    return by_type[static_cast<std::size_t>(type)];
}

/// "weekday", "friday", "saturday", "sunday", "holiday".
[[nodiscard]] constexpr std::string_view name_of(DayType type) {
    constexpr std::array<std::string_view, day_type_count> names{"weekday", "friday", "saturday",
                                                                 "sunday", "holiday"};
    return names[static_cast<std::size_t>(type)];
}

}  // namespace tuntas::model
