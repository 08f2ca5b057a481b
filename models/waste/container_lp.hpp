#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "engine/lp.hpp"
#include "models/waste/events.hpp"
#include "models/waste/waste_plan.hpp"

namespace tuntas::waste {

/// A container emptied by a truck, as logged.
struct PickupRecord {
    engine::Ticks at{0};
    std::uint32_t truck{0};
    double kg{0.0};
    double fill_before_kg{0.0};
};

/// A collection point that fills continuously at the rate its zones send; the instant it is
/// full is computed exactly and scheduled (and re-scheduled when the rate changes). Waste that
/// arrives while it is full overflows (counted: the main harm). A truck that calls takes what
/// it holds (an arm-roll the whole container, a dump truck what fits) over its service time.
class ContainerLp final : public engine::Lp {
public:
    ContainerLp(std::shared_ptr<const WastePlan> plan, std::uint32_t index);

    void on_event(const engine::Event& event, engine::Context& ctx) override;

    // Read between windows; `t` is the sample instant (events before it are done).
    /// Waste in the container at `t`, kg, including what a truck is still loading.
    [[nodiscard]] double contents_kg_at(engine::Ticks t) const;
    /// Waste that overflowed up to `t`, kg.
    [[nodiscard]] double overflowed_kg_at(engine::Ticks t) const;
    /// Time the container was full up to `t`, s.
    [[nodiscard]] double full_seconds_at(engine::Ticks t) const;
    /// Overflow instants since the last take.
    [[nodiscard]] std::vector<engine::Ticks> take_overflows() {
        return std::exchange(overflows_, {});
    }
    /// Pickups since the last take.
    [[nodiscard]] std::vector<PickupRecord> take_pickups() { return std::exchange(pickups_, {}); }

private:
    struct Source {
        std::uint32_t zone;
        double kg_per_s;
    };
    struct Handover {
        double kg;
        engine::Ticks until;  ///< the truck has it from this instant on
    };

    void advance(engine::Ticks now);
    void reschedule(engine::Context& ctx);
    [[nodiscard]] double rate_kg_per_s() const;

    std::shared_ptr<const WastePlan> plan_;
    std::uint32_t index_;
    double capacity_kg_;
    double fill_kg_{0.0};
    double overflowed_kg_{0.0};
    double full_s_{0.0};
    engine::Ticks since_{0};       ///< fill_kg_, overflowed_kg_ and full_s_ are at this time
    std::vector<Source> sources_;  ///< inflow per zone
    std::uint64_t version_{0};     ///< of the scheduled overflow / threshold events
    bool called_{false};           ///< a truck was called and has not come yet
    bool full_{false};             ///< at capacity (its overflow instant is logged)
    std::vector<Handover> handovers_;
    std::vector<engine::Ticks> overflows_;
    std::vector<PickupRecord> pickups_;
};

}  // namespace tuntas::waste
