#include "models/phold/phold.hpp"

#include <memory>
#include <string>

#include "engine/error.hpp"
#include "models/phold/phold_lp.hpp"

namespace tuntas::phold {

void validate(const PholdParams& params) {
    const auto fail = [](const std::string& what) { throw engine::UsageError("phold: " + what); };
    if (params.lp_count < 1) fail("--nlp must be >= 1");
    if (params.start_events < 1) fail("--start-events must be >= 1");
    if (!(params.remote_fraction >= 0.0 && params.remote_fraction <= 1.0)) {
        fail("--remote must be in [0, 1]");
    }
    if (!(params.lookahead > 0.0)) fail("--lookahead must be > 0");
    if (params.lookahead_ticks() < 1) fail("--lookahead must be at least one tick (1e-6)");
    if (!(params.mean > params.lookahead)) fail("--mean must be greater than --lookahead");
    if (!(params.end > 0.0)) fail("--end must be > 0");
}

void add_lps(engine::Simulation& simulation, const PholdParams& params) {
    for (std::uint32_t i = 0; i < params.lp_count; ++i) simulation.emplace_lp<PholdLp>(params);
}

engine::RunConfig run_config(const PholdParams& params, std::uint64_t seed,
                             engine::SchedulerKind scheduler, unsigned threads) {
    return engine::RunConfig{.seed = seed,
                             .end_time = params.end_ticks(),
                             .lookahead = params.lookahead_ticks(),
                             .scheduler = scheduler,
                             .threads = threads};
}

engine::RunStats run(const PholdParams& params, std::uint64_t seed, engine::SchedulerKind scheduler,
                     unsigned threads, std::size_t partitions) {
    validate(params);
    engine::Simulation simulation;
    add_lps(simulation, params);
    return simulation.run(run_config(params, seed, scheduler, threads),
                          engine::PartitionMap::blocks(params.lp_count, partitions));
}

}  // namespace tuntas::phold
