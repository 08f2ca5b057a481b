#include "engine/simulation.hpp"

#include <fmt/format.h>

#include "engine/error.hpp"
#include "engine/hash.hpp"
#include "engine/partition_runner.hpp"
#include "engine/rank_transport.hpp"
#include "engine/schedulers.hpp"

namespace tuntas::engine {

Simulation::Simulation() = default;
Simulation::~Simulation() = default;
Simulation::Simulation(Simulation&&) noexcept = default;
Simulation& Simulation::operator=(Simulation&&) noexcept = default;

LpId Simulation::add_lp(std::unique_ptr<Lp> lp) {
    return add_lp(std::move(lp), lps_.size());
}

LpId Simulation::add_lp(std::unique_ptr<Lp> lp, std::uint64_t stream_key) {
    if (!lp) throw UsageError("Simulation::add_lp: null LP");
    if (lps_.size() >= std::size_t{UINT32_MAX}) throw UsageError("Simulation: too many LPs");
    lps_.push_back(std::move(lp));
    stream_keys_.push_back(stream_key);
    return static_cast<LpId>(lps_.size() - 1);
}

namespace {

void check_lp_id(LpId id, std::size_t lp_count) {
    if (id >= lp_count) {
        throw UsageError(fmt::format("Simulation::lp: no LP {} (there are {})", id, lp_count));
    }
}

}  // namespace

const Lp& Simulation::lp(LpId id) const {
    check_lp_id(id, lps_.size());
    return *lps_[id];
}

Lp& Simulation::lp(LpId id) {
    check_lp_id(id, lps_.size());
    return *lps_[id];
}

namespace {

void validate(const RunConfig& config, const PartitionMap& partitions, std::size_t lp_count) {
    if (config.lookahead <= 0) {
        throw UsageError(
            fmt::format("run: lookahead must be > 0 ticks (got {})", config.lookahead));
    }
    if (config.end_time < 0) {
        throw UsageError(fmt::format("run: end time must be >= 0 ticks (got {})", config.end_time));
    }
    if (config.threads < 1) throw UsageError("run: threads must be >= 1");
    if (config.sample_interval < 0) {
        throw UsageError(fmt::format("run: sample interval must be >= 0 ticks (got {})",
                                     config.sample_interval));
    }
    if (config.transport != nullptr) {
        if (config.scheduler != SchedulerKind::parallel)
            throw UsageError("run: a run over ranks uses the parallel scheduler");
        if (partitions.workers_assigned()) {
            for (std::size_t p = 0; p < partitions.partition_count(); ++p) {
                if (partitions.worker_of(static_cast<PartitionId>(p)) >=
                    static_cast<std::size_t>(config.transport->size())) {
                    throw UsageError(fmt::format(
                        "run: partition {} is mapped to rank {}, but the run has {} ranks", p,
                        partitions.worker_of(static_cast<PartitionId>(p)),
                        config.transport->size()));
                }
            }
        }
    }
    if (partitions.lp_count() != lp_count) {
        throw UsageError(fmt::format("run: the partition map covers {} LPs, the simulation has {}",
                                     partitions.lp_count(), lp_count));
    }
}

// Combines the per-LP trajectory hashes in LP-id order: independent of which partition or
// thread ran which LP.
std::uint64_t combine_fingerprint(std::span<const detail::LpRuntime> runtime) {
    std::uint64_t fingerprint = mix64(runtime.size());
    for (std::size_t lp = 0; lp < runtime.size(); ++lp) {
        fingerprint = mix64(fingerprint ^ runtime[lp].trajectory_hash ^ mix64(lp + 1));
    }
    return fingerprint;
}

}  // namespace

RunStats Simulation::run(const RunConfig& config, const PartitionMap& partitions,
                         RunObserver* observer) {
    if (has_run_) throw UsageError("Simulation::run: a simulation runs once; build a new one");
    validate(config, partitions, lps_.size());
    has_run_ = true;

    std::vector<detail::LpRuntime> runtime;
    runtime.reserve(lps_.size());
    for (std::size_t lp = 0; lp < lps_.size(); ++lp) {
        runtime.emplace_back(config.seed, stream_keys_[lp]);
    }
    const detail::RunShared shared{.lps = lps_,
                                   .runtime = runtime,
                                   .partitions = &partitions,
                                   .end_time = config.end_time,
                                   .lookahead = config.lookahead,
                                   .single_queue = config.scheduler == SchedulerKind::sequential,
                                   .observer = observer};
    RunStats stats;
    if (config.transport != nullptr) {
        RankTransport& transport = *config.transport;
        detail::run_ranked(shared, config, stats, transport);
        // Each LP's trajectory hash from the rank that ran it, then combined in LP-id order as
        // a single process would.
        std::vector<std::uint64_t> hashes(runtime.size(), 0);
        const auto owner = [&](std::size_t lp) {
            return rank_of_partition(partitions, partitions.partition_of(static_cast<LpId>(lp)),
                                     transport.size());
        };
        for (std::size_t lp = 0; lp < runtime.size(); ++lp) {
            if (owner(lp) == transport.rank()) hashes[lp] = runtime[lp].trajectory_hash;
        }
        const auto all = transport.all_gather(hashes);
        for (std::size_t lp = 0; lp < runtime.size(); ++lp) {
            runtime[lp].trajectory_hash =
                all[static_cast<std::size_t>(owner(lp)) * runtime.size() + lp];
        }
    } else if (config.scheduler == SchedulerKind::sequential) {
        detail::run_sequential(shared, config, stats);
    } else {
        detail::run_parallel(shared, config, stats);
    }
    stats.fingerprint = combine_fingerprint(runtime);
    return stats;
}

}  // namespace tuntas::engine
