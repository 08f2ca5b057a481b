#pragma once

#include <cstdint>

#include "engine/lp.hpp"
#include "engine/ticks.hpp"

namespace tuntas::example {

/// A ticker: an LP that sends itself an event every `period`, from `period` on, and counts them.
/// The example model's one mechanism: after a run that ends at T (exclusive), it has ticked
/// ceil(T / period) - 1 times.
class TickerLp final : public engine::Lp {
public:
    /// The only event kind it sends.
    static constexpr engine::EventKind tick = 1;

    /// A ticker with `period` > 0.
    explicit TickerLp(engine::Ticks period);

    void init(engine::Context& ctx) override;
    void on_event(const engine::Event& event, engine::Context& ctx) override;

    /// Ticks so far.
    [[nodiscard]] std::uint64_t ticks() const noexcept { return ticks_; }

private:
    engine::Ticks period_;
    std::uint64_t ticks_{0};
};

}  // namespace tuntas::example
