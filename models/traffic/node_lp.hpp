#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include <boost/container/deque.hpp>

#include "engine/lp.hpp"
#include "models/traffic/events.hpp"
#include "models/traffic/traffic_network.hpp"

namespace tuntas::traffic {

/// A finished trip as its destination node logged it.
struct TripRecord {
    std::uint32_t trip{0};
    engine::Ticks arrive{0};
};

/// What a node counted for one of its incoming links since the last sample.
struct LinkCounters {
    std::uint32_t exits{0};   ///< vehicles that left the link
    double exit_pcu{0.0};     ///< their pcu
    double traversal_s{0.0};  ///< summed entry-to-exit times
};

/// A junction: owns the queues at the end of its incoming links and the space at the start of
/// its outgoing links. An incoming link has one queue per lane group (turns that share a lane
/// share a queue; one queue without turn lanes). Vehicles leave a queue one headway (pcu /
/// the capacity of its lanes) apart, when the signal shows green for their turn and the next
/// link has space; they then cross the junction (the turn's time) and travel the next link's
/// free-flow time to its end node. A vehicle whose trip ends on the link leaves its queue
/// without waiting for green. Freed space travels back upstream as a hole.
/// Guest vehicles of other models (waste trucks) queue and drive like any other and tell their
/// owner when they reach their destination; trips leaving and reaching a zone tell its
/// presence listener.
class NodeLp final : public engine::Lp {
public:
    NodeLp(std::shared_ptr<const TrafficNetwork> network, std::uint32_t node);

    void init(engine::Context& ctx) override;
    void on_event(const engine::Event& event, engine::Context& ctx) override;

    /// Vehicles queued at the end of incoming link `i` (index into in_links of this node), in
    /// all its queues.
    [[nodiscard]] std::size_t queue_length(std::size_t i) const;
    /// Vehicles on outgoing link `o` as seen from its entry (entered, space not yet back).
    [[nodiscard]] std::uint32_t vehicles_entered(std::size_t o) const { return on_link_[o]; }
    /// Space taken on outgoing link `o` as seen from its entry, in 1/1000 pcu (vehicles on it
    /// and the room they left that has not travelled back yet).
    [[nodiscard]] std::uint32_t occupied_milli_pcu(std::size_t o) const {
        return occupied_milli_pcu_[o];
    }
    /// Vehicles that entered a full link after waiting the squeeze time at the head of a queue.
    [[nodiscard]] std::uint64_t squeezed() const noexcept { return squeezed_; }
    /// Trips that stayed home here (their tour held back by a what-if).
    [[nodiscard]] std::uint64_t held() const noexcept { return held_; }
    /// Trips waiting here to enter their first link.
    [[nodiscard]] std::size_t waiting_departures() const;
    /// The vehicles (trip or guest ids) whose departure time has come but which still wait to
    /// enter their first link here (it is full or closed).
    [[nodiscard]] std::vector<std::uint32_t> waiting_vehicles() const;
    /// Counters of incoming link `i` since the last take; resets them.
    [[nodiscard]] LinkCounters take_counters(std::size_t i) {
        return std::exchange(counters_[i], {});
    }
    /// Pcu that entered outgoing link `o` since the last take; resets it.
    [[nodiscard]] double take_entry_pcu(std::size_t o) { return std::exchange(entry_pcu_[o], 0.0); }
    /// Trips that ended here since the last take.
    [[nodiscard]] std::vector<TripRecord> take_finished() { return std::exchange(finished_, {}); }
    /// Trips that started here since the last take.
    [[nodiscard]] std::vector<std::uint32_t> take_started() { return std::exchange(started_, {}); }
    /// Trips held back here (their tour does not set out) since the last take.
    [[nodiscard]] std::vector<std::uint32_t> take_held() { return std::exchange(held_trips_, {}); }

private:
    /// Where a vehicle goes from here: it parks (its trip ends on the link it leaves), or the
    /// next link and its route step.
    struct Onward {
        bool parks{false};
        std::uint32_t link{0};
        std::uint32_t step{0};
    };
    /// routes_epoch() when onward() depends on more than the vehicle and this node.
    static constexpr std::uint32_t no_routes_epoch = UINT32_MAX;
    struct Queued {
        std::uint32_t trip;
        std::uint32_t step;
        engine::Ticks entered_at;
        engine::Ticks arrived_at;    ///< reached the end of the link (joined the queue)
        Onward way;                  ///< onward() as it joined the queue
        std::uint32_t way_epoch;     ///< routes_epoch() then: `way` holds while it is unchanged
        VehicleClass vehicle_class;  ///< read once, for its pce and the space it frees
    };

    void on_arrive(const VehicleMove& move, engine::Context& ctx);
    void on_guest_enter(const GuestTrip& guest, engine::Context& ctx);
    void notify_presence(std::uint32_t zone, engine::EventKind kind, engine::Context& ctx) const;
    [[nodiscard]] Onward onward(std::uint32_t vehicle, std::uint32_t step, engine::Ticks now) const;
    /// While no closure has a detour and no re-routing table is set, a trip's way on is its
    /// route's next link whenever it is asked: this counts the changes that end that (the
    /// network's detour and re-routing versions); no_routes_epoch while one is in force.
    [[nodiscard]] std::uint32_t routes_epoch() const;
    /// onward() for a queued vehicle: the answer found as it joined the queue while
    /// routes_epoch() is what it was then (a vehicle on its route, not a guest), else anew. A
    /// queue's head is asked at each try to discharge it; the answer read from the trip's route
    /// each time: kept, a run of Bologna's joined network takes 0.962x the wall time.
    [[nodiscard]] Onward onward_of(const Queued& queued, engine::Ticks now) const;
    /// Discharges queue `q` (a node's own index over all incoming links' queues).
    void try_discharge(std::size_t q, engine::Context& ctx);
    void try_departures(std::size_t out, engine::Context& ctx);
    /// Space on outgoing link `out` (a hole, a reopening): retries the queues blocked on it, in
    /// the order they got blocked, then the departures waiting for it.
    void retry_blocked(std::size_t out, engine::Context& ctx);
    /// Tells the engine whether holes coming back may be kept until this node's next event:
    /// while nothing waits for space on an outgoing link (no blocked queue, no waiting
    /// departure), a hole only gives space back (see Context::send_deferrable).
    void update_deferral(engine::Context& ctx);
    /// Sends this node its next trip's departure (trips leave in departures[] order).
    void schedule_next_departure(engine::Context& ctx);
    /// Puts vehicle `trip` (of class `vehicle_class`) onto outgoing `link` if it has room;
    /// `from_in`: the incoming link (index) it leaves, whose turn onto `link` it drives (no_in: a
    /// departure, no turn, speeding up from rest); `waited`: how long it stood at the end of
    /// that link (it slowed down and speeds up again: stop_and_go_loss).
    [[nodiscard]] bool enter(std::uint32_t link, std::uint32_t trip, VehicleClass vehicle_class,
                             std::uint32_t step, engine::Context& ctx, bool squeeze = false,
                             std::size_t from_in = no_in, engine::Ticks waited = 0);
    /// The time a vehicle of class `vehicle_class` loses slowing down at the end of incoming
    /// link `in` and speeding up onto outgoing link `out` after waiting there `waited` (HCM's
    /// deceleration-acceleration delay): a full stop's loss v_in / 2b + v_out / 2a once the wait
    /// reaches it, the wait itself below (a short wait is taken by slowing down, not by
    /// stopping).
    [[nodiscard]] engine::Ticks stop_and_go_loss(VehicleClass vehicle_class, std::size_t in,
                                                 std::uint32_t out, engine::Ticks waited) const;
    static constexpr std::size_t no_in = static_cast<std::size_t>(-1);
    [[nodiscard]] bool squeezes(std::size_t q, engine::Ticks now) const;
    void schedule_wake(std::size_t q, engine::Ticks at, engine::Context& ctx);
    [[nodiscard]] std::size_t in_index(std::uint32_t link) const;
    [[nodiscard]] std::size_t out_index(std::uint32_t link) const;
    /// The next link toward `trip`'s destination on the detour or re-routing times (no_link:
    /// none, or neither is set).
    [[nodiscard]] std::uint32_t detour_link(const Trip& trip) const;

    std::shared_ptr<const TrafficNetwork> network_;
    std::uint32_t node_;
    /// Which link times next_hops_ is of: re-routing's or the detours', and their version.
    struct NextHopsKey {
        bool rerouting{false};
        std::uint32_t version{0};
        bool operator==(const NextHopsKey&) const = default;
    };
    // A cache of what the network's times give (the same whenever it is made), so a const
    // query may fill it: this node's next hop toward each destination slot.
    mutable std::optional<NextHopsKey> next_hops_key_;
    mutable std::vector<std::uint32_t> next_hops_;
    const std::vector<std::uint32_t>* in_links_;
    const std::vector<std::uint32_t>* out_links_;
    std::vector<std::size_t> queue_at_;         // per incoming link: its first queue
    std::vector<std::size_t> in_of_queue_;      // per queue: its incoming link
    std::vector<double> queue_headway_factor_;  // per queue: link lanes / its lanes
    // FIFOs that allocate nothing until used (std::deque allocates a 512-byte block and its map
    // when made, for every queue of every junction, used or not): Bologna's joined network made
    // 3,400 allocations building its 157 nodes, and a whole run takes 0.971x the wall time
    // without them (100 alternating pairs).
    template <typename T>
    using Fifo = boost::container::deque<T>;
    std::vector<Fifo<Queued>> queues_;               // per queue
    std::vector<engine::Ticks> next_free_;           // per queue: capacity headway
    std::vector<engine::Ticks> wake_at_;             // per queue: pending wake, or max
    std::vector<LinkCounters> counters_;             // per incoming link
    std::vector<double> entry_pcu_;                  // per outgoing link, since the last take
    std::vector<std::uint32_t> occupied_milli_pcu_;  // per outgoing link, as seen at entry
    std::vector<std::uint32_t> on_link_;             // per outgoing link, vehicles
    std::vector<engine::Ticks> reopen_at_;           // per outgoing link: reopen event sent for
    std::vector<std::vector<std::size_t>> blocked_;  // per outgoing link: queues waiting
    std::vector<engine::Ticks> blocked_since_;       // per queue: head blocked since
    std::uint64_t squeezed_{0};                      // vehicles that entered a full link
    std::uint64_t held_{0};                          // trips whose tour was held back
    std::size_t batch_{0};                           // the TripStore batch whose departures go next
    std::size_t next_departure_{0};  // index in that batch's departures here to send next
    struct Waiting {
        std::uint32_t vehicle;
        std::uint32_t step;  // as in VehicleMove (a guest: the index in its leg)
    };
    std::vector<Fifo<Waiting>> waiting_;  // per outgoing link: vehicles waiting to
                                          // depart onto it, FIFO
    std::uint32_t awaited_{0};            // outgoing links with a blocked queue, and with a waiting
                                          // departure (each counted once for each)
    bool accepts_deferred_{false};        // as last told to the engine
    // Priority at an unsignalised junction: approaches below the highest road class here give
    // way. The major flow is an exponentially weighted rate of major exits in pcu/s (time
    // constant 5 min).
    [[nodiscard]] double minor_headway_s(engine::Ticks now) const;
    /// The headway of a stream taking gaps of at least `tc` in a flow of `q` pcu/s, one `tf`
    /// after another (Harders' capacity).
    [[nodiscard]] static double gap_acceptance_headway_s(double q, double tc, double tf);
    /// A permitted left turn's gap acceptance at a signal (HCM 2010, chapter 31: critical
    /// headway 4.5 s, follow-up 2.5 s): shorter than at a stop sign, the turner is already
    /// rolling in the junction.
    static constexpr double permitted_critical_gap_s = 4.5;
    static constexpr double permitted_follow_up_s = 2.5;
    /// The signal phase running at `now` (0 at an unsignalised node), and when it began.
    [[nodiscard]] std::size_t current_phase(engine::Ticks now) const;
    [[nodiscard]] engine::Ticks phase_started_at(engine::Ticks now) const;
    /// How long after its green ends a permissive turn that waited through it may still clear.
    static constexpr engine::Ticks sneak_window = 3 * engine::ticks_per_second;
    std::vector<std::uint8_t> sneakers_left_;  // per queue: may clear as its green ends
    /// Permissive turns ('g') give way to the protected ones of the node's other links: a
    /// protected exit from incoming link `in` counts in its flow (exponentially weighted, like
    /// the major flow); the flow a turn from `in` crosses in `phase` is that of the other links
    /// green in it; and their queues, while discharging on a protected green, leave no gap.
    void count_protected_exit(std::size_t in, engine::Ticks now, double pce);
    [[nodiscard]] double opposing_flow_per_s(std::size_t in, std::size_t phase,
                                             engine::Ticks now) const;
    [[nodiscard]] bool protected_queue_opposes(std::size_t in, std::size_t phase,
                                               engine::Ticks now) const;
    struct Rate {
        double per_s{0.0};
        engine::Ticks at{0};
    };
    std::vector<Rate> protected_rate_;  // per incoming link
    bool gives_way_at_signal_{false};   // permissive turns give way here (a signal, the key on)
    /// A minor vehicle's mean wait for an acceptable gap when it arrives with nobody ahead.
    [[nodiscard]] double first_gap_wait_s(engine::Ticks now) const;
    void count_major_exit(engine::Ticks now, double pce);
    std::uint8_t top_priority_{0};
    bool has_minor_{false};
    double major_rate_per_s_{0.0};
    engine::Ticks major_rate_at_{0};
    std::vector<TripRecord> finished_;
    std::vector<std::uint32_t> started_;
    std::vector<std::uint32_t> held_trips_;

    // Actuated control (a plan with min_green / max_green and no signal what-if here): the node
    // runs the phases itself; a phase ends once its shortest run is over and no vehicle has
    // reached a stop line of its green links for max_gap, or at its longest run.
    /// True when `phases` (a mask) may go at `now`.
    [[nodiscard]] bool is_green(std::uint64_t phases, engine::Ticks now) const;
    /// A vehicle reaches or leaves the stop line of incoming link `in`: a detection when the
    /// running phase is green for it.
    void detect(std::size_t in, engine::Ticks now);
    /// Ends the running phase or schedules the next look (signal_step).
    void on_signal_step(engine::Context& ctx);
    void schedule_signal_step(engine::Ticks at, engine::Context& ctx);
    /// A phase's run without detections: its minimum.
    [[nodiscard]] engine::Ticks shortest_run(std::size_t phase) const;
    /// True when no vehicle is queued at any incoming link.
    [[nodiscard]] bool holds_no_vehicle() const;
    /// Brings an idle signal (no signal_step pending) to the phase it runs now.
    void catch_up_idle_signal(engine::Context& ctx);
    bool actuated_{false};
    engine::Ticks idle_cycle_{0};  // the program's cycle when every phase runs its shortest
    std::size_t phase_{0};
    engine::Ticks phase_start_{0};
    engine::Ticks last_detection_{0};
    engine::Ticks signal_step_at_{engine::ticks_max};  // the pending signal_step
    std::vector<std::size_t> red_waiting_;             // queues whose head waits for green
};

}  // namespace tuntas::traffic
