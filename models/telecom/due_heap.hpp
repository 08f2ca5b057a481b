#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "engine/ticks.hpp"

namespace tuntas::telecom {

/// When each of a set of keys (routes) is next due: a binary min-heap with one entry per key and
/// each key's position, so a key's instant moves in place in O(log n) and the heap never holds
/// stale entries. Ties go to the lower key, so the order is fully determined.
class DueHeap {
public:
    /// Sets `key`'s instant to `at`, adding the key if it is not in the heap.
    void set(std::uint32_t key, engine::Ticks at) {
        if (key >= position_.size()) position_.resize(key + 1, absent);
        std::size_t hole = position_[key];
        if (hole == absent) {
            hole = entries_.size();
            entries_.emplace_back();  // the hole, filled below
        }
        const Entry entry{at, key};
        put(sift_down(sift_up(hole, entry), entry), entry);
    }

    /// Removes `key` if it is in the heap.
    void erase(std::uint32_t key) {
        if (key >= position_.size() || position_[key] == absent) return;
        const std::size_t hole = position_[key];
        position_[key] = absent;
        const Entry last = entries_.back();
        entries_.pop_back();
        if (hole == entries_.size()) return;  // it was the last entry
        put(sift_down(sift_up(hole, last), last), last);
    }

    /// True when no key is due.
    [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }
    /// The key due first; requires !empty().
    [[nodiscard]] std::uint32_t top_key() const noexcept { return entries_.front().key; }
    /// When the first key is due; requires !empty().
    [[nodiscard]] engine::Ticks top_at() const noexcept { return entries_.front().at; }
    /// Keys in the heap.
    [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }

private:
    struct Entry {
        engine::Ticks at{0};
        std::uint32_t key{0};
    };
    static constexpr std::size_t absent = std::numeric_limits<std::size_t>::max();

    [[nodiscard]] static bool before(const Entry& a, const Entry& b) noexcept {
        return a.at < b.at || (a.at == b.at && a.key < b.key);
    }

    // Move the hole up while `entry` belongs above it; returns where the hole stops.
    std::size_t sift_up(std::size_t hole, const Entry& entry) {
        while (hole > 0) {
            const std::size_t parent = (hole - 1) / 2;
            if (!before(entry, entries_[parent])) break;
            put(hole, entries_[parent]);
            hole = parent;
        }
        return hole;
    }

    // Move the hole down while a child belongs above `entry`; returns where the hole stops.
    std::size_t sift_down(std::size_t hole, const Entry& entry) {
        const std::size_t n = entries_.size();
        for (;;) {
            std::size_t child = 2 * hole + 1;
            if (child >= n) break;
            if (child + 1 < n && before(entries_[child + 1], entries_[child])) ++child;
            if (!before(entries_[child], entry)) break;
            put(hole, entries_[child]);
            hole = child;
        }
        return hole;
    }

    void put(std::size_t index, const Entry& entry) {
        entries_[index] = entry;
        position_[entry.key] = index;
    }

    std::vector<Entry> entries_;
    std::vector<std::size_t> position_;  ///< by key: index in entries_, or absent
};

}  // namespace tuntas::telecom
