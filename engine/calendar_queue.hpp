#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include "engine/assert.hpp"
#include "engine/ticks.hpp"

namespace tuntas::engine {

/// Brown's calendar queue (CACM 31(10), 1988) over `Entry` (with a `time` member in ticks and
/// operator<): a ring of time buckets, one "day" wide each, that is scanned like a desk calendar.
/// O(1) expected per operation when the bucket width fits the event density; the ring doubles or
/// halves as the size changes and the width is re-estimated from the earliest events (Brown's
/// rule: three times their mean separation, ignoring outliers).
template <class Entry>
class CalendarQueue {
public:
    CalendarQueue() { rebuild(2, 1); }

    /// Number of pending entries.
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    /// True when nothing is pending.
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }

    /// The least entry; requires !empty().
    [[nodiscard]] const Entry& top() const {
        locate();
        return buckets_[current_].back();
    }

    /// Adds an entry (time >= 0).
    void push(const Entry& entry) {
        TUNTAS_ASSERT(entry.time >= 0, "calendar queue times must be non-negative");
        if (size_ == 0 || entry.time < bucket_top_ - width_) {
            // Earlier than the day being scanned: restart the scan at the entry's own day.
            current_ = bucket_of(entry.time);
            bucket_top_ = day_end(entry.time);
        }
        insert(entry);
        ++size_;
        if (size_ > 2 * buckets_.size()) resize(2 * buckets_.size());
    }

    /// Removes and returns the least entry; requires !empty().
    Entry pop() {
        TUNTAS_ASSERT(size_ > 0, "pop from an empty calendar queue");
        locate();
        auto& bucket = buckets_[current_];
        Entry least = bucket.back();
        bucket.pop_back();
        --size_;
        if (buckets_.size() > 2 && size_ < buckets_.size() / 2) resize(buckets_.size() / 2);
        return least;
    }

private:
    [[nodiscard]] std::size_t bucket_of(Ticks time) const noexcept {
        return static_cast<std::size_t>(time / width_) & mask_;
    }
    [[nodiscard]] Ticks day_end(Ticks time) const noexcept { return (time / width_ + 1) * width_; }

    // Buckets are sorted in descending key order, so the least entry is at back().
    void insert(const Entry& entry) {
        auto& bucket = buckets_[bucket_of(entry.time)];
        const auto at = std::upper_bound(bucket.begin(), bucket.end(), entry,
                                         [](const Entry& a, const Entry& b) { return b < a; });
        bucket.insert(at, entry);
    }

    // Moves the scan position to the bucket holding the least entry.
    void locate() const {
        TUNTAS_ASSERT(size_ > 0, "no entry to locate");
        for (std::size_t step = 0; step < buckets_.size(); ++step) {
            const auto& bucket = buckets_[current_];
            if (!bucket.empty() && bucket.back().time < bucket_top_) return;
            current_ = (current_ + 1) & mask_;
            bucket_top_ += width_;
        }
        // A whole year without an event due: jump straight to the least entry (Brown's
        // "direct search").
        std::size_t best = buckets_.size();
        for (std::size_t i = 0; i < buckets_.size(); ++i) {
            if (buckets_[i].empty()) continue;
            if (best == buckets_.size() || buckets_[i].back() < buckets_[best].back()) best = i;
        }
        current_ = best;
        bucket_top_ = day_end(buckets_[best].back().time);
    }

    void resize(std::size_t bucket_count) {
        std::vector<Entry> all;
        all.reserve(size_);
        for (auto& bucket : buckets_) all.insert(all.end(), bucket.begin(), bucket.end());
        std::sort(all.begin(), all.end());
        rebuild(bucket_count, estimate_width(all));
        for (const Entry& entry : all) insert(entry);
        if (!all.empty()) {
            current_ = bucket_of(all.front().time);
            bucket_top_ = day_end(all.front().time);
        }
    }

    // Brown's width: 3 x the mean gap between the earliest entries, after dropping gaps over
    // twice the first mean. `sorted` is in key order.
    [[nodiscard]] Ticks estimate_width(const std::vector<Entry>& sorted) const {
        const std::size_t sample = std::min<std::size_t>(sorted.size(), 25);
        if (sample < 2) return width_;
        const double span = static_cast<double>(sorted[sample - 1].time - sorted[0].time);
        const double mean_gap = span / static_cast<double>(sample - 1);
        double kept_sum = 0.0;
        std::size_t kept = 0;
        for (std::size_t i = 1; i < sample; ++i) {
            const auto gap = static_cast<double>(sorted[i].time - sorted[i - 1].time);
            if (gap <= 2.0 * mean_gap) {
                kept_sum += gap;
                ++kept;
            }
        }
        const double gap = kept > 0 ? kept_sum / static_cast<double>(kept) : mean_gap;
        return std::max<Ticks>(1, static_cast<Ticks>(3.0 * gap));
    }

    void rebuild(std::size_t bucket_count, Ticks width) {
        buckets_.assign(bucket_count, {});
        mask_ = bucket_count - 1;
        width_ = width;
        current_ = 0;
        bucket_top_ = width_;
    }

    std::vector<std::vector<Entry>> buckets_;
    std::size_t mask_{0};
    Ticks width_{1};
    std::size_t size_{0};
    mutable std::size_t current_{0};  // the day being scanned: top() may advance it
    mutable Ticks bucket_top_{1};     // end (exclusive) of the current day
};

}  // namespace tuntas::engine
