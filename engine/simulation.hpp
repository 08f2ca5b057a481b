#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "engine/lp.hpp"
#include "engine/lp_id.hpp"
#include "engine/partition_map.hpp"
#include "engine/run_config.hpp"
#include "engine/run_observer.hpp"
#include "engine/run_stats.hpp"

namespace tuntas::engine {

/// Owns a set of LPs and runs them once, with the sequential reference scheduler or the
/// conservative windowed parallel scheduler. Both execute the same events in the same per-LP
/// order and give the same fingerprint, at any thread count and partitioning.
class Simulation {
public:
    Simulation();
    ~Simulation();
    Simulation(const Simulation&) = delete;
    Simulation& operator=(const Simulation&) = delete;
    Simulation(Simulation&&) noexcept;
    Simulation& operator=(Simulation&&) noexcept;

    /// Adds an LP and returns its id (ids are dense, in the order LPs are added). Its random
    /// stream is keyed by its id.
    LpId add_lp(std::unique_ptr<Lp> lp);
    /// Adds an LP whose random stream is keyed by `stream_key` (stream_key_of its identity), so
    /// its draws do not depend on how many LPs were added before it.
    LpId add_lp(std::unique_ptr<Lp> lp, std::uint64_t stream_key);

    /// Constructs an LP of type T in place and returns a reference to it.
    template <class T, class... Args>
    T& emplace_lp(Args&&... args) {
        auto lp = std::make_unique<T>(std::forward<Args>(args)...);
        T& ref = *lp;
        add_lp(std::move(lp));
        return ref;
    }

    /// Number of LPs.
    [[nodiscard]] std::size_t lp_count() const noexcept { return lps_.size(); }

    /// The LP with id `id`, to read its state after the run (never during it).
    [[nodiscard]] const Lp& lp(LpId id) const;
    /// The LP with id `id`, for the model that added it to read and drain between windows (from
    /// a RunObserver's call, never while handlers run).
    [[nodiscard]] Lp& lp(LpId id);

    /// Runs every LP's init() and then all events before config.end_time, or until an LP stops
    /// the run. A Simulation runs once. Throws UsageError on a bad configuration or partition
    /// map, LookaheadViolation when a model breaks the lookahead, and whatever a handler throws.
    /// `observer` (may be null) is called at every sample instant of config.sample_interval.
    RunStats run(const RunConfig& config, const PartitionMap& partitions,
                 RunObserver* observer = nullptr);

private:
    std::vector<std::unique_ptr<Lp>> lps_;
    std::vector<std::uint64_t> stream_keys_;  // per LP
    bool has_run_{false};
};

}  // namespace tuntas::engine
