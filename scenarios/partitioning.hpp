#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "engine/partition_map.hpp"
#include "models/api/group_link.hpp"

namespace tuntas::scenarios {

/// How many partitions a run's LPs are spread over when the user does not say: one when a
/// window is expected to hold fewer than 40 events, else at least one a thread, and up to eight
/// a thread while each partition still gets about 256 events a window (`expected_events` over
/// `expected_windows`). Windows that small are not shared (the concurrency governor runs them
/// one partition after the other), yet a cut makes several times as many of them and turns the
/// events that cross it into queued ones: Bologna's joined network over an hour (28 events a
/// window expected) ran its event loop in 7.0 ms at one partition against 9.8 ms at two
/// (medians of 30 alternating runs, two threads). Smaller partitions keep their pending sets and
/// their LPs' state in cache (a Paser day on one thread: 4.9 s at 1 partition, 4.1 s at 16; a
/// generated million's day on two: 36.8 s at 2, 27.9 s at 8), and several a thread let a
/// window's busy ones be shared out; but every partition costs each window a visit, which a
/// window of fifty events (SUMO's DRT network at its quickest links' 2-s lookahead) does not
/// repay. `expected_windows` counts the windows of the least lookahead any partitioning may
/// have (least_lookahead). Results never depend on it.
[[nodiscard]] std::size_t default_partition_count(unsigned threads, double expected_events,
                                                  double expected_windows);

/// What bounds a run's windows besides the cut links: the models' lookahead floor
/// (Assembly::lookahead), the run's length and its sample interval (windows end at both).
/// `run` 0: windows are not considered.
struct WindowLimits {
    engine::Ticks floor{engine::ticks_max};
    engine::Ticks run{0};
    engine::Ticks sample_interval{0};
};

/// The lookahead of `map`: the least of `floor` and the least delay of the `links` whose groups
/// it puts in different partitions (ticks_max: neither).
[[nodiscard]] engine::Ticks partition_lookahead(const engine::PartitionMap& map,
                                                const std::vector<std::uint32_t>& group_of_lp,
                                                const std::vector<model::GroupLink>& links,
                                                engine::Ticks floor);

/// The least of `floor` and every link's delay: the lookahead whatever the partitioning.
[[nodiscard]] engine::Ticks least_lookahead(const std::vector<model::GroupLink>& links,
                                            engine::Ticks floor);

/// The LPs' partitions: their distinct locality groups, in order, cut into at most `partitions`
/// contiguous blocks of near-equal expected events. A group goes to the block its events'
/// midpoint falls in, so a group with most of the work ends up alone; blocks left empty are
/// dropped (the map may have fewer partitions than asked). `group_of_lp` and
/// `expected_events_of_lp` have one entry per LP. With `strata` (the first group of each model,
/// ascending) every model's groups are spread over the blocks instead, each block taking a
/// contiguous slice of each model, unless a group too big to share would leave the heaviest
/// block more than a tenth heavier than the plain cut's (measured on a Paser day at 2 threads:
/// 7.1-7.5 s against 8.6 s, the models' daily rhythms evening out within each window).
/// With `links` (the groups that exchange events, as the models recorded them) METIS's k-way
/// partitioning of the groups' graph is tried as well, balancing the groups' events overall and
/// those of every model with groups enough to share (at least four a partition), with a fixed
/// seed; it is taken when the events its partitions exchange (the links' expected events it
/// cuts) are fewer than the blocks' and its heaviest partition is no more than a tenth heavier.
/// With `windows` as well, links quicker than twice and four times the cut's lookahead are kept
/// inside partitions (their groups joined before METIS cuts the rest), and the longest
/// lookahead whose heaviest partition is at most a tenth heavier than the cut's is taken: a
/// small network's short links (SUMO's DRT: windows of 50 events at 2 s) are then left uncut.
/// Results never depend on the partitioning, only speed (and, over MPI, messages) does.
[[nodiscard]] engine::PartitionMap partition_by_group(
    const std::vector<std::uint32_t>& group_of_lp, const std::vector<double>& expected_events_of_lp,
    std::size_t partitions, const std::vector<std::uint32_t>& strata = {},
    const std::vector<model::GroupLink>& links = {}, const WindowLimits& windows = {});

/// The partitions of a run over ranks and the rank each model runs on.
struct RankedPartitions {
    engine::PartitionMap map;            ///< with its workers assigned: each partition's rank
    std::vector<int> rank_of_model;      ///< per model, in assembly order
    std::vector<double> events_of_rank;  ///< the expected events each rank runs
};

/// The partitions of a run over `ranks` ranks, in which every model runs whole on one rank (its
/// between-window changes, samples and KPIs read its LPs in-process, so they must all be on the
/// rank that calls them). Models that share memory between their LPs (the same number in
/// `cluster_of_model`: waste trucks drive through the traffic model's junctions) go to one rank
/// together; clusters go to ranks by their expected events, heaviest first, each to the least
/// loaded rank (ties to the lower rank); and each rank's LPs are partitioned as
/// partition_by_group partitions a run of their own, into `partitions_of_rank(its expected
/// events)` partitions with its models as strata. `group_begin_of_model` has each model's first
/// locality group (ascending, one per model) and then the group count.
[[nodiscard]] RankedPartitions partition_for_ranks(
    const std::vector<std::uint32_t>& group_of_lp, const std::vector<double>& expected_events_of_lp,
    const std::vector<std::uint32_t>& group_begin_of_model,
    const std::vector<std::size_t>& cluster_of_model, int ranks,
    const std::function<std::size_t(double)>& partitions_of_rank,
    const std::vector<model::GroupLink>& links = {}, const WindowLimits& windows = {});

}  // namespace tuntas::scenarios
