#include "models/example/ticker_lp.hpp"

#include "engine/assert.hpp"
#include "engine/context.hpp"

namespace tuntas::example {

TickerLp::TickerLp(engine::Ticks period) : period_(period) {
    TUNTAS_ASSERT(period > 0, "a ticker's period must be positive");
}

void TickerLp::init(engine::Context& ctx) {
    ctx.send(ctx.self(), period_, tick);
}

void TickerLp::on_event(const engine::Event& /*event*/, engine::Context& ctx) {
    ++ticks_;
    ctx.send(ctx.self(), period_, tick);
}

}  // namespace tuntas::example
