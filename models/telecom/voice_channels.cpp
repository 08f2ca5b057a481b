#include "models/telecom/voice_channels.hpp"

#include <algorithm>
#include <functional>

namespace tuntas::telecom {

bool VoiceChannels::offer(engine::Ticks now, engine::Ticks holding) {
    ++offered_;
    while (!ends_.empty() && ends_.front() <= now) {
        std::pop_heap(ends_.begin(), ends_.end(), std::greater<>{});
        ends_.pop_back();
    }
    if (ends_.size() >= channels_) {
        ++blocked_;
        return false;
    }
    ends_.push_back(now + holding);
    std::push_heap(ends_.begin(), ends_.end(), std::greater<>{});
    return true;
}

std::uint32_t VoiceChannels::busy_at(engine::Ticks t) const {
    return static_cast<std::uint32_t>(
        std::count_if(ends_.begin(), ends_.end(), [&](engine::Ticks end) { return end > t; }));
}

double erlang_b(std::uint32_t channels, double erlangs) {
    double b = 1.0;
    for (std::uint32_t n = 1; n <= channels; ++n) b = erlangs * b / (n + erlangs * b);
    return b;
}

}  // namespace tuntas::telecom
