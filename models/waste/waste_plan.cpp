#include "models/waste/waste_plan.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace tuntas::waste {
namespace {
constexpr double day_s = 86'400.0;

/// True when bit `bit` of `mask` is set (weekday masks: bit 0 Monday ... 6 Sunday).
bool bit_set(std::uint8_t mask, int bit) {
    return ((static_cast<unsigned>(mask) >> static_cast<unsigned>(bit)) & 1U) != 0;
}
}  // namespace

double WastePlan::time_of_day_s(engine::Ticks t) const {
    return std::fmod(start_s_of_day + engine::seconds_from_ticks(t), day_s);
}

int WastePlan::weekday_of(int day) const {
    return (static_cast<int>(start_weekday) + day % 7 + 7) % 7;
}

bool WastePlan::working_day(int day, TruckKind kind) const {
    return bit_set(params.shift(kind).working_days, weekday_of(day));
}

double WastePlan::shift_s_on(int day, TruckKind kind) const {
    if (!working_day(day, kind)) return 0.0;
    const bool half = bit_set(params.half_days, weekday_of(day));
    return params.shift(kind).hours * 3600.0 * (half ? 0.5 : 1.0);
}

int WastePlan::reference_weekday() const {
    int best = 0;
    int best_classes = -1;
    for (int weekday = 0; weekday < 7; ++weekday) {
        if (bit_set(params.half_days, weekday)) continue;
        int classes = 0;
        for (const auto kind : {TruckKind::dump_truck, TruckKind::arm_roll})
            classes += bit_set(params.shift(kind).working_days, weekday) ? 1 : 0;
        if (classes > best_classes) {
            best = weekday;
            best_classes = classes;
        }
    }
    return best;
}

int WastePlan::day_of_run(engine::Ticks t) const {
    return static_cast<int>(std::floor((start_s_of_day + engine::seconds_from_ticks(t)) / day_s));
}

double WastePlan::kg_per_person_per_day(engine::Ticks t) const {
    double rate = params.kg_per_person_per_day;
    for (const auto& change : params.generation_changes) {
        if (t >= change.at) rate = change.kg_per_person_per_day;
    }
    return rate *
           model::of_day_type(params.calendar.day_type_at(t),
                              {1.0, 1.0, params.saturday_generation_factor,
                               params.sunday_generation_factor, params.holiday_generation_factor});
}

DispatchPolicy WastePlan::policy_at(engine::Ticks t) const {
    DispatchPolicy policy = params.policy;
    for (const auto& change : params.policy_changes) {
        if (t >= change.at) policy = change.policy;
    }
    return policy;
}

engine::Ticks WastePlan::next_shift_start(engine::Ticks t, TruckKind kind) const {
    // Shift starts are at day * 86400 + start_h * 3600 - start_s_of_day (run seconds).
    const double start_h = params.shift(kind).start_h;
    for (int day = std::max(0, day_of_run(t) - 1); day < day_of_run(t) + 8; ++day) {
        if (!working_day(day, kind)) continue;
        const double start_s = day * day_s + start_h * 3600.0 - start_s_of_day;
        if (start_s < 0.0) continue;
        const engine::Ticks start = engine::ticks_from_seconds(start_s);
        if (start >= t) return start;
    }
    return engine::ticks_max;
}

double WastePlan::shift_hours_between(engine::Ticks from, engine::Ticks to, TruckKind kind) const {
    double hours = 0.0;
    for (engine::Ticks t = from; t < to;) {
        const engine::Ticks start = next_shift_start(t, kind);
        if (start >= to) break;
        hours += shift_s_on(day_of_run(start), kind) / 3600.0;
        t = start + 1;
    }
    return hours;
}

}  // namespace tuntas::waste
