#include "engine/partition_runner.hpp"

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "engine/assert.hpp"
#include "engine/error.hpp"

namespace tuntas::engine::detail {

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
        lp_runtime.trajectory_hash =
            fold_trajectory(lp_runtime.trajectory_hash, entry.time, entry.order, body.kind);
        ctx_.self_ = event.target;
        ctx_.now_ = event.time;
        ctx_.runtime_ = &lp_runtime;
        lps[event.target]->on_event(event, ctx_);
        ++committed_;
        last_event_time_ = event.time;
    }
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
