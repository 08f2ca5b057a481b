#pragma once

#include <cstdint>
#include <future>
#include <memory>
#include <utility>
#include <vector>

#include "engine/row_event_table.hpp"
#include "engine/series.hpp"
#include "engine/ticks.hpp"
#include "models/api/model_instance.hpp"
#include "models/district/district.hpp"
#include "models/traffic/node_lp.hpp"
#include "models/traffic/rerouter.hpp"
#include "models/traffic/traffic_builder.hpp"
#include "models/traffic/traffic_datasets.hpp"

namespace tuntas::traffic {

/// Where a trip is when its row is written: arrived, or (at the end of the run) on the road or
/// still waiting at its origin to enter its first link.
enum class TripStatus : std::int64_t { arrived = 0, en_route = 1, not_departed = 2 };

/// A row of the trips table: a trip that arrived, or one that had not when the run ended.
struct TripRow {
    std::uint32_t id{0};
    const Trip* trip{nullptr};
    TripStatus status{TripStatus::arrived};
    engine::Ticks until{0};  ///< its arrival, or the end of the run
};

/// The span of the run that is measured, in simulation time: from the end of the warm-up to
/// the end of the run. KPIs and the trips table count the trips that depart in it.
struct MeasuredSpan {
    engine::Ticks from{0};
    engine::Ticks to{0};
    [[nodiscard]] bool contains(engine::Ticks t) const { return t >= from && t < to; }
};

/// A road link blocked from a sample instant (file edit or live knob): same effect either way.
struct LinkBlock {
    engine::Ticks at;
    std::uint32_t link;
    engine::Ticks until;
};

/// The traffic model assembled into a run. Between windows it applies link blocks that are due
/// and re-routes on the travel times observed (traffic_plugin.cpp); it records link series, zone
/// presence, the trips table, the network's static tables and the KPIs (traffic_outputs.cpp).
class TrafficInstance final : public model::ModelInstance {
public:
    /// `node_lps[n]` is node n's LP; the district outlives the run.
    /// `sample_interval`: the scenario's, so a batch of trips is added at the last sample
    /// before it begins.
    TrafficInstance(std::shared_ptr<const district::District> district, TrafficBuild build,
                    std::vector<NodeLp*> node_lps, MeasuredSpan measured,
                    engine::Ticks reroute_interval, engine::Ticks sample_interval);

    /// The network the node LPs share (changed only before the run or between windows).
    [[nodiscard]] TrafficNetwork& network() { return *build_.network; }
    /// Directed links of the network.
    [[nodiscard]] std::size_t link_count() const { return build_.network->links.size(); }
    /// File edits of kind traffic.block_link, in time order, applied when their instant comes.
    void schedule_blocks(std::vector<LinkBlock> blocks) { pending_blocks_ = std::move(blocks); }

    void declare(engine::Recorder& recorder) override;
    void between_windows(engine::Ticks time) override;
    void sample(engine::Ticks time, engine::SampleFrame& frame,
                engine::Recorder& recorder) override;
    bool apply_live_edit(const model::Edit& edit) override;
    [[nodiscard]] std::vector<engine::Kpi> kpis(const engine::RunStats& stats) const override;
    [[nodiscard]] std::vector<std::string> warnings() const override;
    [[nodiscard]] bool supports_warmup() const override { return true; }

private:
    /// Closes a link from `b.at` to `b.until` and re-computes the detour table: vehicles that
    /// meet it drive around it; none re-plans a route at departure.
    void block(const LinkBlock& b);
    /// At the end of the run: a row for every trip that departed and did not arrive.
    [[nodiscard]] std::vector<TripRow> unfinished_rows(engine::Ticks end);
    /// Adds the batches of trips that begin before `time` (and their bookkeeping), and starts
    /// making the next one in the background when it begins within prefetch_lead of `time`.
    void add_batches_before(engine::Ticks time);
    /// Starts making the generated demand's next batch on another thread (prefetch_).
    void prefetch_batch();
    /// Starts the bookkeeping (trip states, measured trips) of batches added since the last.
    void note_added_batches();
    /// Releases the batches whose trips are all done (arrived, or held back at home).
    void release_done_batches();
    /// Compacts the batches before `batch` to their trips not done.
    void compact_batches_before(std::size_t batch);
    /// Marks trip `id` as `flag` (trip_departed, ...); counts it done on arriving or held.
    void mark_trip(std::uint32_t id, std::uint8_t flag);
    /// Counts the measured link-hours of hours [hour_, `hour`) (the one under way with its
    /// flows, those after it with none) and starts hour `hour`.
    void close_hours_before(std::size_t hour);

    std::shared_ptr<const district::District> district_;
    TrafficBuild build_;
    Rerouter rerouter_;
    std::uint64_t reroutes_{0};
    std::vector<NodeLp*> node_lps_;
    std::vector<LinkCounters> interval_counters_;  // per link: the interval to this sample
    std::vector<double> interval_entry_pcu_;       // per link: pcu that entered it, the same
    std::vector<double> at_home_;                  // residents at home, per zone
    std::vector<double> visitors_;                 // people from other zones, per zone
    std::vector<double> hour_pcu_;                 // per link: in the measured hour under way
    std::size_t hour_{0};                          // that hour, from the end of the warm-up
    std::size_t link_hours_{0};                    // measured link-hours closed
    std::size_t congested_link_hours_{0};          // of those, over 0.9 of capacity
    engine::Ticks last_sample_{0};
    MeasuredSpan measured_;
    engine::Ticks sample_interval_;
    /// A day's trips are made this long before they join (in the background meanwhile).
    static constexpr engine::Ticks prefetch_lead = 3 * 3600 * engine::ticks_per_second;
    std::future<std::pair<TripBatch, DemandCounts>> prefetch_;
    // Per batch of trips, per trip: trip_departed (its departure time came), trip_arrived,
    // trip_held; and per batch the trips done (arrived or held).
    static constexpr std::uint8_t trip_departed = 1, trip_arrived = 2, trip_held = 4;
    std::vector<std::vector<std::uint8_t>> trip_state_;
    std::vector<std::size_t> batch_done_;
    std::uint64_t measured_trips_{0};  // trips on the network departing in the measured span
    std::uint64_t en_route_{0};        // at the end: on the road
    std::uint64_t not_departed_{0};    // at the end: waiting at the origin to enter
    double unfinished_travel_s_{0.0};  // at the end: their time since departure
    std::uint64_t started_{0};         // trips that entered the network, warm-up included
    std::uint64_t arrived_{0};         // trips that arrived, warm-up included
    double external_balance_{0.0};     // people from beyond inside, less residents beyond
    std::uint64_t finished_{0};        // measured trips (departed after the warm-up) that arrived
    double total_travel_s_{0.0};
    double total_delay_s_{0.0};        // arrived trips: above their best path's free flow
    double total_route_delay_s_{0.0};  // arrived trips: above their route's free flow
    double total_km_{0.0};
    std::uint64_t traversals_{0};
    // Congestion that flow cannot show (in gridlock flow collapses below capacity), measured
    // at the samples: a link is jammed when at least datasets::jammed_occupancy of its storage
    // is taken (spillback: it blocks the links behind it), stuck when jammed and nothing left
    // it in the interval.
    double jammed_link_s_{0.0};
    double stuck_link_s_{0.0};
    double queued_vehicle_s_{0.0};     // vehicles in queues x interval
    std::vector<double> stuck_for_s_;  // per link: how long it has been stuck
    double longest_stuck_s_{0.0};
    std::uint32_t longest_stuck_link_{0};
    std::vector<bool> ever_stuck_;  // per link, in the measured span
    struct {
        engine::Series link_flow, link_speed, link_vehicles, link_queue, link_saturation,
            link_occupancy;
        engine::Series zone_presence, zone_at_home, zone_visitors, in_transit, external_balance;
    } series_;
    engine::RowEventTable<TripRow> trips_;
    std::vector<LinkBlock> pending_blocks_;  // in time order
};

}  // namespace tuntas::traffic
