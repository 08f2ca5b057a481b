#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/lp.hpp"
#include "models/waste/events.hpp"
#include "models/waste/waste_plan.hpp"

namespace tuntas::waste {

/// The threshold policy's control room: containers that pass the fill threshold call; a truck
/// that can take work gets the waiting call nearest to it (free-flow time); a call that finds no
/// free truck waits for the first one to come free, which then takes the nearest call. Under the
/// mixed policy a planned visit voids its container's waiting call.
class DispatcherLp final : public engine::Lp {
public:
    explicit DispatcherLp(std::shared_ptr<const WastePlan> plan);

    void on_event(const engine::Event& event, engine::Context& ctx) override;

    /// Calls waiting for a truck.
    [[nodiscard]] std::size_t waiting_calls() const noexcept { return calls_.size(); }

private:
    std::shared_ptr<const WastePlan> plan_;
    std::vector<TruckCall> calls_;   ///< in arrival order
    std::vector<TruckStatus> free_;  ///< trucks waiting for work, in arrival order
};

}  // namespace tuntas::waste
