#include "scenarios/partitioning.hpp"

#include <algorithm>
#include <numeric>
#include <utility>

namespace tuntas::scenarios {
namespace {

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

}  // namespace

engine::PartitionMap partition_by_group(const std::vector<std::uint32_t>& group_of_lp,
                                        const std::vector<double>& expected_events_of_lp,
                                        std::size_t partitions,
                                        const std::vector<std::uint32_t>& strata) {
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
        const auto stratum_of = [&](std::uint32_t group) {
            return static_cast<std::size_t>(std::upper_bound(strata.begin(), strata.end(), group) -
                                            strata.begin());
        };
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

}  // namespace tuntas::scenarios
