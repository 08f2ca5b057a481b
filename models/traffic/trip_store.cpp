#include "models/traffic/trip_store.hpp"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "engine/assert.hpp"

namespace tuntas::traffic {

TripStore::TripStore(std::size_t node_count, std::vector<engine::Ticks> batch_starts)
    : node_count_(node_count),
      starts_(std::move(batch_starts)) {
    TUNTAS_ASSERT(!starts_.empty() && starts_.front() == 0 &&
                      std::is_sorted(starts_.begin(), starts_.end()),
                  "batches start at 0, in order");
}

void TripStore::add(TripBatch batch) {
    const std::size_t b = batches_.size();
    TUNTAS_ASSERT(b < starts_.size(), fmt::format("batch {} of {} planned", b + 1, starts_.size()));
    // Ids from 2^31 are guest vehicles' (TrafficNetwork::guest_id_base).
    TUNTAS_ASSERT(batch.trips.size() <= (std::uint32_t{1} << 31) - next_id_,
                  "trip ids stay below 2^31");
    const engine::Ticks from = b == 0 ? std::numeric_limits<engine::Ticks>::min() : starts_[b];
    const engine::Ticks to = b + 1 < starts_.size() ? starts_[b + 1] : engine::ticks_max;
    batch.link_routes();  // the buffers move with the vectors: the pointers stay good
    Batch stored{.first_id = next_id_,
                 .trips = std::move(batch.trips),
                 .route_links = std::move(batch.route_links)};
    stored.departures_at.assign(node_count_ + 1, 0);
    for (Trip& trip : stored.trips) {
        TUNTAS_ASSERT(
            trip.depart >= from && trip.depart < to,
            fmt::format("a trip of batch {} departs at {} ticks, outside it", b, trip.depart));
        TUNTAS_ASSERT(trip.origin_node < node_count_ && trip.route_end <= stored.route_links.size(),
                      "a trip's origin and route lie in its network and batch");
        ++stored.departures_at[trip.origin_node + 1];
    }
    for (std::size_t n = 0; n < node_count_; ++n)
        stored.departures_at[n + 1] += stored.departures_at[n];
    stored.departures.resize(stored.trips.size());
    std::vector<std::uint32_t> filled(stored.departures_at.begin(), stored.departures_at.end() - 1);
    for (std::uint32_t k = 0; k < stored.trips.size(); ++k)
        stored.departures[filled[stored.trips[k].origin_node]++] = next_id_ + k;
    for (std::size_t n = 0; n < node_count_; ++n) {
        const auto first = stored.departures.begin() + stored.departures_at[n];
        const auto last = stored.departures.begin() + stored.departures_at[n + 1];
        std::stable_sort(first, last, [&](std::uint32_t a, std::uint32_t c) {
            return stored.trips[a - stored.first_id].depart <
                   stored.trips[c - stored.first_id].depart;
        });
    }
    next_id_ += static_cast<std::uint32_t>(stored.trips.size());
    live_ += stored.trips.size();
    peak_live_ = std::max(peak_live_, live_);
    batches_.push_back(std::move(stored));
}

void TripStore::compact(Batch& batch, std::vector<std::uint32_t> kept) {
    TripBatch smaller;
    smaller.trips.reserve(kept.size());
    for (const std::uint32_t id : kept) {
        const Trip& trip = (*this)[id];
        smaller.add(trip, trip.route());
    }
    smaller.link_routes();
    live_ -= batch.trips.size() - kept.size();
    batch.trips = std::move(smaller.trips);
    batch.route_links = std::move(smaller.route_links);
    batch.kept = std::move(kept);
    batch.compacted = true;
}

void TripStore::release(std::size_t b) {
    Batch& batch = batches_.at(b);
    if (batch.released) return;
    live_ -= batch.trips.size();
    // Fresh vectors, not `= {}` (an empty initializer list keeps the capacity).
    batch.trips = std::vector<Trip>();
    batch.route_links = std::vector<std::uint32_t>();
    batch.departures = std::vector<std::uint32_t>();
    batch.departures_at = std::vector<std::uint32_t>();
    batch.kept = std::vector<std::uint32_t>();
    batch.released = true;
}

}  // namespace tuntas::traffic
