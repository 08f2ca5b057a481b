#pragma once

#include <cstdint>
#include <memory>

#include "engine/lp.hpp"
#include "models/waste/waste_plan.hpp"

namespace tuntas::waste {

/// A zone's waste generation: kg per person per day x the people present (kept from the
/// traffic model's person_left / person_arrived) x the hour-of-day profile, recomputed every
/// generation step and sent on as inflow rates to the zone's containers (served share). A waste
/// bank takes part of the plastic and paper at source; the rest of an unserved zone's waste,
/// and the unserved share of a served one, is uncollected (burnt, buried or dumped).
class ZoneWasteLp final : public engine::Lp {
public:
    ZoneWasteLp(std::shared_ptr<const WastePlan> plan, std::uint32_t zone);

    void init(engine::Context& ctx) override;
    void on_event(const engine::Event& event, engine::Context& ctx) override;

    /// People present now.
    [[nodiscard]] double present() const noexcept { return present_; }
    /// Waste generated up to `t`, kg (piecewise constant rates: exact).
    [[nodiscard]] double generated_kg_at(engine::Ticks t) const;
    /// Waste left uncollected up to `t`, kg.
    [[nodiscard]] double uncollected_kg_at(engine::Ticks t) const;
    /// Recyclables a waste bank took up to `t`, kg.
    [[nodiscard]] double banked_kg_at(engine::Ticks t) const;

private:
    void update_rates(engine::Context& ctx);

    std::shared_ptr<const WastePlan> plan_;
    std::uint32_t zone_;
    double present_{0.0};
    engine::Ticks since_{0};
    double rate_kg_per_s_{0.0};     ///< all generation
    double uncollected_rate_{0.0};  ///< kg/s of it left uncollected
    double banked_rate_{0.0};       ///< kg/s of it taken by a waste bank
    double generated_kg_{0.0};      ///< up to since_
    double uncollected_kg_{0.0};
    double banked_kg_{0.0};
};

}  // namespace tuntas::waste
