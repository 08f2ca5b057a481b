#include "engine/partition_runner.hpp"

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "engine/assert.hpp"
#include "engine/error.hpp"

namespace tuntas::engine::detail {

namespace {
/// A kept event's place in the pending set's order (no pool slot: it has none).
PendingEntry key_of(const Event& event) noexcept {
    return {.time = event.time, .order = PendingEntry::make_order(event.sender, event.sequence)};
}
}  // namespace

PartitionRunner::PartitionRunner(PartitionId id, const RunShared& shared)
    : id_(id),
      shared_(&shared),
      ctx_(*this) {
    const std::size_t partitions = shared.partitions->partition_count();
    for (auto& boxes : outbox_) boxes.resize(partitions);
}

void PartitionRunner::init_lps(std::span<const LpId> lps) {
    initializing_ = true;
    write_parity_ = 0;
    earliest_sent_ = ticks_max;
    for (const LpId lp : lps) {
        ctx_.self_ = lp;
        ctx_.now_ = 0;
        ctx_.runtime_ = &shared_->runtime[lp];
        shared_->lps[lp]->init(ctx_);
    }
    initializing_ = false;
}

void PartitionRunner::pull_inbound(std::span<const std::unique_ptr<PartitionRunner>> runners,
                                   unsigned parity) {
    for (const auto& source : runners) {
        auto& box = source->outbox_[parity][id_];
        for (const Event& event : box) {
            push_local(event.time, PendingEntry::make_order(event.sender, event.sequence),
                       event.target, event.kind, event.payload);
        }
        box.clear();
    }
}

void PartitionRunner::run_window(Ticks window_end, unsigned write_parity) {
    write_parity_ = write_parity;
    earliest_sent_ = ticks_max;
    const auto lps = shared_->lps;
    const auto runtime = shared_->runtime;
    while (!queue_.empty() && queue_.top().time < window_end) {
        const PendingEntry entry = queue_.pop();
        const EventBody body = pool_[entry.slot];
        pool_.release(entry.slot);
        // The next event's body is a random slot, mostly not in cache: fetch it while this
        // event runs (a fifth of a telecom-heavy window was that miss).
        if (!queue_.empty()) pool_.prefetch(queue_.top().slot);

        const Event event{.time = entry.time,
                          .target = body.target,
                          .sender = static_cast<LpId>(entry.order >> 32),
                          .sequence = static_cast<std::uint32_t>(entry.order),
                          .kind = body.kind,
                          .payload = body.payload};
        LpRuntime& lp_runtime = runtime[event.target];
        // The events this LP kept that come before this one, first (as the pending set would
        // have given them).
        if (lp_runtime.deferred_head < lp_runtime.deferred.size()) [[unlikely]] {
            handle_deferred_before(event.target, lp_runtime, entry.time, entry.order);
        }
        lp_runtime.trajectory_hash =
            fold_trajectory(lp_runtime.trajectory_hash, entry.time, entry.order, body.kind);
        ctx_.self_ = event.target;
        ctx_.now_ = event.time;
        ctx_.runtime_ = &lp_runtime;
        lps[event.target]->on_event(event, ctx_);
        ++committed_;
        last_event_time_ = event.time;
    }
    settle_deferred(window_end);
}

void PartitionRunner::handle_deferred_before(LpId lp, LpRuntime& runtime, Ticks time,
                                             std::uint64_t order) {
    handling_deferred_ = true;
    auto& kept = runtime.deferred;
    const PendingEntry limit{.time = time, .order = order};
    while (runtime.deferred_head < kept.size()) {
        const Event event = kept[runtime.deferred_head];
        const PendingEntry key = key_of(event);
        if (!(key < limit)) break;
        ++runtime.deferred_head;
        runtime.trajectory_hash =
            fold_trajectory(runtime.trajectory_hash, key.time, key.order, event.kind);
        ctx_.self_ = lp;
        ctx_.now_ = event.time;
        ctx_.runtime_ = &runtime;
        shared_->lps[lp]->on_event(event, ctx_);
        ++committed_;
        ++deferred_handled_;
        last_event_time_ = std::max(last_event_time_, event.time);
    }
    if (runtime.deferred_head == kept.size()) {
        kept.clear();
        runtime.deferred_head = 0;
    } else if (2 * runtime.deferred_head >= kept.size()) {
        // Handled events are dropped once they are half the list: an LP that always has one
        // still to come (a hole on its way back) would otherwise keep every one it was ever
        // sent (a Paser month: 1.7 times a day's memory). Each event is moved at most once
        // for each it follows out, so the cost is bounded by the events handled.
        kept.erase(kept.begin(), kept.begin() + static_cast<std::ptrdiff_t>(runtime.deferred_head));
        runtime.deferred_head = 0;
    }
    handling_deferred_ = false;
}

void PartitionRunner::settle_deferred(Ticks window_end) {
    // earliest_deferred_ is at most the earliest kept event (a new one lowers it; handling one
    // leaves it). When it is neither before the window's end nor before the next queued event,
    // no kept event is due and the next local time is the queue's: no need to look.
    const Ticks next_queued = queue_.empty() ? ticks_max : queue_.top().time;
    if (earliest_deferred_ >= window_end && earliest_deferred_ >= next_queued) return;
    Ticks earliest = ticks_max;
    std::size_t still = 0;
    for (const LpId lp : deferring_) {
        LpRuntime& runtime = shared_->runtime[lp];
        if (runtime.deferred_head < runtime.deferred.size()) {
            handle_deferred_before(lp, runtime, window_end, 0);  // every one before window_end
        }
        if (runtime.deferred_head < runtime.deferred.size()) {
            earliest = std::min(earliest, runtime.deferred[runtime.deferred_head].time);
            deferring_[still++] = lp;
        } else {
            runtime.listed_deferring = false;
        }
    }
    deferring_.resize(still);
    earliest_deferred_ = earliest;
}

void PartitionRunner::send_deferrable(const Context& ctx, LpId target, Ticks delay, EventKind kind,
                                      const Payload& payload) {
    const PartitionMap& partitions = *shared_->partitions;
    // Kept only where send() would queue it here (this runner's partition: the sender's), at a
    // time the run reaches. The target's acceptance is read only once it is known to be this
    // partition's (another partition's LPs are its runner's alone).
    if (handling_deferred_ || initializing_ || delay < 0 || target >= partitions.lp_count() ||
        delay >= shared_->end_time - ctx.now_ ||
        (!shared_->single_queue && partitions.partition_of(target) != id_) ||
        !shared_->runtime[target].accepts_deferred) {
        send(ctx, target, delay, kind, payload);
        return;
    }
    const std::uint32_t sequence = ctx.runtime_->next_sequence++;
    TUNTAS_ASSERT(sequence != UINT32_MAX, "an LP sent 2^32 - 1 events: its sequence would wrap");
    const Event event{.time = ctx.now_ + delay,
                      .target = target,
                      .sender = ctx.self_,
                      .sequence = sequence,
                      .kind = kind,
                      .payload = payload};
    const PendingEntry key = key_of(event);
    LpRuntime& runtime = shared_->runtime[target];
    auto& kept = runtime.deferred;
    // In key order; a new event mostly goes last (an LP's kept events come from a few senders,
    // each in time order).
    auto at = kept.end();
    const auto first = kept.begin() + static_cast<std::ptrdiff_t>(runtime.deferred_head);
    while (at != first && key < key_of(*(at - 1))) --at;
    kept.insert(at, event);
    deferred_list_peak_ = std::max(deferred_list_peak_, kept.size());
    if (!runtime.listed_deferring) {
        runtime.listed_deferring = true;
        deferring_.push_back(target);
    }
    earliest_deferred_ = std::min(earliest_deferred_, event.time);
}

void PartitionRunner::accept_deferred(const Context& ctx, bool accepts) {
    LpRuntime& runtime = *ctx.runtime_;
    if (runtime.accepts_deferred == accepts) return;
    if (handling_deferred_) [[unlikely]] {
        throw UsageError(fmt::format("LP {} at t={} ticks changed whether it accepts deferred "
                                     "events while handling one (it may only change its state)",
                                     ctx.self_, ctx.now_));
    }
    runtime.accepts_deferred = accepts;
    if (accepts) return;
    // Queue what it kept: each at its own time and key, as send() would have.
    for (std::size_t i = runtime.deferred_head; i < runtime.deferred.size(); ++i) {
        const Event& event = runtime.deferred[i];
        const PendingEntry key = key_of(event);
        push_local(key.time, key.order, event.target, event.kind, event.payload);
    }
    runtime.deferred.clear();
    runtime.deferred_head = 0;
}

void PartitionRunner::send(const Context& ctx, LpId target, Ticks delay, EventKind kind,
                           const Payload& payload) {
    const PartitionMap& partitions = *shared_->partitions;
    if (delay < 0 || target >= partitions.lp_count()) [[unlikely]] {
        throw UsageError(fmt::format(
            "LP {} at t={} ticks sent an event of kind {} to LP {} with delay {} ticks: {}",
            ctx.self_, ctx.now_, kind, target, delay,
            delay < 0 ? "a delay must be >= 0" : "no such LP"));
    }
    if (handling_deferred_) [[unlikely]]
        throw_send_while_deferred(ctx, target);
    const std::uint32_t sequence = ctx.runtime_->next_sequence++;
    // The key holds a 32-bit sequence; a wrap would make two of this LP's events tie.
    TUNTAS_ASSERT(sequence != UINT32_MAX, "an LP sent 2^32 - 1 events: its sequence would wrap");
    if (delay >= shared_->end_time - ctx.now_) return;  // at or past the end: never executed
    const Ticks time = ctx.now_ + delay;
    const std::uint64_t order = PendingEntry::make_order(ctx.self_, sequence);

    const PartitionId destination = partitions.partition_of(target);
    const bool crosses = destination != partitions.partition_of(ctx.self_);
    if (crosses) {
        if (delay < shared_->lookahead && !initializing_) [[unlikely]] {
            throw_lookahead_violation(ctx, target, delay);
        }
        ++remote_sent_;
    }
    if (!crosses || shared_->single_queue) {
        push_local(time, order, target, kind, payload);
        return;
    }
    outbox_[write_parity_][destination].push_back(Event{.time = time,
                                                        .target = target,
                                                        .sender = ctx.self_,
                                                        .sequence = sequence,
                                                        .kind = kind,
                                                        .payload = payload});
    earliest_sent_ = std::min(earliest_sent_, time);
}

void PartitionRunner::push_local(Ticks time, std::uint64_t order, LpId target, EventKind kind,
                                 const Payload& payload) {
    const std::uint32_t slot =
        pool_.acquire(EventBody{.target = target, .kind = kind, .payload = payload});
    queue_.push(PendingEntry{.time = time, .order = order, .slot = slot});
}

void PartitionRunner::throw_send_while_deferred(const Context& ctx, LpId target) const {
    throw UsageError(fmt::format(
        "LP {} at t={} ticks sent an event to LP {} while handling a deferred event: an event "
        "sent with send_deferrable may only change its target's state (the LP should not accept "
        "deferred events while their handling would send)",
        ctx.self_, ctx.now_, target));
}

void PartitionRunner::throw_lookahead_violation(const Context& ctx, LpId target,
                                                Ticks delay) const {
    const PartitionMap& partitions = *shared_->partitions;
    throw LookaheadViolation(fmt::format(
        "lookahead violation: LP {} (partition {}) at t={} ticks sent an event to LP {} "
        "(partition {}) with delay {} ticks, below the lookahead of {} ticks; a cross-partition "
        "event needs a delay >= lookahead (raise the model's minimum delay or lower the "
        "lookahead)",
        ctx.self_, partitions.partition_of(ctx.self_), ctx.now_, target,
        partitions.partition_of(target), delay, shared_->lookahead));
}

}  // namespace tuntas::engine::detail
