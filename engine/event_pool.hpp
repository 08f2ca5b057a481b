#pragma once

#include <cstdint>
#include <vector>

#include "engine/assert.hpp"

namespace tuntas::engine {

/// Fixed-size slots for event bodies, reused through a free list: after warm-up, scheduling an
/// event allocates nothing. Slots are 32-bit indices, stable while the body is pending.
template <class Body>
class EventPool {
public:
    /// Stores `body` and returns its slot.
    std::uint32_t acquire(const Body& body) {
        if (!free_.empty()) {
            const std::uint32_t slot = free_.back();
            free_.pop_back();
            bodies_[slot] = body;
            return slot;
        }
        TUNTAS_ASSERT(bodies_.size() < UINT32_MAX, "event pool exhausted (2^32 pending events)");
        bodies_.push_back(body);
        return static_cast<std::uint32_t>(bodies_.size() - 1);
    }

    /// The body in `slot`; valid until release(slot).
    [[nodiscard]] const Body& operator[](std::uint32_t slot) const noexcept {
        return bodies_[slot];
    }

    /// Hints the cache to fetch the body in `slot`, which is read soon (a valid slot).
    void prefetch(std::uint32_t slot) const noexcept { __builtin_prefetch(&bodies_[slot]); }

    /// Returns `slot` to the free list.
    void release(std::uint32_t slot) { free_.push_back(slot); }

private:
    std::vector<Body> bodies_;
    std::vector<std::uint32_t> free_;
};

}  // namespace tuntas::engine
