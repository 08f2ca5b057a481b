#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <utility>
#include <vector>

#include "engine/lp.hpp"
#include "models/waste/events.hpp"
#include "models/waste/waste_plan.hpp"

namespace tuntas::waste {

/// A truck served at a gate, as logged.
struct UnloadRecord {
    std::uint32_t truck{0};
    double kg{0.0};
    engine::Ticks arrived{0};
    engine::Ticks started{0};
    engine::Ticks done{0};
};

/// Where trucks unload: the TPA gate and weighbridge, or a TPS3R. One truck at a time, first
/// come first served, a fixed service time each (M/D/1 under Poisson arrivals); while closed (a
/// what-if) trucks wait. A TPS3R recycles its recovery share; the rest counts as landfilled
/// (its residue goes on to the TPA by the TPS3R's own transport, not simulated).
class GateLp final : public engine::Lp {
public:
    GateLp(std::shared_ptr<const WastePlan> plan, std::uint32_t index);

    void init(engine::Context& ctx) override;
    void on_event(const engine::Event& event, engine::Context& ctx) override;

    /// Waste landfilled so far, kg (events before the sample instant).
    [[nodiscard]] double landfilled_kg() const noexcept { return landfilled_kg_; }
    /// Waste recycled so far, kg.
    [[nodiscard]] double recycled_kg() const noexcept { return recycled_kg_; }
    /// Trucks at the gate, waiting or in service.
    [[nodiscard]] std::size_t trucks_at_gate() const noexcept {
        return queue_.size() + (busy_ ? 1U : 0U);
    }
    /// Trucks served since the last take.
    [[nodiscard]] std::vector<UnloadRecord> take_log() { return std::exchange(log_, {}); }

private:
    void try_start(engine::Context& ctx);
    [[nodiscard]] bool closed_at(engine::Ticks t, engine::Ticks* until) const;

    std::shared_ptr<const WastePlan> plan_;
    std::uint32_t index_;
    std::deque<UnloadRecord> queue_;
    bool busy_{false};
    UnloadRecord in_service_;
    double landfilled_kg_{0.0};
    double recycled_kg_{0.0};
    std::vector<UnloadRecord> log_;
};

}  // namespace tuntas::waste
