#include "scenarios/partitioning.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <utility>

#include "engine/disjoint_sets.hpp"
#include "scenarios/metis_library.hpp"

namespace tuntas::scenarios {
namespace {

/// Events a partition's share of a window should hold for the window to be worth sharing out.
constexpr double events_per_partition_window = 256.0;
/// Below this many events a window, windows are not worth cutting (default_partition_count).
constexpr double least_events_to_share = 40.0;

/// Blocks of `order` (indices into `events`) cut into at most `partitions` contiguous runs of
/// near-equal events: each entry goes to the block its events' midpoint falls in.
std::vector<std::size_t> cut_into_blocks(const std::vector<std::size_t>& order,
                                         const std::vector<double>& events,
                                         std::size_t partitions) {
    const double total = std::accumulate(events.begin(), events.end(), 0.0);
    const std::size_t count =
        std::max<std::size_t>(1, std::min(partitions, std::max<std::size_t>(events.size(), 1)));
    std::vector<std::size_t> block(events.size(), 0);
    double before = 0.0;
    for (const std::size_t g : order) {
        const double midpoint = total > 0.0 ? (before + events[g] / 2.0) / total : 0.0;
        block[g] =
            std::min(count - 1, static_cast<std::size_t>(midpoint * static_cast<double>(count)));
        before += events[g];
    }
    return block;
}

/// The largest block's events.
double heaviest(const std::vector<std::size_t>& block, const std::vector<double>& events) {
    std::vector<double> load;
    for (std::size_t g = 0; g < block.size(); ++g) {
        if (block[g] >= load.size()) load.resize(block[g] + 1, 0.0);
        load[block[g]] += events[g];
    }
    return load.empty() ? 0.0 : *std::max_element(load.begin(), load.end());
}

/// A link between groups by their ranks.
struct RankLink {
    std::size_t from{0};
    std::size_t to{0};
    double events{0.0};
    engine::Ticks least_delay{engine::ticks_max};
};

/// The least of `floor` and the delays of the links that cross between blocks.
engine::Ticks block_lookahead(const std::vector<std::size_t>& block,
                              const std::vector<RankLink>& links, engine::Ticks floor) {
    engine::Ticks lookahead = floor;
    for (const auto& link : links) {
        if (block[link.from] != block[link.to]) lookahead = std::min(lookahead, link.least_delay);
    }
    return lookahead;
}

/// Union-find roots: the groups joined by the links quicker than `threshold`, numbered 0, 1,
/// ... in order of their first group.
std::vector<std::size_t> joined_below(std::size_t groups, const std::vector<RankLink>& links,
                                      engine::Ticks threshold) {
    engine::DisjointSets joined(groups);
    for (const auto& link : links) {
        if (link.least_delay < threshold) joined.join(link.from, link.to);
    }
    return joined.numbered();
}

/// The links' events that cross between blocks.
double cut_events(const std::vector<std::size_t>& block, const std::vector<RankLink>& links) {
    double cut = 0.0;
    for (const auto& link : links) {
        if (block[link.from] != block[link.to]) cut += link.events;
    }
    return cut;
}

/// The groups (ranks 0 .. n - 1) split into `partitions` parts by METIS_PartGraphKway on the
/// graph of `links` (a pair's events summed, both ways), each of `constraints` (a weight per
/// group) balanced to 5 %, seed 1; nothing when METIS fails.
std::optional<std::vector<std::size_t>>
metis_parts(std::size_t groups, const std::vector<std::vector<double>>& constraints,
            std::vector<RankLink> links, std::size_t partitions) {
    // Each pair once in each direction, its events summed.
    const std::size_t given = links.size();
    for (std::size_t k = 0; k < given; ++k)
        links.push_back({links[k].to, links[k].from, links[k].events});
    std::sort(links.begin(), links.end(), [](const RankLink& a, const RankLink& b) {
        return std::tie(a.from, a.to) < std::tie(b.from, b.to);
    });
    std::vector<RankLink> merged;
    for (const auto& link : links) {
        if (!merged.empty() && merged.back().from == link.from && merged.back().to == link.to) {
            merged.back().events += link.events;
        } else {
            merged.push_back(link);
        }
    }
    // Integer weights: the edges' at most 1e9 in all, each at least 1; each constraint's
    // vertices about 1e6 in all.
    double edge_total = 0.0;
    for (const auto& link : merged) edge_total += link.events;
    const double edge_scale = edge_total > 1e9 ? 1e9 / edge_total : 1.0;
    std::vector<idx_t> xadj(groups + 1, 0);
    std::vector<idx_t> adjncy;
    std::vector<idx_t> adjwgt;
    for (const auto& link : merged) {
        ++xadj[link.from + 1];
        adjncy.push_back(static_cast<idx_t>(link.to));
        adjwgt.push_back(static_cast<idx_t>(std::max(1.0, std::round(link.events * edge_scale))));
    }
    for (std::size_t g = 0; g < groups; ++g) xadj[g + 1] += xadj[g];
    const std::size_t ncon = constraints.size();
    std::vector<idx_t> vwgt(groups * ncon, 0);
    for (std::size_t c = 0; c < ncon; ++c) {
        const double total = std::accumulate(constraints[c].begin(), constraints[c].end(), 0.0);
        for (std::size_t g = 0; g < groups; ++g)
            vwgt[g * ncon + c] =
                static_cast<idx_t>(std::round(constraints[c][g] * 1e6 / std::max(total, 1e-9)));
    }
    idx_t vertices = static_cast<idx_t>(groups);
    idx_t weights = static_cast<idx_t>(ncon);
    idx_t parts = static_cast<idx_t>(partitions);
    std::vector<real_t> tolerance(ncon, 1.05F);
    idx_t options[METIS_NOPTIONS];
    const MetisLibrary& metis = metis_library();
    metis.set_default_options(options);
    options[METIS_OPTION_SEED] = 1;
    options[METIS_OPTION_NUMBERING] = 0;
    idx_t cut = 0;
    std::vector<idx_t> part(groups, 0);
    if (metis.part_graph_kway(&vertices, &weights, xadj.data(), adjncy.data(), vwgt.data(), nullptr,
                              adjwgt.data(), &parts, nullptr, tolerance.data(), options, &cut,
                              part.data()) != METIS_OK)
        return std::nullopt;
    return std::vector<std::size_t>(part.begin(), part.end());
}

}  // namespace

std::size_t default_partition_count(unsigned threads, double expected_events,
                                    double expected_windows) {
    constexpr std::size_t most_per_thread = 8;
    const std::size_t at_least = std::max(threads, 1U);
    const double per_window = expected_events / std::max(expected_windows, 1.0);
    if (per_window < least_events_to_share) return 1;
    const double wanted = std::floor(per_window / events_per_partition_window);
    if (!(wanted > static_cast<double>(at_least))) return at_least;
    return std::min(most_per_thread * at_least, static_cast<std::size_t>(wanted));
}

engine::PartitionMap partition_by_group(const std::vector<std::uint32_t>& group_of_lp,
                                        const std::vector<double>& expected_events_of_lp,
                                        std::size_t partitions,
                                        const std::vector<std::uint32_t>& strata,
                                        const std::vector<model::GroupLink>& links,
                                        const WindowLimits& windows) {
    std::vector<std::uint32_t> groups = group_of_lp;
    std::sort(groups.begin(), groups.end());
    groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
    const auto rank_of = [&](std::uint32_t group) {
        return static_cast<std::size_t>(std::lower_bound(groups.begin(), groups.end(), group) -
                                        groups.begin());
    };
    std::vector<double> events(groups.size(), 0.0);
    for (std::size_t lp = 0; lp < group_of_lp.size(); ++lp)
        events[rank_of(group_of_lp[lp])] += expected_events_of_lp[lp];

    // Each group's model: the index of the last stratum start at or before it.
    const auto stratum_of = [&](std::uint32_t group) {
        return static_cast<std::size_t>(std::upper_bound(strata.begin(), strata.end(), group) -
                                        strata.begin());
    };
    // In group order: contiguous blocks.
    std::vector<std::size_t> in_order(groups.size());
    std::iota(in_order.begin(), in_order.end(), std::size_t{0});
    std::vector<std::size_t> block = cut_into_blocks(in_order, events, partitions);
    // By stratum: every group at the midpoint of its events within its own stratum (its model),
    // all strata merged by that position (ties in group order), then cut. Each partition gets
    // a slice of every model, so the models' rhythms over the day (traffic's peaks, telecom's
    // evening) even out within each window. Taken unless a group too big to share makes its
    // heaviest block clearly heavier than the contiguous cut's.
    if (strata.size() > 1 && partitions > 1) {
        std::vector<double> stratum_total(strata.size() + 1, 0.0);
        for (std::size_t g = 0; g < groups.size(); ++g)
            stratum_total[stratum_of(groups[g])] += events[g];
        std::vector<double> stratum_before(strata.size() + 1, 0.0);
        std::vector<std::pair<double, std::size_t>> position;
        for (std::size_t g = 0; g < groups.size(); ++g) {
            const std::size_t s = stratum_of(groups[g]);
            position.emplace_back(stratum_total[s] > 0.0
                                      ? (stratum_before[s] + events[g] / 2.0) / stratum_total[s]
                                      : 0.5,
                                  g);
            stratum_before[s] += events[g];
        }
        std::stable_sort(position.begin(), position.end());
        std::vector<std::size_t> mixed;
        for (const auto& [at, g] : position) mixed.push_back(g);
        std::vector<std::size_t> stratified = cut_into_blocks(mixed, events, partitions);
        if (heaviest(stratified, events) <= 1.1 * heaviest(block, events))
            block = std::move(stratified);
    }

    // The groups' graph cut by METIS, when the models linked their groups: taken when it cuts
    // fewer expected events than the blocks without making the heaviest partition more than a
    // tenth heavier.
    std::vector<RankLink> rank_links;
    for (const auto& link : links) {
        const std::size_t from = rank_of(link.from);
        const std::size_t to = rank_of(link.to);
        if (from < groups.size() && groups[from] == link.from && to < groups.size() &&
            groups[to] == link.to && from != to)
            rank_links.push_back({from, to, link.expected_events, link.least_delay});
    }
    if (!rank_links.empty() && partitions > 1 && groups.size() > partitions) {
        std::vector<std::vector<double>> constraints{events};
        for (std::size_t s = 0; s <= strata.size() && strata.size() > 1; ++s) {
            std::vector<double> own(groups.size(), 0.0);
            std::size_t members = 0;
            for (std::size_t g = 0; g < groups.size(); ++g) {
                if (stratum_of(groups[g]) != s) continue;
                own[g] = events[g];
                ++members;
            }
            if (members >= 4 * partitions && members < groups.size())
                constraints.push_back(std::move(own));
        }
        if (auto parts = metis_parts(groups.size(), constraints, rank_links, partitions);
            parts && cut_events(*parts, rank_links) < cut_events(block, rank_links) &&
            heaviest(*parts, events) <= 1.1 * heaviest(block, events))
            block = std::move(*parts);
    }

    // Longer windows: links quicker than a threshold kept inside partitions (their groups
    // joined before METIS cuts the rest), at twice and four times the cut's lookahead (no more
    // than can lengthen a window: the floor, the sample interval, the run). The longest
    // lookahead whose heaviest partition is at most a tenth heavier than the cut's is taken;
    // half again heavier when the cut's windows are too small to share (under 256 events a
    // partition, which the concurrency governor then mostly runs one partition after another):
    // there fewer windows buy more than balance (SUMO's DRT network: its twice-as-long
    // candidate was 0.3 % over the tenth, and the cut's 2.9-s windows, 6,259 against 2,918,
    // made its event loop 13 % slower).
    // The models' expected events are rough (DRT's traffic expects a third more than it runs),
    // so a candidate's balance is held to the cut's rather than weighed against its windows.
    if (windows.run > 0 && !rank_links.empty() && partitions > 1 && groups.size() > partitions) {
        const engine::Ticks longest =
            std::min({windows.floor, windows.run,
                      windows.sample_interval > 0 ? windows.sample_interval : windows.run});
        const engine::Ticks from = block_lookahead(block, rank_links, windows.floor);
        const double total = std::accumulate(events.begin(), events.end(), 0.0);
        const double events_a_window =
            total * static_cast<double>(from) / static_cast<double>(windows.run);
        const bool shared =
            events_a_window >= events_per_partition_window * static_cast<double>(partitions);
        const double allowed = (shared ? 1.1 : 1.5) * heaviest(block, events);
        engine::Ticks best = from;
        for (const double factor : {2.0, 4.0}) {
            if (from >= longest) break;
            const auto threshold = static_cast<engine::Ticks>(
                std::min(static_cast<double>(longest), factor * static_cast<double>(from)));
            const std::vector<std::size_t> joined =
                joined_below(groups.size(), rank_links, threshold);
            const std::size_t count = 1 + *std::max_element(joined.begin(), joined.end());
            if (count <= partitions) break;  // too few left to balance
            std::vector<double> joined_events(count, 0.0);
            for (std::size_t g = 0; g < groups.size(); ++g) joined_events[joined[g]] += events[g];
            std::vector<RankLink> between;
            for (const auto& link : rank_links) {
                if (joined[link.from] != joined[link.to])
                    between.push_back({joined[link.from], joined[link.to], link.events});
            }
            const auto parts = metis_parts(count, {joined_events}, between, partitions);
            if (!parts) break;
            std::vector<std::size_t> candidate(groups.size());
            for (std::size_t g = 0; g < groups.size(); ++g) candidate[g] = (*parts)[joined[g]];
            const engine::Ticks lookahead = block_lookahead(candidate, rank_links, windows.floor);
            if (heaviest(candidate, events) > allowed) break;  // joining more only gets heavier
            if (lookahead > best) {
                best = lookahead;
                block = std::move(candidate);
            }
            if (threshold == longest) break;
        }
    }

    // Number the blocks that got a group 0, 1, ... in block order.
    const std::size_t count =
        1 + (block.empty() ? 0 : *std::max_element(block.begin(), block.end()));
    std::vector<char> used(count, 0);
    for (const std::size_t b : block) used[b] = 1;
    std::vector<engine::PartitionId> id_of_block(count, 0);
    engine::PartitionId next = 0;
    for (std::size_t b = 0; b < count; ++b) {
        if (used[b]) id_of_block[b] = next++;
    }
    std::vector<engine::PartitionId> table;
    table.reserve(group_of_lp.size());
    for (const std::uint32_t group : group_of_lp)
        table.push_back(id_of_block[block[rank_of(group)]]);
    return engine::PartitionMap::from_assignment(std::move(table));
}

engine::Ticks partition_lookahead(const engine::PartitionMap& map,
                                  const std::vector<std::uint32_t>& group_of_lp,
                                  const std::vector<model::GroupLink>& links, engine::Ticks floor) {
    // A group's partition: that of any of its LPs (a group keeps to one partition).
    std::vector<engine::PartitionId> partition_of_group;
    for (std::size_t lp = 0; lp < group_of_lp.size(); ++lp) {
        const std::uint32_t group = group_of_lp[lp];
        if (group >= partition_of_group.size())
            partition_of_group.resize(group + 1, engine::PartitionId{0});
        partition_of_group[group] = map.partition_of(static_cast<engine::LpId>(lp));
    }
    engine::Ticks lookahead = floor;
    for (const auto& link : links) {
        if (link.from < partition_of_group.size() && link.to < partition_of_group.size() &&
            partition_of_group[link.from] != partition_of_group[link.to])
            lookahead = std::min(lookahead, link.least_delay);
    }
    return lookahead;
}

engine::Ticks least_lookahead(const std::vector<model::GroupLink>& links, engine::Ticks floor) {
    engine::Ticks lookahead = floor;
    for (const auto& link : links) lookahead = std::min(lookahead, link.least_delay);
    return lookahead;
}

RankedPartitions partition_for_ranks(const std::vector<std::uint32_t>& group_of_lp,
                                     const std::vector<double>& expected_events_of_lp,
                                     const std::vector<std::uint32_t>& group_begin_of_model,
                                     const std::vector<std::size_t>& cluster_of_model, int ranks,
                                     const std::function<std::size_t(double)>& partitions_of_rank,
                                     const std::vector<model::GroupLink>& links,
                                     const WindowLimits& windows) {
    const std::size_t models = cluster_of_model.size();
    if (ranks < 1 || group_begin_of_model.size() != models + 1)
        throw std::invalid_argument("partition_for_ranks: ranks < 1 or models miscounted");
    const auto model_of_group = [&](std::uint32_t group) {
        return static_cast<std::size_t>(std::upper_bound(group_begin_of_model.begin(),
                                                         group_begin_of_model.end() - 1, group) -
                                        group_begin_of_model.begin()) -
               1;
    };
    // Each cluster's expected events, then clusters to ranks: heaviest first, least loaded.
    const std::size_t clusters =
        models == 0 ? 0 : 1 + *std::max_element(cluster_of_model.begin(), cluster_of_model.end());
    std::vector<double> cluster_events(clusters, 0.0);
    for (std::size_t lp = 0; lp < group_of_lp.size(); ++lp)
        cluster_events[cluster_of_model[model_of_group(group_of_lp[lp])]] +=
            expected_events_of_lp[lp];
    std::vector<std::size_t> by_weight(clusters);
    std::iota(by_weight.begin(), by_weight.end(), std::size_t{0});
    std::stable_sort(by_weight.begin(), by_weight.end(), [&](std::size_t a, std::size_t b) {
        return cluster_events[a] > cluster_events[b];
    });
    RankedPartitions out{.map = engine::PartitionMap::single(0),
                         .rank_of_model = std::vector<int>(models, 0),
                         .events_of_rank =
                             std::vector<double>(static_cast<std::size_t>(ranks), 0.0)};
    std::vector<int> rank_of_cluster(clusters, 0);
    for (const std::size_t c : by_weight) {
        const auto least = std::min_element(out.events_of_rank.begin(), out.events_of_rank.end());
        rank_of_cluster[c] = static_cast<int>(least - out.events_of_rank.begin());
        *least += cluster_events[c];
    }
    for (std::size_t m = 0; m < models; ++m)
        out.rank_of_model[m] = rank_of_cluster[cluster_of_model[m]];

    // Each rank's LPs partitioned on their own, the partitions numbered rank by rank.
    std::vector<engine::PartitionId> partition_of_lp(group_of_lp.size(), 0);
    std::vector<std::size_t> worker_of_partition;
    for (int rank = 0; rank < ranks; ++rank) {
        std::vector<std::size_t> lps;
        std::vector<std::uint32_t> groups;
        std::vector<double> events;
        for (std::size_t lp = 0; lp < group_of_lp.size(); ++lp) {
            if (out.rank_of_model[model_of_group(group_of_lp[lp])] != rank) continue;
            lps.push_back(lp);
            groups.push_back(group_of_lp[lp]);
            events.push_back(expected_events_of_lp[lp]);
        }
        if (lps.empty()) continue;
        std::vector<std::uint32_t> strata;
        for (std::size_t m = 0; m < models; ++m) {
            if (out.rank_of_model[m] == rank &&
                group_begin_of_model[m] < group_begin_of_model[m + 1] &&
                (strata.empty() || strata.back() != group_begin_of_model[m]))
                strata.push_back(group_begin_of_model[m]);
        }
        const engine::PartitionMap own = partition_by_group(
            groups, events,
            std::max<std::size_t>(
                1, partitions_of_rank(out.events_of_rank[static_cast<std::size_t>(rank)])),
            strata, links, windows);
        const auto first = static_cast<engine::PartitionId>(worker_of_partition.size());
        for (std::size_t k = 0; k < lps.size(); ++k)
            partition_of_lp[lps[k]] = first + own.partition_of(static_cast<engine::LpId>(k));
        worker_of_partition.insert(worker_of_partition.end(), own.partition_count(),
                                   static_cast<std::size_t>(rank));
    }
    out.map = engine::PartitionMap::from_assignment(std::move(partition_of_lp));
    out.map.assign_workers(std::move(worker_of_partition));
    return out;
}

}  // namespace tuntas::scenarios
