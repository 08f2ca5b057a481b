#include "models/telecom/voice_sector_lp.hpp"

#include "engine/context.hpp"

namespace tuntas::telecom {

void VoiceSectorLp::on_event(const engine::Event& event, engine::Context& ctx) {
    if (event.kind == call_arrival) {
        ++offered_;
        if (busy_ >= channels_) {
            ++blocked_;
            return;
        }
        ++busy_;
        ctx.send(ctx.self(), engine::ticks_from_seconds(event.payload.as<CallRequest>().holding_s), call_end);
    } else if (event.kind == call_end) {
        --busy_;
    }
}

double erlang_b(std::uint32_t channels, double erlangs) {
    double b = 1.0;
    for (std::uint32_t n = 1; n <= channels; ++n) b = erlangs * b / (n + erlangs * b);
    return b;
}

}  // namespace tuntas::telecom
