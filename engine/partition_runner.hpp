#pragma once

// Internal to the engine: the per-partition event loop that both schedulers drive. No TBB here;
// the parallel scheduler only decides which thread calls which runner.

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "engine/calendar_queue.hpp"
#include "engine/context.hpp"
#include "engine/dary_heap.hpp"
#include "engine/event.hpp"
#include "engine/event_pool.hpp"
#include "engine/lp.hpp"
#include "engine/partition_map.hpp"
#include "engine/pending_entry.hpp"
#include "engine/random_stream.hpp"
#include "engine/run_observer.hpp"

namespace tuntas::engine::detail {

/// The pending-event set, chosen by measurement on the models (figures in the README): the 4-ary
/// heap by default. The calendar queue wins the hold benchmark and PHOLD, whose delays are
/// exponential, but its width estimate (Brown's, from the earliest events) fails on the
/// districts' skewed queues: a day of trips scheduled at start-up, dense near events, and a
/// Paser day spent a fifth of its time shifting entries in overfull buckets.
/// -DTUNTAS_PENDING_SET=calendar_queue or binary_heap builds the alternatives.
#if defined(TUNTAS_PENDING_SET_CALENDAR_QUEUE)
using PendingSet = CalendarQueue<PendingEntry>;
#elif defined(TUNTAS_PENDING_SET_BINARY_HEAP)
using PendingSet = BinaryHeap<PendingEntry>;
#else
using PendingSet = QuaternaryHeap<PendingEntry>;
#endif

/// An event's body while it waits in the pool: what the compact key does not carry.
struct EventBody {
    LpId target{0};
    EventKind kind{0};
    Payload payload;
};

/// Per-LP engine state: its random stream, send counter and trajectory hash. Only the
/// partition that owns the LP touches it.
struct LpRuntime {
    RandomStream random;
    std::uint64_t trajectory_hash{0};
    std::uint32_t next_sequence{0};
    bool accepts_deferred{false};  ///< Context::accept_deferred
    bool listed_deferring{false};  ///< in its runner's list of LPs that keep events
    std::size_t deferred_head{0};  ///< the first of `deferred` not yet handled
    std::vector<Event> deferred;   ///< kept events (Context::send_deferrable), in key order

    LpRuntime(std::uint64_t seed, std::uint64_t stream_key) : random(seed, stream_key) {}
};

/// What every runner of one run shares; read-only during the run, except that each LpRuntime
/// is written only by the runner that owns its LP.
struct RunShared {
    std::span<const std::unique_ptr<Lp>> lps;
    std::span<LpRuntime> runtime;
    const PartitionMap* partitions{nullptr};
    Ticks end_time{0};
    Ticks lookahead{1};
    bool single_queue{false};        ///< the sequential reference: every event goes to one queue
    RunObserver* observer{nullptr};  ///< called at sample instants, between windows
};

/// One partition's pending events, outboxes and event loop.
class PartitionRunner {
public:
    PartitionRunner(PartitionId id, const RunShared& shared);
    PartitionRunner(const PartitionRunner&) = delete;  // ctx_ points back at *this
    PartitionRunner& operator=(const PartitionRunner&) = delete;

    /// Calls init() on the given LPs (all of this partition's), at time 0.
    void init_lps(std::span<const LpId> lps);

    /// Moves the events other runners sent here in the window that wrote `parity`.
    void pull_inbound(std::span<const std::unique_ptr<PartitionRunner>> runners, unsigned parity);

    /// Executes every local event with time < window_end in key order; cross-partition sends go
    /// to the outboxes of `write_parity`.
    void run_window(Ticks window_end, unsigned write_parity);

    /// Time of the earliest local pending event, or ticks_max.
    [[nodiscard]] Ticks next_local_time() const noexcept {
        return std::min(queue_.empty() ? ticks_max : queue_.top().time, earliest_deferred_);
    }
    /// Earliest time among the cross-partition events sent in the last window (or init).
    [[nodiscard]] Ticks earliest_sent_time() const noexcept { return earliest_sent_; }
    /// True once an LP here called Context::stop().
    [[nodiscard]] bool stop_requested() const noexcept { return stop_requested_; }
    /// Events executed here.
    [[nodiscard]] std::uint64_t committed() const noexcept { return committed_; }
    /// Of those, events handled where their LP kept them, without the pending set.
    [[nodiscard]] std::uint64_t deferred_handled() const noexcept { return deferred_handled_; }
    /// The longest any of its LPs' lists of kept events grew (RunStats::deferred_list_peak).
    [[nodiscard]] std::size_t deferred_list_peak() const noexcept { return deferred_list_peak_; }
    /// Events sent to another partition.
    [[nodiscard]] std::uint64_t remote_sent() const noexcept { return remote_sent_; }
    /// Time of the last event executed here.
    [[nodiscard]] Ticks last_event_time() const noexcept { return last_event_time_; }

    /// Takes the events sent in the window that wrote `parity` to partition `to` (to ship them
    /// to another rank).
    [[nodiscard]] std::vector<Event> take_outbox(unsigned parity, PartitionId to) {
        return std::exchange(outbox_[parity][to], {});
    }
    /// Queues an event another rank's partition sent to an LP here.
    void accept(const Event& event) {
        push_local(event.time, PendingEntry::make_order(event.sender, event.sequence), event.target,
                   event.kind, event.payload);
    }

    /// Context::send_payload lands here.
    void send(const Context& ctx, LpId target, Ticks delay, EventKind kind, const Payload& payload);
    /// Context::send_deferrable_payload lands here.
    void send_deferrable(const Context& ctx, LpId target, Ticks delay, EventKind kind,
                         const Payload& payload);
    /// Context::accept_deferred lands here.
    void accept_deferred(const Context& ctx, bool accepts);
    /// Context::stop lands here.
    void request_stop() noexcept { stop_requested_ = true; }

private:
    void push_local(Ticks time, std::uint64_t order, LpId target, EventKind kind,
                    const Payload& payload);
    [[noreturn]] void throw_lookahead_violation(const Context& ctx, LpId target, Ticks delay) const;
    /// Handles the events `lp` kept whose key precedes (time, order), in key order.
    void handle_deferred_before(LpId lp, LpRuntime& runtime, Ticks time, std::uint64_t order);
    /// At the end of a window: handles every kept event before `window_end` (as the window
    /// would have) and finds the earliest one left.
    void settle_deferred(Ticks window_end);
    [[noreturn]] void throw_send_while_deferred(const Context& ctx, LpId target) const;

    PartitionId id_;
    const RunShared* shared_;
    Context ctx_;
    PendingSet queue_;
    EventPool<EventBody> pool_;
    std::array<std::vector<std::vector<Event>>, 2> outbox_;  // [parity][target partition]
    unsigned write_parity_{0};
    bool initializing_{false};
    bool stop_requested_{false};
    bool handling_deferred_{false};
    Ticks earliest_sent_{ticks_max};
    Ticks earliest_deferred_{ticks_max};  // at most the earliest kept event; after a window,
                                          // it or a time past the next queued event
    std::vector<LpId> deferring_;         // LPs that may keep events (listed_deferring)
    std::uint64_t deferred_handled_{0};
    std::size_t deferred_list_peak_{0};
    Ticks last_event_time_{0};
    std::uint64_t committed_{0};
    std::uint64_t remote_sent_{0};
};

/// Folds the per-LP trajectory hash after an executed event.
[[nodiscard]] constexpr std::uint64_t
fold_trajectory(std::uint64_t hash, Ticks time, std::uint64_t order, EventKind kind) noexcept {
    return mix64(hash ^ mix64(static_cast<std::uint64_t>(time) ^ (order * 0x9e3779b97f4a7c15ULL) ^
                              (std::uint64_t{kind} << 56)));
}

}  // namespace tuntas::engine::detail
