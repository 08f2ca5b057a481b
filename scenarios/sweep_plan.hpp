#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace tuntas::scenarios {

/// One run of a sweep: its parameters, seed, the --set overrides that make it, and a file name.
struct SweepRun {
    std::string name;  ///< e.g. "waste.dump_trucks=8__seed=3"
    std::vector<std::pair<std::string, std::string>> params;  ///< key, value, in --set order
    std::uint64_t seed{0};
    std::vector<std::string> overrides;  ///< "key=value", including seed
};

/// Expands `sets` ("key=v1,v2,..." each) into their cartesian product, each with `seeds`
/// replications (seeds base_seed, base_seed + 1, ...), in a fixed order: the first key varies
/// slowest, the seed fastest. Throws std::invalid_argument for a set without '=' or a value.
[[nodiscard]] std::vector<SweepRun> expand_sweep(const std::vector<std::string>& sets, int seeds,
                                                 std::uint64_t base_seed);

/// The variant a run name belongs to: the name without its seed ("k=v__seed=3" -> "k=v"; a
/// sweep over seeds only gives "(seeds)"). Runs of one variant differ only in their seed.
[[nodiscard]] std::string sweep_variant(const std::string& run_name);

/// The runs of shard `shard` of `shards` (runs k with k % shards == shard).
[[nodiscard]] std::vector<SweepRun> shard_of(const std::vector<SweepRun>& runs, int shard,
                                             int shards);

}  // namespace tuntas::scenarios
