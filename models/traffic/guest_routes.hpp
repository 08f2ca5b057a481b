#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace tuntas::traffic {

/// The paths of guest vehicles (driven by another model: waste trucks) through the road
/// network, one leg at a time: the links of each guest's current leg, in order. A guest's owner
/// sets the leg (set) before it sends the guest in (guest_enter, the network's notice_delay
/// later); node LPs read it (links) while the guest drives; the owner sets the next leg only
/// after it heard the guest arrive (guest_arrived, notice_delay after the last read). So a write
/// and the reads of one leg always lie in different windows, the barrier between them ordering
/// them, and each guest's path is touched by one LP at a time. Held per guest, not as a next
/// link per road node and destination: that table (nodes x truck stops) was 3 GB at 30 million
/// people.
class GuestRoutes {
public:
    /// Room for `guests` guests, each without a leg.
    explicit GuestRoutes(std::size_t guests) : links_(guests) {}

    /// Sets guest `guest`'s current leg.
    void set(std::uint32_t guest, std::vector<std::uint32_t> links) {
        links_[guest] = std::move(links);
    }
    /// The links of guest `guest`'s current leg (empty: none, or it starts where it ends).
    [[nodiscard]] const std::vector<std::uint32_t>& links(std::uint32_t guest) const {
        return links_[guest];
    }

private:
    std::vector<std::vector<std::uint32_t>> links_;
};

}  // namespace tuntas::traffic
