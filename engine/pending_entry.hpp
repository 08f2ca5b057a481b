#pragma once

#include <cstdint>

#include "engine/lp_id.hpp"
#include "engine/ticks.hpp"

namespace tuntas::engine {

/// The compact key of a pending event (16 bytes of key + a 4-byte pool slot): the body lives in
/// an EventPool so that queue operations move 24 bytes, not a whole event.
struct PendingEntry {
    Ticks time{0};           ///< when the event happens
    std::uint64_t order{0};  ///< (sender << 32) | sender's sequence: the tie-break
    std::uint32_t slot{0};   ///< where the body sits in the EventPool

    /// Packs the tie-break (sender, sequence) into one comparable word.
    [[nodiscard]] static constexpr std::uint64_t make_order(LpId sender,
                                                            std::uint32_t sequence) noexcept {
        return (static_cast<std::uint64_t>(sender) << 32) | sequence;
    }

    /// Strict order by (time, sender, sequence).
    [[nodiscard]] friend constexpr bool operator<(const PendingEntry& a,
                                                  const PendingEntry& b) noexcept {
        return a.time < b.time || (a.time == b.time && a.order < b.order);
    }
};

}  // namespace tuntas::engine
