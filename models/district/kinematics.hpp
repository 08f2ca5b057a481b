#pragma once

namespace tuntas::district {

/// Time lost braking from `from_m_per_s` down to `to_m_per_s` at a constant `decel_m_per_s2`,
/// against driving the braking distance at `from_m_per_s`: (v1 − v2)² / (2 b v1), s (0 when
/// not slower).
[[nodiscard]] constexpr double braking_loss_s(double from_m_per_s, double to_m_per_s,
                                              double decel_m_per_s2) {
    if (to_m_per_s >= from_m_per_s || from_m_per_s <= 0.0) return 0.0;
    const double drop = from_m_per_s - to_m_per_s;
    return drop * drop / (2.0 * decel_m_per_s2 * from_m_per_s);
}

/// Time lost speeding up from `from_m_per_s` to `to_m_per_s` at a constant `accel_m_per_s2`,
/// against driving that distance at `to_m_per_s`: (v2 − v1)² / (2 a v2), s (0 when not
/// faster).
[[nodiscard]] constexpr double speeding_up_loss_s(double from_m_per_s, double to_m_per_s,
                                                  double accel_m_per_s2) {
    return braking_loss_s(to_m_per_s, from_m_per_s, accel_m_per_s2);
}

}  // namespace tuntas::district
