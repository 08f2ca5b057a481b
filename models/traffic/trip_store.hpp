#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <vector>

#include "engine/ticks.hpp"
#include "models/traffic/trip.hpp"
#include "models/traffic/trip_batch.hpp"

namespace tuntas::traffic {

/// The trips of a run, held a batch at a time: generated demand joins a day's departures ahead
/// of them and leaves once those trips are done, so memory does not grow with simulated time.
/// Trip ids run on across batches (a batch's first id follows the last of the one before).
/// Batches are added and released only between windows; node LPs read it while handlers run.
class TripStore {
public:
    /// An empty store for `node_count` nodes, one batch planned from t = 0 to the end.
    explicit TripStore(std::size_t node_count = 0) : TripStore(node_count, {0}) {}
    /// An empty store for `node_count` nodes whose batch b holds the departures in
    /// [batch_starts[b], batch_starts[b + 1]) (the last to the end of the run).
    TripStore(std::size_t node_count, std::vector<engine::Ticks> batch_starts);

    /// Adds the next planned batch: its trips get the next ids, in their order; each node's
    /// departures are indexed by time, then id. Throws engine::InternalError when every planned
    /// batch is there already or a trip departs outside the batch's span.
    void add(TripBatch batch);
    /// Frees batch `b`'s trips and routes: none of them is looked up again (every one arrived,
    /// or will never leave).
    void release(std::size_t b);
    /// Keeps of batch `b` only the trips `keep(id)` names (those not done), with their routes:
    /// the others are not looked up again. Their departures stay where they were. A batch may
    /// be compacted again.
    template <class Keep>
    void compact(std::size_t b, Keep keep) {
        Batch& batch = batches_.at(b);
        if (batch.released) return;
        std::vector<std::uint32_t> kept;
        for_each_id(b, [&](std::uint32_t id) {
            if (keep(id)) kept.push_back(id);
        });
        if (batch.compacted && kept.size() == batch.kept.size()) return;
        compact(batch, std::move(kept));
    }

    /// The trip with id `id` (of a batch added, not released, and kept if compacted).
    [[nodiscard]] const Trip& operator[](std::uint32_t id) const {
        const Batch& batch = batches_[batch_of(id)];
        if (!batch.compacted) [[likely]]
            return batch.trips[id - batch.first_id];
        return batch.trips[static_cast<std::size_t>(
            std::lower_bound(batch.kept.begin(), batch.kept.end(), id) - batch.kept.begin())];
    }
    /// Ids given so far: the next batch's first id.
    [[nodiscard]] std::uint32_t size() const noexcept { return next_id_; }
    /// The batch that holds trip `id` (added).
    [[nodiscard]] std::size_t batch_of(std::uint32_t id) const noexcept {
        std::size_t b = batches_.size() - 1;
        while (b > 0 && batches_[b].first_id > id) --b;
        return b;
    }

    /// Batches planned for the run.
    [[nodiscard]] std::size_t planned() const noexcept { return starts_.size(); }
    /// Batches added so far (the next one to add has this index).
    [[nodiscard]] std::size_t added() const noexcept { return batches_.size(); }
    /// When batch `b`'s departures begin.
    [[nodiscard]] engine::Ticks start_of(std::size_t b) const { return starts_.at(b); }
    /// The ids of batch `b` (added): [first, end).
    [[nodiscard]] std::uint32_t first_id(std::size_t b) const { return batches_.at(b).first_id; }
    [[nodiscard]] std::uint32_t end_id(std::size_t b) const {
        return b + 1 < batches_.size() ? batches_[b + 1].first_id : next_id_;
    }
    /// The ids batch `b` still holds: all of them, or those kept when it was compacted.
    template <class Visit>
    void for_each_id(std::size_t b, Visit visit) const {
        const Batch& batch = batches_.at(b);
        if (batch.released) return;
        if (batch.compacted) {
            for (const std::uint32_t id : batch.kept) visit(id);
        } else {
            for (std::uint32_t id = batch.first_id; id < end_id(b); ++id) visit(id);
        }
    }
    /// True when batch `b` was released.
    [[nodiscard]] bool released(std::size_t b) const { return batches_.at(b).released; }
    /// The trips leaving node `node` in batch `b` (added), by departure time, then id.
    [[nodiscard]] std::span<const std::uint32_t> departures(std::size_t b,
                                                            std::uint32_t node) const {
        const Batch& batch = batches_[b];
        return std::span(batch.departures)
            .subspan(batch.departures_at[node],
                     batch.departures_at[node + 1] - batch.departures_at[node]);
    }

    /// An iterator over the trips held now, batch by batch, in id order.
    class const_iterator {
    public:
        using value_type = Trip;
        using difference_type = std::ptrdiff_t;
        using reference = const Trip&;
        using pointer = const Trip*;
        using iterator_category = std::forward_iterator_tag;
        const_iterator() = default;
        const_iterator(const TripStore* store, std::size_t batch, std::size_t k)
            : store_(store),
              batch_(batch),
              k_(k) {
            skip_empty();
        }
        reference operator*() const { return store_->batches_[batch_].trips[k_]; }
        pointer operator->() const { return &**this; }
        const_iterator& operator++() {
            ++k_;
            skip_empty();
            return *this;
        }
        const_iterator operator++(int) {
            auto before = *this;
            ++*this;
            return before;
        }
        bool operator==(const const_iterator& other) const {
            return batch_ == other.batch_ && k_ == other.k_;
        }

    private:
        void skip_empty() {
            while (batch_ < store_->batches_.size() &&
                   k_ >= store_->batches_[batch_].trips.size()) {
                ++batch_;
                k_ = 0;
            }
        }
        const TripStore* store_{nullptr};
        std::size_t batch_{0};
        std::size_t k_{0};
    };
    /// The trips held now (not those released or compacted away), batch by batch.
    [[nodiscard]] const_iterator begin() const { return {this, 0, 0}; }
    [[nodiscard]] const_iterator end() const { return {this, batches_.size(), 0}; }

    /// Trips held now, and the most held at once.
    [[nodiscard]] std::size_t live_trips() const noexcept { return live_; }
    [[nodiscard]] std::size_t peak_live_trips() const noexcept { return peak_live_; }

private:
    struct Batch {
        std::uint32_t first_id{0};
        std::vector<Trip> trips;
        std::vector<std::uint32_t> route_links;
        std::vector<std::uint32_t> departures_at;  // per node, into departures; one past the end
        std::vector<std::uint32_t> departures;
        std::vector<std::uint32_t> kept;  // compacted: the ids of `trips`, in order
        bool compacted{false};
        bool released{false};
    };

    void compact(Batch& batch, std::vector<std::uint32_t> kept);

    std::size_t node_count_{0};
    std::vector<engine::Ticks> starts_;
    std::vector<Batch> batches_;
    std::uint32_t next_id_{0};
    std::size_t live_{0};
    std::size_t peak_live_{0};
};

}  // namespace tuntas::traffic
