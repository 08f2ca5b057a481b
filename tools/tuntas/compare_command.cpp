#include "tools/tuntas/compare_command.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/math/distributions/students_t.hpp>
#include <fmt/format.h>

#include "engine/result_summary.hpp"
#include "scenarios/sweep_plan.hpp"
#include "tools/tuntas/cli_error.hpp"

namespace tuntas::cli {
namespace {

namespace fs = std::filesystem;

/// Replications of one variant: its runs' KPI values by name.
struct Variant {
    std::string name;
    std::vector<fs::path> files;
    std::map<std::string, std::vector<double>> values;
    std::map<std::string, std::string> units;
};

struct Estimate {
    double mean{0.0};
    double half_width{0.0};  ///< 95 % confidence (0 with one run)
    double variance{0.0};
    std::size_t n{0};
};

Estimate estimate(const std::vector<double>& xs) {
    Estimate e;
    e.n = xs.size();
    if (xs.empty()) return e;
    for (const double x : xs) e.mean += x;
    e.mean /= static_cast<double>(e.n);
    if (e.n < 2) return e;
    for (const double x : xs) e.variance += (x - e.mean) * (x - e.mean);
    e.variance /= static_cast<double>(e.n - 1);
    const boost::math::students_t t(static_cast<double>(e.n - 1));
    e.half_width = boost::math::quantile(boost::math::complement(t, 0.025)) *
                   std::sqrt(e.variance / static_cast<double>(e.n));
    return e;
}

/// Welch's t-test at 5 %: true when the means differ significantly.
bool significant(const Estimate& a, const Estimate& b) {
    if (a.n < 2 || b.n < 2) return false;
    const double va = a.variance / static_cast<double>(a.n);
    const double vb = b.variance / static_cast<double>(b.n);
    if (va + vb <= 0.0) return a.mean != b.mean;
    const double t = (b.mean - a.mean) / std::sqrt(va + vb);
    const double df =
        (va + vb) * (va + vb) /
        (va * va / static_cast<double>(a.n - 1) + vb * vb / static_cast<double>(b.n - 1));
    const boost::math::students_t dist(df);
    return std::abs(t) > boost::math::quantile(boost::math::complement(dist, 0.025));
}

/// The variants to compare: each file its own, or a sweep directory's runs grouped by their
/// parameters (the run name without its seed).
std::vector<Variant> variants(const std::vector<std::string>& inputs) {
    std::vector<Variant> out;
    std::map<std::string, std::size_t> index;
    for (const auto& input : inputs) {
        const fs::path path = input;
        if (fs::is_directory(path)) {
            std::vector<fs::path> files;
            for (const auto& entry : fs::directory_iterator(path)) {
                if (entry.path().extension() == ".h5" && entry.path().filename() != "summary.h5")
                    files.push_back(entry.path());
            }
            std::sort(files.begin(), files.end());
            for (const auto& file : files) {
                const std::string key = scenarios::sweep_variant(file.stem().string());
                if (!index.contains(key)) {
                    index[key] = out.size();
                    out.push_back({key, {}, {}, {}});
                }
                out[index[key]].files.push_back(file);
            }
        } else if (fs::exists(path)) {
            out.push_back({path.filename().string(), {path}, {}, {}});
        } else {
            throw input_error(fmt::format("{}: no such result or sweep directory", input));
        }
    }
    for (auto& variant : out) {
        for (const auto& file : variant.files) {
            const auto summary = engine::read_result_summary(file);
            if (!summary.complete)
                throw input_error(fmt::format("{}: an incomplete run (no KPIs)", file.string()));
            for (const auto& kpi : summary.kpis) {
                variant.values[kpi.name].push_back(kpi.value);
                variant.units[kpi.name] = kpi.unit;
            }
        }
    }
    return out;
}

}  // namespace

void compare(const CompareArgs& args) {
    const auto all = variants(args.inputs);
    if (all.size() < 2 && (all.empty() || all.front().files.size() < 2)) {
        throw input_error("compare: give two results or more, or a sweep directory");
    }
    const Variant& base = all.front();
    fmt::print("baseline: {} ({} run{})\n", base.name, base.files.size(),
               base.files.size() == 1 ? "" : "s");
    for (std::size_t v = 1; v < all.size(); ++v) {
        fmt::print("variant {}: {} ({} run{})\n", v, all[v].name, all[v].files.size(),
                   all[v].files.size() == 1 ? "" : "s");
    }
    fmt::print("\n{:<36}", "KPI");
    for (std::size_t v = 0; v < all.size(); ++v)
        fmt::print(" {:>24}", v == 0 ? std::string("baseline") : fmt::format("variant {}", v));
    fmt::print("  unit\n");
    for (const auto& [name, values] : base.values) {
        if (name.starts_with("engine.")) continue;
        const Estimate b = estimate(values);
        fmt::print("{:<36}", name);
        for (std::size_t v = 0; v < all.size(); ++v) {
            const auto found = all[v].values.find(name);
            if (found == all[v].values.end()) {
                fmt::print(" {:>24}", "-");
                continue;
            }
            const Estimate e = estimate(found->second);
            std::string cell = e.n > 1 ? fmt::format("{:.4g} ±{:.2g}", e.mean, e.half_width)
                                       : fmt::format("{:.4g}", e.mean);
            if (v > 0) {
                const double change =
                    b.mean != 0.0 ? 100.0 * (e.mean - b.mean) / std::abs(b.mean) : 0.0;
                cell += fmt::format(" {:+.1f}%{}", change, significant(b, e) ? "*" : "");
            }
            fmt::print(" {:>24}", cell);
        }
        fmt::print("  {}\n", base.units.at(name));
    }
    const bool replicated =
        std::any_of(all.begin(), all.end(), [](const Variant& v) { return v.files.size() > 1; });
    if (replicated)
        fmt::print("\nmean ± 95 % confidence half-width over the seeds; * the difference from the "
                   "baseline is significant (Welch's t-test, 5 %)\n");
    if (!args.plot.empty()) {
        // Matplotlib draws the series over time, one line per variant (its first run).
        const fs::path script = fs::path(TUNTAS_PYTHON_DIR) / "compare_plot.py";
        std::string command = fmt::format("/usr/bin/python3 '{}' '{}'", script.string(), args.plot);
        for (const auto& variant : all)
            command += fmt::format(" '{}'", variant.files.front().string());
        if (std::system(command.c_str()) != 0)
            throw std::runtime_error("compare --plot: the plotting script failed");
    }
}

}  // namespace tuntas::cli
