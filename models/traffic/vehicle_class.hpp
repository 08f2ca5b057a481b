#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace tuntas::traffic {

/// Vehicle classes of the Indonesian highway capacity manual.
enum class VehicleClass : std::uint8_t { motorcycle, car, light_truck, heavy_truck, bus };

/// Number of vehicle classes.
inline constexpr std::size_t vehicle_class_count = 5;

/// Passenger-car equivalents (ekivalensi mobil penumpang, emp) for urban roads, PKJI 2014
/// (Pedoman Kapasitas Jalan Indonesia, urban roads, emp table; MKJI 1997 gives the same
/// values): sepeda motor 0.25 on roads wider than 6 m, kendaraan ringan (cars, light trucks)
/// 1.0, kendaraan berat (heavy trucks, buses) 1.3 (approximated from the table's 1.2-1.3).
[[nodiscard]] constexpr double pce_of(VehicleClass c) {
    constexpr std::array<double, vehicle_class_count> pce{0.25, 1.0, 1.0, 1.3, 1.3};
    return pce[static_cast<std::size_t>(c)];
}

/// pce_of in thousandths, as the queues count space: rounded to nearest without a libm call
/// (exact here: 250, 1000, 1000, 1300, 1300).
[[nodiscard]] constexpr std::uint32_t milli_pce_of(VehicleClass c) {
    return static_cast<std::uint32_t>(1000.0 * pce_of(c) + 0.5);
}
static_assert(milli_pce_of(VehicleClass::motorcycle) == 250 &&
              milli_pce_of(VehicleClass::heavy_truck) == 1300);

/// Comfortable acceleration, m/s²: SUMO's vClass defaults (its "Vehicle Type Parameter
/// Defaults": motorcycle 6.0, passenger and delivery 2.6, truck 1.3, bus 1.2). ASSUMED for
/// Paser's fleet, for which no measured figures are at hand.
[[nodiscard]] constexpr double accel_m_per_s2_of(VehicleClass c) {
    constexpr std::array<double, vehicle_class_count> accel{6.0, 2.6, 2.6, 1.3, 1.2};
    return accel[static_cast<std::size_t>(c)];
}

/// Comfortable deceleration, m/s²: SUMO's vClass defaults (motorcycle 10, passenger and
/// delivery 4.5, truck and bus 4.0). ASSUMED for Paser's fleet as accel_m_per_s2_of.
[[nodiscard]] constexpr double decel_m_per_s2_of(VehicleClass c) {
    constexpr std::array<double, vehicle_class_count> decel{10.0, 4.5, 4.5, 4.0, 4.0};
    return decel[static_cast<std::size_t>(c)];
}

/// "motorcycle", "car", "light_truck", "heavy_truck", "bus".
[[nodiscard]] constexpr std::string_view name_of(VehicleClass c) {
    constexpr std::array<std::string_view, vehicle_class_count> names{
        "motorcycle", "car", "light_truck", "heavy_truck", "bus"};
    return names[static_cast<std::size_t>(c)];
}

}  // namespace tuntas::traffic
