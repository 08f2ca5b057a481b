#include "scenarios/partitioning.hpp"

#include <algorithm>
#include <numeric>

namespace tuntas::scenarios {

engine::PartitionMap partition_by_group(const std::vector<std::uint32_t>& group_of_lp,
                                        const std::vector<double>& expected_events_of_lp,
                                        std::size_t partitions) {
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
    const double total = std::accumulate(events.begin(), events.end(), 0.0);
    const std::size_t count =
        std::max<std::size_t>(1, std::min(partitions, std::max<std::size_t>(groups.size(), 1)));
    std::vector<std::size_t> block(groups.size(), 0);
    double before = 0.0;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        const double midpoint = total > 0.0 ? (before + events[g] / 2.0) / total : 0.0;
        block[g] =
            std::min(count - 1, static_cast<std::size_t>(midpoint * static_cast<double>(count)));
        before += events[g];
    }
    // Number the blocks that got a group 0, 1, ... (blocks only grow along the groups).
    std::vector<engine::PartitionId> id_of_block(count, 0);
    engine::PartitionId next = 0;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        if (g == 0 || block[g] != block[g - 1]) id_of_block[block[g]] = next++;
    }
    std::vector<engine::PartitionId> table;
    table.reserve(group_of_lp.size());
    for (const std::uint32_t group : group_of_lp)
        table.push_back(id_of_block[block[rank_of(group)]]);
    return engine::PartitionMap::from_assignment(std::move(table));
}

}  // namespace tuntas::scenarios
