#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "engine/assert.hpp"

namespace tuntas::engine {

/// An implicit D-ary min-heap over `Entry` (ordered by operator<). D = 2 is the binary heap;
/// D = 4 halves the depth and keeps a node's children in one or two cache lines. Sifts move a
/// hole rather than swapping, so each level costs one move.
template <class Entry, std::size_t D>
class DaryHeap {
    static_assert(D >= 2, "a heap needs at least two children per node");

public:
    /// Number of pending entries.
    [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
    /// True when nothing is pending.
    [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }
    /// The least entry; requires !empty().
    [[nodiscard]] const Entry& top() const noexcept { return entries_.front(); }

    /// Adds an entry, O(log_D n).
    void push(const Entry& entry) {
        entries_.push_back(entry);
        std::size_t hole = entries_.size() - 1;
        while (hole > 0) {
            const std::size_t parent = (hole - 1) / D;
            if (!(entry < entries_[parent])) break;
            entries_[hole] = entries_[parent];
            hole = parent;
        }
        entries_[hole] = entry;
    }

    /// Removes and returns the least entry, O(D log_D n); requires !empty().
    Entry pop() {
        TUNTAS_ASSERT(!entries_.empty(), "pop from an empty heap");
        Entry least = entries_.front();
        Entry last = entries_.back();
        entries_.pop_back();
        const std::size_t n = entries_.size();
        if (n == 0) return least;
        std::size_t hole = 0;
        for (;;) {
            const std::size_t first = hole * D + 1;
            if (first >= n) break;
            const std::size_t end = first + D < n ? first + D : n;
            std::size_t best = first;
            for (std::size_t child = first + 1; child < end; ++child) {
                if (entries_[child] < entries_[best]) best = child;
            }
            if (!(entries_[best] < last)) break;
            entries_[hole] = entries_[best];
            hole = best;
        }
        entries_[hole] = last;
        return least;
    }

private:
    std::vector<Entry> entries_;
};

/// The binary heap (D = 2).
template <class Entry>
using BinaryHeap = DaryHeap<Entry, 2>;

/// The 4-ary heap.
template <class Entry>
using QuaternaryHeap = DaryHeap<Entry, 4>;

}  // namespace tuntas::engine
