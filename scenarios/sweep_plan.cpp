#include "scenarios/sweep_plan.hpp"

#include <cctype>
#include <cstdint>
#include <exception>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

namespace tuntas::scenarios {
namespace {

/// A file-name-safe form that names `text` alone: letters, digits and . _ = - stay; anything
/// else becomes '_'; when that changed anything (so "a/b" and "a_b" would meet) or the text is
/// long, the readable part is cut to 60 characters and followed by '~' and 16 hex digits of
/// the text's FNV-1a hash. File names stay injective and far below the 255-byte limit.
std::string safe(const std::string& text) {
    std::string out = text;
    bool changed = false;
    for (char& c : out) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) == 0 && c != '.' && c != '_' && c != '=' && c != '-') {
            c = '_';
            changed = true;
        }
    }
    constexpr std::size_t readable = 60;
    if (!changed && out.size() <= readable) return out;
    std::uint64_t hash = 0xcbf2'9ce4'8422'2325ULL;
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100'0000'01b3ULL;
    }
    return fmt::format("{}~{:016x}", out.substr(0, readable), hash);
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
        for (const auto& other : axes) {
            if (other.key == axis.key) {
                throw std::invalid_argument(fmt::format(
                    "--set {}: the key is swept twice; give all its values in one --set",
                    axis.key));
            }
        }
        axes.push_back(std::move(axis));
    }
    if (seeds < 1) throw std::invalid_argument("--seeds must be at least 1");
    // The seed is one rule: either --seeds N (seeds from the scenario's on) or a swept seed
    // (--set seed=a,b,c: each value is a run's seed), not both.
    std::vector<std::uint64_t> swept_seeds;
    for (auto axis = axes.begin(); axis != axes.end(); ++axis) {
        if (axis->key != "seed") continue;
        if (seeds > 1) {
            throw std::invalid_argument(
                "--set seed=... and --seeds N both choose seeds: use one of them");
        }
        for (const auto& value : axis->values) {
            std::size_t used = 0;
            unsigned long long seed = 0;
            try {
                seed = std::stoull(value, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used != value.size() || value.front() == '-') {
                throw std::invalid_argument(
                    fmt::format("--set seed: '{}' is not a non-negative integer", value));
            }
            swept_seeds.push_back(seed);
        }
        axes.erase(axis);
        break;
    }
    if (!swept_seeds.empty()) seeds = static_cast<int>(swept_seeds.size());
    std::vector<SweepRun> runs;
    std::vector<std::size_t> index(axes.size(), 0);
    for (;;) {
        for (int s = 0; s < seeds; ++s) {
            SweepRun run;
            run.seed = swept_seeds.empty() ? base_seed + static_cast<std::uint64_t>(s)
                                           : swept_seeds[static_cast<std::size_t>(s)];
            std::vector<std::string> parts;
            for (std::size_t a = 0; a < axes.size(); ++a) {
                const auto& value = axes[a].values[index[a]];
                run.params.emplace_back(axes[a].key, value);
                run.overrides.push_back(axes[a].key + "=" + value);
                // Named by the keys that vary: one value is the same for every run.
                if (axes[a].values.size() > 1) parts.push_back(safe(axes[a].key + "=" + value));
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
