#pragma once

#include <cstdint>
#include <vector>

#include "engine/ticks.hpp"

namespace tuntas::telecom {

/// A sector's voice channels, a loss system (M/G/N/N: blocking follows Erlang B): a call takes a
/// free channel for its holding time or is blocked when all are busy. Hang-ups are kept as
/// instants and released lazily, so a call costs one event, not two.
class VoiceChannels {
public:
    explicit VoiceChannels(std::uint32_t channels) : channels_(channels) {}

    /// A call at `now` that would hold a channel for `holding`: true when it gets one.
    bool offer(engine::Ticks now, engine::Ticks holding);
    /// Hangs up every call (its site went off the air).
    void clear() noexcept { ends_.clear(); }
    /// Channels busy at `t` (t at or after the last offer).
    [[nodiscard]] std::uint32_t busy_at(engine::Ticks t) const;
    [[nodiscard]] std::uint32_t channels() const noexcept { return channels_; }
    [[nodiscard]] std::uint64_t offered() const noexcept { return offered_; }
    [[nodiscard]] std::uint64_t blocked() const noexcept { return blocked_; }

private:
    std::uint32_t channels_;
    std::vector<engine::Ticks> ends_;  ///< min-heap of busy channels' hang-up instants
    std::uint64_t offered_{0};
    std::uint64_t blocked_{0};
};

/// Erlang B: the share of calls blocked with `channels` servers and `erlangs` of offered load
/// (by the stable recursion B(0) = 1, B(n) = A B(n-1) / (n + A B(n-1))).
[[nodiscard]] double erlang_b(std::uint32_t channels, double erlangs);

}  // namespace tuntas::telecom
