#pragma once

#include <cstdint>

#include "engine/lp.hpp"
#include "models/telecom/events.hpp"

namespace tuntas::telecom {

/// A sector's voice channels: a call takes a free channel for its holding time, or is blocked
/// when all are busy (a loss system, M/G/N/N: blocking follows Erlang B).
class VoiceSectorLp final : public engine::Lp {
public:
    explicit VoiceSectorLp(std::uint32_t channels) : channels_(channels) {}

    void on_event(const engine::Event& event, engine::Context& ctx) override;

    [[nodiscard]] std::uint64_t offered() const noexcept { return offered_; }
    [[nodiscard]] std::uint64_t blocked() const noexcept { return blocked_; }
    [[nodiscard]] std::uint32_t busy() const noexcept { return busy_; }

private:
    std::uint32_t channels_;
    std::uint32_t busy_{0};
    std::uint64_t offered_{0};
    std::uint64_t blocked_{0};
};

/// Erlang B: the share of calls blocked with `channels` servers and `erlangs` of offered load
/// (by the stable recursion B(0) = 1, B(n) = A B(n-1) / (n + A B(n-1))).
[[nodiscard]] double erlang_b(std::uint32_t channels, double erlangs);

}  // namespace tuntas::telecom
