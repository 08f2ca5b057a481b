#include "models/waste/waste_plan.hpp"

#include <cmath>

namespace tuntas::waste {
namespace {
constexpr double day_s = 86'400.0;
}  // namespace

double WastePlan::time_of_day_s(engine::Ticks t) const {
    return std::fmod(start_s_of_day + engine::seconds_from_ticks(t), day_s);
}

bool WastePlan::working_day(int day) const {
    const auto weekday = (static_cast<int>(start_weekday) + day % 7 + 7) % 7;
    return ((params.working_days >> weekday) & 1U) != 0;
}

int WastePlan::day_of_run(engine::Ticks t) const {
    return static_cast<int>(std::floor((start_s_of_day + engine::seconds_from_ticks(t)) / day_s));
}

double WastePlan::kg_per_person_per_day(engine::Ticks t) const {
    double rate = params.kg_per_person_per_day;
    for (const auto& change : params.generation_changes) {
        if (t >= change.at) rate = change.kg_per_person_per_day;
    }
    return rate;
}

DispatchPolicy WastePlan::policy_at(engine::Ticks t) const {
    DispatchPolicy policy = params.policy;
    for (const auto& change : params.policy_changes) {
        if (t >= change.at) policy = change.policy;
    }
    return policy;
}

engine::Ticks WastePlan::next_shift_start(engine::Ticks t) const {
    // Shift starts are at day * 86400 + shift_start_h * 3600 - start_s_of_day (run seconds).
    for (int day = std::max(0, day_of_run(t) - 1); day < day_of_run(t) + 8; ++day) {
        if (!working_day(day)) continue;
        const double start_s = day * day_s + params.shift_start_h * 3600.0 - start_s_of_day;
        if (start_s < 0.0) continue;
        const engine::Ticks start = engine::ticks_from_seconds(start_s);
        if (start >= t) return start;
    }
    return engine::ticks_max;
}

bool WastePlan::in_shift(engine::Ticks t) const {
    const double run_s = engine::seconds_from_ticks(t);
    const int day = day_of_run(t);
    if (!working_day(day)) return false;
    const double start_s = day * day_s + params.shift_start_h * 3600.0 - start_s_of_day;
    return run_s >= start_s && run_s < start_s + params.shift_hours * 3600.0;
}

}  // namespace tuntas::waste
