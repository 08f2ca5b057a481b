#include "models/mm1/mm1.hpp"

#include <string>

#include "engine/error.hpp"
#include "models/mm1/server_lp.hpp"
#include "models/mm1/source_lp.hpp"

namespace tuntas::mm1 {

void validate(const Mm1Params& params) {
    const auto fail = [](const std::string& what) { throw engine::UsageError("mm1: " + what); };
    if (params.queue_count < 1) fail("queue_count must be >= 1");
    if (!(params.arrival_rate_per_s > 0.0)) fail("arrival_rate_per_s must be > 0");
    if (!(params.service_rate_per_s > params.arrival_rate_per_s)) {
        fail("service_rate_per_s must exceed arrival_rate_per_s (a stable queue)");
    }
    if (engine::ticks_from_seconds(params.transit_s) < 1) fail("transit_s must be >= 1e-6");
    if (!(params.warmup_s >= 0.0)) fail("warmup_s must be >= 0");
    if (!(params.duration_s > params.warmup_s))
        fail("the run (key 'duration') must last longer than its warm-up (key 'mm1.warmup')");
}

Mm1Lps add_lps(engine::Simulation& simulation, const Mm1Params& params,
               const std::vector<ArrivalChanges>& changes) {
    validate(params);
    Mm1Lps lps;
    for (std::uint32_t q = 0; q < params.queue_count; ++q) {
        const auto server = static_cast<engine::LpId>(simulation.lp_count() + 1);
        lps.sources.push_back(simulation.add_lp(std::make_unique<SourceLp>(
            server, params, q < changes.size() ? changes[q] : ArrivalChanges{})));
        lps.servers.push_back(simulation.add_lp(std::make_unique<ServerLp>(params)));
    }
    return lps;
}

engine::PartitionMap partition(const Mm1Lps& lps, std::size_t lp_count, std::size_t partitions) {
    std::vector<engine::PartitionId> table(lp_count, 0);
    for (std::size_t q = 0; q < lps.sources.size(); ++q) {
        table[lps.sources[q]] = static_cast<engine::PartitionId>((2 * q) % partitions);
        table[lps.servers[q]] = static_cast<engine::PartitionId>((2 * q + 1) % partitions);
    }
    return engine::PartitionMap::from_assignment(std::move(table));
}

std::vector<ServerStats> server_stats(const engine::Simulation& simulation, const Mm1Lps& lps) {
    std::vector<ServerStats> stats;
    stats.reserve(lps.servers.size());
    for (const engine::LpId server : lps.servers) {
        stats.push_back(dynamic_cast<const ServerLp&>(simulation.lp(server)).stats());
    }
    return stats;
}

}  // namespace tuntas::mm1
