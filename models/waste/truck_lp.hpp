#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "engine/lp.hpp"
#include "models/waste/events.hpp"
#include "models/waste/waste_plan.hpp"

namespace tuntas::waste {

/// What a truck is doing.
enum class TruckState : std::uint8_t {
    at_depot = 0,
    driving = 1,
    loading = 2,
    unloading = 3,
    idle = 4
};

/// A truck stop, as logged: at a container (kg taken) or a gate (kg unloaded).
struct StopRecord {
    std::uint32_t truck{0};
    bool at_gate{false};
    std::uint32_t place{0};  ///< container or gate index
    engine::Ticks arrived{0};
    engine::Ticks left{0};
    double kg{0.0};
};

/// A garbage truck: drives as a guest vehicle through the traffic model (same roads, same
/// queues), loads at containers, unloads at a gate, and returns to its depot when its shift
/// is over. Fixed schedule: each working day it drives its rounds in the planned order, each no
/// earlier than its planned start (unloading after each, or earlier when full), until they are
/// done or the shift ends.
/// Threshold policy: it asks the dispatcher for work. A policy change takes effect at the next
/// shift start.
class TruckLp final : public engine::Lp {
public:
    TruckLp(std::shared_ptr<const WastePlan> plan, std::uint32_t index);

    void init(engine::Context& ctx) override;
    void on_event(const engine::Event& event, engine::Context& ctx) override;

    /// Waste on board, kg.
    [[nodiscard]] double load_kg() const noexcept { return load_kg_; }
    [[nodiscard]] TruckState state() const noexcept { return state_; }
    /// Kilometres driven (free-flow path lengths of the legs started).
    [[nodiscard]] double km() const noexcept { return km_; }
    /// Hours on shift so far (closed shifts plus the running one up to `t`).
    [[nodiscard]] double shift_hours_at(engine::Ticks t) const;
    /// Hours standing with the engine on (loading, queueing and unloading).
    [[nodiscard]] double stand_hours() const noexcept { return stand_s_ / 3600.0; }
    /// Hours driving, loading or unloading since the start, up to `t` (not waiting for work or
    /// for a round's time, not at the depot).
    [[nodiscard]] double busy_hours_at(engine::Ticks t) const;
    /// Where it is at `t`: the road node it left and the one it drives to, and the share of the
    /// leg's free-flow time gone (1 when it stands or the leg takes longer in traffic).
    struct Position {
        std::uint32_t from_node;
        std::uint32_t to_node;
        double progress;
    };
    [[nodiscard]] Position position_at(engine::Ticks t) const;
    /// Stops since the last take.
    [[nodiscard]] std::vector<StopRecord> take_stops() { return std::exchange(stops_, {}); }

private:
    enum class Goal : std::uint8_t { container, gate, depot };

    void start_shift(engine::Context& ctx);
    void next_scheduled(engine::Context& ctx);
    void drive(std::uint32_t node, Goal goal, std::uint32_t place, engine::Context& ctx);
    void arrived(engine::Context& ctx);
    void ask_for_work(engine::Context& ctx);
    void go_home(engine::Context& ctx);
    [[nodiscard]] bool full() const;
    [[nodiscard]] bool shift_over(engine::Ticks t) const;
    /// True while the truck drives planned rounds (fixed schedule, or mixed before its rounds
    /// are done); false while it takes calls.
    [[nodiscard]] bool on_rounds() const;
    /// Changes state at `now`, adding the time spent in a busy one.
    void set_state(TruckState state, engine::Ticks now);
    [[nodiscard]] static bool is_busy(TruckState state) {
        return state == TruckState::driving || state == TruckState::loading ||
               state == TruckState::unloading;
    }

    std::shared_ptr<const WastePlan> plan_;
    std::uint32_t index_;
    const TruckSpec* spec_;
    std::uint32_t node_;
    std::uint32_t leg_from_{0};  ///< the node the current (or last) leg left
    engine::Ticks leg_start_{0};
    double leg_s_{0.0};  ///< free-flow seconds of the current (or last) leg
    double load_kg_{0.0};
    TruckState state_{TruckState::at_depot};
    Goal goal_{Goal::depot};
    std::uint32_t place_{0};        ///< container or gate being driven to
    std::uint32_t unload_gate_{0};  ///< where the load on board goes
    bool on_shift_{false};
    const std::vector<Round>* rounds_{nullptr};            ///< fixed schedule: today's rounds
    DispatchPolicy mode_{DispatchPolicy::fixed_schedule};  ///< the policy this shift runs under
    engine::Ticks shift_began_{0};
    engine::Ticks shift_ends_{0};
    double closed_shift_s_{0.0};
    double stand_s_{0.0};
    engine::Ticks stop_arrived_{0};
    double km_{0.0};
    double busy_s_{0.0};            // closed busy spells
    engine::Ticks state_since_{0};  // when the current state began
    // Fixed schedule progress.
    std::size_t round_{0};
    std::size_t stop_{0};
    std::vector<StopRecord> stops_;
};

}  // namespace tuntas::waste
