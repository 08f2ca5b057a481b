#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "engine/cumulative_weights.hpp"
#include "engine/random_stream.hpp"
#include "engine/ticks.hpp"
#include "models/district/district.hpp"
#include "models/traffic/demand_counts.hpp"
#include "models/traffic/traffic_network.hpp"
#include "models/traffic/traffic_params.hpp"
#include "models/traffic/trip_batch.hpp"

namespace tuntas::traffic {

/// The key of the random stream that thins and repeats trips for what-ifs ("scal"), the same
/// for generated demand and a route file's.
inline constexpr std::uint64_t scale_stream_key = 0x7363'616c;

/// When generated tours leave, in hours after midnight (paser-facts 4): commutes out
/// N(06:45, 35 min) and back N(16:30, 40 min); errands out U(08:00, 19:00), back after
/// U(0.5 h, 3 h).
inline constexpr double commute_out_mean_h = 6.75;
inline constexpr double commute_out_sd_min = 35.0;  ///< of commute_out_mean_h
inline constexpr double commute_back_mean_h = 16.5;
inline constexpr double commute_back_sd_min = 40.0;  ///< of commute_back_mean_h
inline constexpr double errands_out_from_h = 8.0;
inline constexpr double errands_out_to_h = 19.0;
inline constexpr double errands_away_from_h = 0.5;  ///< least time an errand takes
inline constexpr double errands_away_to_h = 3.0;    ///< most time an errand takes

/// Thins (factor < 1) or repeats (factor > 1) the trips that depart after each of `changes`
/// (a what-if), drawing from `random`, a stream of their own so the base demand does not shift.
void scale_demand(std::vector<Trip>& trips, const std::vector<DemandChange>& changes,
                  engine::RandomStream& random);

/// The generated demand of a run, a day at a time: home-based tours from every zone (Poisson
/// count, trips_per_person_per_day / 2 per resident x demand_scale x the day type's factor),
/// destinations by a gravity model on free-flow road time, a class per tour, departures in the
/// peaks (commute: N(06:45, 35 min) out, N(16:30, 40 min) back; paser-facts 4) or over the day
/// (errands: U(08:00, 19:00) out, back after U(0.5 h, 3 h)); external traffic at the gateways;
/// the what-if demand changes; routes on free-flow fastest paths (around the closures in force
/// at departure). Batch b holds the trips that depart on the run's day b (from midnight to
/// midnight, the first from the start, the last to the end), in the order of departure; each
/// random stream runs on from day to day, so the batches are the same made one by one or all
/// at once, and the same as one build of the whole run.
class DemandGenerator {
public:
    /// For a run of `duration` from `start_s_of_day` seconds after midnight, over `network` as
    /// the scenario sets it up (closures, road changes). The district outlives the generator.
    DemandGenerator(const district::District& district, const TrafficParams& params,
                    const TrafficNetwork& network, engine::Ticks duration, double start_s_of_day,
                    std::uint64_t seed);

    /// When each batch's departures begin: 0, then every midnight before the end.
    [[nodiscard]] const std::vector<engine::Ticks>& batch_starts() const { return starts_; }
    /// Batches made so far.
    [[nodiscard]] std::size_t made() const noexcept { return next_; }
    /// True when every batch of the run is made.
    [[nodiscard]] bool done() const noexcept { return next_ == starts_.size(); }
    /// The gateway nodes (a national road's end at the district's edge), in node order.
    [[nodiscard]] const std::vector<std::uint32_t>& gateways() const { return gateways_; }
    /// Per zone, the road nodes its trips begin and end at.
    [[nodiscard]] const std::vector<std::vector<std::uint32_t>>& zone_access() const {
        return zone_access_;
    }

    /// The next batch, routed (its trips' route_links set); counts what else the day made
    /// (walkers, in-zone trips, trips with no path) in `counts`. Given `keep`, only the trips
    /// it keeps are routed and returned (the random streams run on as without it).
    [[nodiscard]] TripBatch next_batch(DemandCounts& counts,
                                       const std::function<bool(const Trip&)>& keep = {});

private:
    void draw_tours(int day, std::vector<Trip>& trips, DemandCounts& counts);
    /// The tour factor of day `day`'s type (friday_trip_factor, ...).
    [[nodiscard]] double day_factor(int day) const;
    /// About the most vehicle trips on the network day `day`'s tours make (to reserve them).
    [[nodiscard]] std::size_t expected_tour_trips(int day) const;
    void draw_external(int day, DemandCounts& counts);
    void route(TripBatch& batch, DemandCounts& counts) const;

    const district::District* district_;
    TrafficParams params_;
    const TrafficNetwork* network_;
    double duration_s_;
    double start_s_of_day_;
    std::vector<engine::Ticks> starts_;
    std::size_t next_{0};
    std::vector<std::vector<std::uint32_t>> zone_access_;        // per zone: its trips' road nodes
    std::vector<engine::CumulativeWeights> destination_choice_;  // per zone: its tours' gravity
                                                                 // weights, to draw from
    std::vector<double> away_share_;  // per zone: the share of its tours that leave it
    std::vector<double> class_weights_;
    engine::RandomStream tour_random_;
    std::uint64_t tours_made_{0};
    std::vector<std::uint32_t> gateways_;
    std::vector<engine::CumulativeWeights> gateway_choice_;  // per gateway: zones' weights seen
                                                             // from it, to draw from
    engine::RandomStream external_random_;
    std::uint32_t external_tour_{0x8000'0000U};  // external tours' ids, apart from residents'
    engine::RandomStream scale_random_;
    std::vector<Trip> pending_external_;  // drawn, departing in a later batch (back after
                                          // midnight)
    // The closures as the scenario sets them (live blocks later do not re-plan departures).
    std::vector<bool> closed_;
    std::vector<std::pair<engine::Ticks, engine::Ticks>> closure_windows_;
};

}  // namespace tuntas::traffic
