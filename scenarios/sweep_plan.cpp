#include "scenarios/sweep_plan.hpp"

#include <cctype>
#include <stdexcept>

#include <fmt/format.h>

namespace tuntas::scenarios {
namespace {

/// A file-name-safe form: letters, digits and . _ = - stay; anything else becomes '_'.
std::string safe(const std::string& text) {
    std::string out = text;
    for (char& c : out) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) == 0 && c != '.' && c != '_' && c != '=' && c != '-') c = '_';
    }
    return out;
}

}  // namespace

std::vector<SweepRun> expand_sweep(const std::vector<std::string>& sets, int seeds,
                                   std::uint64_t base_seed) {
    struct Axis {
        std::string key;
        std::vector<std::string> values;
    };
    std::vector<Axis> axes;
    for (const auto& set : sets) {
        const auto equals = set.find('=');
        if (equals == std::string::npos || equals == 0 || equals + 1 == set.size()) {
            throw std::invalid_argument(
                fmt::format("--set '{}': expected key=value[,value...]", set));
        }
        Axis axis{set.substr(0, equals), {}};
        std::string rest = set.substr(equals + 1);
        for (std::size_t start = 0;;) {
            const auto comma = rest.find(',', start);
            axis.values.push_back(
                rest.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
            if (axis.values.back().empty())
                throw std::invalid_argument(fmt::format("--set '{}': an empty value", set));
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
        axes.push_back(std::move(axis));
    }
    if (seeds < 1) throw std::invalid_argument("--seeds must be at least 1");
    std::vector<SweepRun> runs;
    std::vector<std::size_t> index(axes.size(), 0);
    for (;;) {
        for (int s = 0; s < seeds; ++s) {
            SweepRun run;
            run.seed = base_seed + static_cast<std::uint64_t>(s);
            std::vector<std::string> parts;
            for (std::size_t a = 0; a < axes.size(); ++a) {
                const auto& value = axes[a].values[index[a]];
                run.params.emplace_back(axes[a].key, value);
                run.overrides.push_back(axes[a].key + "=" + value);
                parts.push_back(safe(axes[a].key + "=" + value));
            }
            run.overrides.push_back(fmt::format("seed={}", run.seed));
            parts.push_back(fmt::format("seed={}", run.seed));
            run.name = fmt::format("{}", fmt::join(parts, "__"));
            runs.push_back(std::move(run));
        }
        // The next combination: the last axis varies fastest.
        std::size_t a = axes.size();
        while (a > 0) {
            --a;
            if (++index[a] < axes[a].values.size()) break;
            index[a] = 0;
            if (a == 0) return runs;
        }
        if (axes.empty()) return runs;
    }
}

std::string sweep_variant(const std::string& run_name) {
    const auto seed = run_name.rfind("seed=");
    if (seed == std::string::npos) return run_name;
    if (seed == 0) return "(seeds)";
    return run_name.substr(0,
                           seed >= 2 && run_name.compare(seed - 2, 2, "__") == 0 ? seed - 2 : seed);
}

std::vector<SweepRun> shard_of(const std::vector<SweepRun>& runs, int shard, int shards) {
    if (shards < 1 || shard < 0 || shard >= shards) {
        throw std::invalid_argument(
            fmt::format("--shard {}/{}: expected i/n with 0 <= i < n", shard, shards));
    }
    std::vector<SweepRun> mine;
    for (std::size_t k = 0; k < runs.size(); ++k) {
        if (static_cast<int>(k % static_cast<std::size_t>(shards)) == shard)
            mine.push_back(runs[k]);
    }
    return mine;
}

}  // namespace tuntas::scenarios
