#include "tools/tuntas/compare_command.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/math/distributions/students_t.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/result_summary.hpp"
#include "models/api/kpi_format.hpp"
#include "models/traffic/local_kpis.hpp"
#include "scenarios/sweep_plan.hpp"
#include "tools/tuntas/cli_error.hpp"
#include "tools/tuntas/json_text.hpp"
#include "tools/tuntas/kpi_table.hpp"

namespace tuntas::cli {
namespace {

namespace fs = std::filesystem;

/// One finished run: where it comes from and its KPIs.
struct Run {
    fs::path file;
    std::int64_t seed{0};
    std::string start;     ///< local start, as recorded
    double duration_s{0};  ///< simulated span
    std::string district;  ///< canonical district folder (empty: not recorded, older results)
    std::map<std::string, double> kpis;
};

/// Replications of one variant (a result, or a sweep directory's runs of one parameter set).
struct Variant {
    std::string name;
    std::vector<Run> runs;
    std::map<std::string, std::string> units;
    std::map<std::string, std::string> descriptions;
    std::vector<std::string> order;  ///< the KPIs in the order the first run lists them
};

/// Mean and 95 % confidence half-width of a sample (half-width 0 with one value).
struct Estimate {
    double mean{0.0};
    double half_width{0.0};
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

/// A variant's difference from the baseline on one KPI.
struct Difference {
    std::string test;   ///< "paired" (common seeds), "welch", or "none" (a single run)
    double value{0.0};  ///< variant mean - baseline mean
    double low{0.0};    ///< 95 % confidence interval of the difference (equal to value: none)
    double high{0.0};
    double p{1.0};       ///< two-sided p-value (1: no test)
    double p_holm{1.0};  ///< after Holm's correction across the variant's KPIs

    /// Significant at 5 % after Holm's correction (never for a single run).
    [[nodiscard]] bool significant() const { return test != "none" && p_holm < 0.05; }
};

/// Two-sided p and CI half-width of a mean `d` with standard error `se` and `df` degrees.
std::pair<double, double> t_test(double d, double se, double df) {
    const boost::math::students_t dist(df);
    const double half = boost::math::quantile(boost::math::complement(dist, 0.025)) * se;
    if (se <= 0.0) return {d == 0.0 ? 1.0 : 0.0, 0.0};
    return {2.0 * boost::math::cdf(boost::math::complement(dist, std::abs(d) / se)), half};
}

/// The values of `kpi` by seed, when every run has a distinct seed.
std::optional<std::map<std::int64_t, double>> by_seed(const Variant& v, const std::string& kpi) {
    std::map<std::int64_t, double> values;
    for (const auto& run : v.runs) {
        const auto found = run.kpis.find(kpi);
        if (found == run.kpis.end() || !values.emplace(run.seed, found->second).second)
            return std::nullopt;
    }
    return values;
}

std::vector<double> values_of(const Variant& v, const std::string& kpi) {
    std::vector<double> xs;
    for (const auto& run : v.runs) {
        const auto found = run.kpis.find(kpi);
        if (found != run.kpis.end()) xs.push_back(found->second);
    }
    return xs;
}

/// The variant's difference from the baseline: paired over common seeds when both ran the same
/// seeds (common random numbers make that the sharper test), Welch's otherwise.
Difference difference(const Variant& base, const Variant& variant, const std::string& kpi) {
    const auto a = by_seed(base, kpi);
    const auto b = by_seed(variant, kpi);
    if (a && b && a->size() >= 2 && a->size() == b->size() &&
        std::equal(a->begin(), a->end(), b->begin(),
                   [](const auto& x, const auto& y) { return x.first == y.first; })) {
        std::vector<double> d;
        for (const auto& [seed, value] : *b) d.push_back(value - a->at(seed));
        const Estimate e = estimate(d);
        const auto [p, half] =
            t_test(e.mean, std::sqrt(e.variance / static_cast<double>(e.n)), double(e.n - 1));
        return {"paired", e.mean, e.mean - half, e.mean + half, p, p};
    }
    const Estimate x = estimate(values_of(base, kpi));
    const Estimate y = estimate(values_of(variant, kpi));
    const double d = y.mean - x.mean;
    if (x.n < 2 || y.n < 2) return {"none", d, d, d, 1.0, 1.0};
    const double vx = x.variance / static_cast<double>(x.n);
    const double vy = y.variance / static_cast<double>(y.n);
    const double df = (vx + vy) > 0.0 ? (vx + vy) * (vx + vy) /
                                            (vx * vx / double(x.n - 1) + vy * vy / double(y.n - 1))
                                      : double(x.n + y.n - 2);
    const auto [p, half] = t_test(d, std::sqrt(vx + vy), df);
    return {"welch", d, d - half, d + half, p, p};
}

/// Holm's step-down correction of the p-values of one variant's KPIs (in place).
void holm(std::vector<Difference*>& tests) {
    std::vector<Difference*> tested;
    for (auto* t : tests) {
        if (t->test != "none") tested.push_back(t);
    }
    std::stable_sort(tested.begin(), tested.end(), [](auto* a, auto* b) { return a->p < b->p; });
    double running = 0.0;
    const auto m = static_cast<double>(tested.size());
    for (std::size_t k = 0; k < tested.size(); ++k) {
        running = std::max(running, std::min(1.0, (m - static_cast<double>(k)) * tested[k]->p));
        tested[k]->p_holm = running;
    }
}

/// The variants to compare: each file its own, each sweep directory's runs grouped by their
/// parameters (the run name without its seed), named by directory when several are given.
std::vector<Variant> variants(const std::vector<std::string>& inputs,
                              const traffic::LocalKpiRequest& local) {
    std::vector<Variant> out;
    std::map<std::string, std::size_t> index;
    const auto directories = std::count_if(
        inputs.begin(), inputs.end(), [](const std::string& in) { return fs::is_directory(in); });
    const auto add = [&](const std::string& name, const fs::path& file) {
        if (!index.contains(name)) {
            index[name] = out.size();
            out.push_back({name, {}, {}, {}, {}});
        }
        const auto summary = engine::read_result_summary(file);
        if (!summary.complete)
            throw input_error(fmt::format("{}: an incomplete run (no KPIs)", file.string()));
        Variant& variant = out[index[name]];
        Run run{.file = file};
        const auto& attributes = summary.attributes;
        if (const auto seed = attributes.integers.find("seed"); seed != attributes.integers.end())
            run.seed = seed->second;
        if (const auto start = attributes.text.find("start"); start != attributes.text.end())
            run.start = start->second;
        if (const auto span = attributes.reals.find("duration_s"); span != attributes.reals.end())
            run.duration_s = span->second;
        if (const auto d = attributes.text.find("district"); d != attributes.text.end())
            run.district = d->second;
        std::vector<engine::Kpi> kpis = summary.kpis;
        if (!local.by.empty() || !local.windows.empty()) {
            try {
                for (auto& kpi : traffic::local_kpis(file, local)) kpis.push_back(std::move(kpi));
            } catch (const std::invalid_argument& e) {
                throw input_error(fmt::format("compare: {}: {}", file.string(), e.what()));
            }
        }
        for (const auto& kpi : kpis) {
            run.kpis[kpi.name] = kpi.value;
            if (!variant.units.contains(kpi.name)) variant.order.push_back(kpi.name);
            variant.units[kpi.name] = kpi.unit;
            variant.descriptions[kpi.name] = kpi.description;
        }
        variant.runs.push_back(std::move(run));
    };
    for (const auto& input : inputs) {
        const fs::path path = input;
        if (fs::is_directory(path)) {
            std::vector<fs::path> files;
            for (const auto& entry : fs::directory_iterator(path)) {
                if (entry.path().extension() == ".h5" && entry.path().filename() != "summary.h5")
                    files.push_back(entry.path());
            }
            std::sort(files.begin(), files.end());
            const std::string folder = fs::weakly_canonical(path).filename().string();
            for (const auto& file : files) {
                const std::string key = scenarios::sweep_variant(file.stem().string());
                add(directories > 1 ? folder + "/" + key : key, file);
            }
        } else if (fs::exists(path)) {
            add(path.string(), path);
        } else {
            throw input_error(fmt::format("{}: no such result or sweep directory", input));
        }
    }
    return out;
}

/// Refuses runs that do not compare: another start, duration or district than the baseline's
/// (the district only when both results record it).
void check_comparable(const std::vector<Variant>& all) {
    const Run& reference = all.front().runs.front();
    const auto setting = [](const Run& run) {
        return fmt::format("start {}, duration {:g} s, district {}", run.start, run.duration_s,
                           run.district.empty() ? "(not recorded)" : run.district);
    };
    for (const auto& variant : all) {
        for (const auto& run : variant.runs) {
            const bool same_district = run.district.empty() || reference.district.empty() ||
                                       run.district == reference.district;
            if (run.start == reference.start && run.duration_s == reference.duration_s &&
                same_district)
                continue;
            throw input_error(fmt::format(
                "compare: {} ran with {}, the baseline {} with {}: these do not compare (pass "
                "--force to compare them anyway)",
                run.file.string(), setting(run), reference.file.string(), setting(reference)));
        }
    }
}

/// "+1.2 %", or the absolute change when the baseline is zero ("+672 (new)").
std::string change_text(double base, const Difference& d) {
    if (base == 0.0) return d.value == 0.0 ? "+0" : fmt::format("{:+.4g} (new)", d.value);
    return fmt::format("{:+.1f} %", 100.0 * d.value / std::abs(base));
}

/// Every variant's differences from the baseline on every KPI the baseline has (but the
/// engine's), Holm-corrected per variant.
struct Comparison {
    const std::vector<Variant>& all;  ///< the baseline first
    std::vector<std::string> kpis;
    std::vector<std::map<std::string, Difference>> diffs;  ///< [variant][kpi], variant 0 empty
    bool single{false};                                    ///< a variant has one run only

    /// `filters`: only KPIs whose name contains one of them (empty: all).
    Comparison(const std::vector<Variant>& variants, const std::vector<std::string>& filters)
        : all(variants),
          diffs(variants.size()) {
        for (const std::string& name : all.front().order) {
            const bool wanted =
                filters.empty() || std::any_of(filters.begin(), filters.end(), [&](const auto& f) {
                    return name.find(f) != std::string::npos;
                });
            if (!name.starts_with("engine.") && wanted) kpis.push_back(name);
        }
        for (std::size_t v = 1; v < all.size(); ++v) {
            std::vector<Difference*> tests;
            for (const auto& kpi : kpis) {
                if (!all[v].units.contains(kpi)) continue;
                diffs[v][kpi] = difference(all.front(), all[v], kpi);
                tests.push_back(&diffs[v][kpi]);
            }
            holm(tests);
        }
        single =
            std::any_of(all.begin(), all.end(), [](const Variant& v) { return v.runs.size() < 2; });
    }
};

/// One row per KPI and variant, as JSON or CSV.
void print_rows(const Comparison& c, bool json) {
    const Variant& base = c.all.front();
    const auto& all = c.all;
    const auto& diffs = c.diffs;
    nlohmann::json rows = nlohmann::json::array();
    std::string csv = "kpi,unit,variant,runs,mean,half_width,baseline_mean,difference,low,high,"
                      "relative,p,p_holm,significant,test\n";
    for (const auto& kpi : c.kpis) {
        const Estimate b = estimate(values_of(base, kpi));
        for (std::size_t v = 1; v < all.size(); ++v) {
            if (!diffs[v].contains(kpi)) continue;
            const Estimate e = estimate(values_of(all[v], kpi));
            const Difference& d = diffs[v].at(kpi);
            const bool significant = d.significant();
            const double relative = b.mean != 0.0 ? d.value / std::abs(b.mean) : 0.0;
            rows.push_back({{"kpi", kpi},
                            {"unit", base.units.at(kpi)},
                            {"variant", all[v].name},
                            {"runs", e.n},
                            {"mean", e.mean},
                            {"half_width", e.half_width},
                            {"baseline_mean", b.mean},
                            {"difference", d.value},
                            {"low", d.low},
                            {"high", d.high},
                            {"relative", relative},
                            {"p", d.p},
                            {"p_holm", d.p_holm},
                            {"significant", significant},
                            {"test", d.test}});
            csv += fmt::format("\"{}\",{},\"{}\",{},{},{},{},{},{},{},{},{},{},{},{}\n", kpi,
                               base.units.at(kpi), all[v].name, e.n, e.mean, e.half_width, b.mean,
                               d.value, d.low, d.high, relative, d.p, d.p_holm, significant ? 1 : 0,
                               d.test);
        }
    }
    if (json) {
        fmt::print("{}\n",
                   json_text(nlohmann::json{
                       {"baseline", base.name}, {"single_runs", c.single}, {"rows", rows}}));
    } else {
        fmt::print("{}", csv);
    }
}

/// A table of text cells printed with each column as wide as its widest cell: the first left-
/// aligned, the others right-aligned but for the last two (unit, better).
class TextTable {
public:
    void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
    void add_note(std::string note) { rows_.push_back({std::move(note)}); }
    void print() const {
        std::vector<std::size_t> width;
        for (const auto& row : rows_) {
            if (row.size() == 1) continue;
            width.resize(std::max(width.size(), row.size()), 0);
            for (std::size_t c = 0; c < row.size(); ++c)
                width[c] = std::max(width[c], text_width(row[c]));
        }
        for (const auto& row : rows_) {
            if (row.size() == 1) {
                fmt::print("{}\n", row[0]);
                continue;
            }
            std::string line;
            for (std::size_t c = 0; c < row.size(); ++c) {
                const std::size_t pad = width[c] - text_width(row[c]);
                const bool left = c == 0 || c + 2 >= row.size();
                line += c == 0 ? "" : "  ";
                line += left ? row[c] + std::string(pad, ' ') : std::string(pad, ' ') + row[c];
            }
            while (!line.empty() && line.back() == ' ') line.pop_back();
            fmt::print("{}\n", line);
        }
    }

private:
    /// Characters on screen: UTF-8 continuation bytes take no column ("±", "−").
    static std::size_t text_width(const std::string& text) {
        return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
            return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
        }));
    }
    std::vector<std::vector<std::string>> rows_;
};

/// The KPI table for people: grouped by model, each KPI by its label in the units planners use
/// (format_kpi), each variant's mean (± 95 % half-width over its seeds) and change from the
/// baseline (* where significant, and whether that is better or worse where the KPI says which
/// way is better), the diagnostics apart; `explain` adds each KPI's name and description.
void print_table(const Comparison& c, bool explain) {
    const Variant& base = c.all.front();
    const auto& all = c.all;
    fmt::print("baseline: {} ({} run{})\n", base.name, base.runs.size(),
               base.runs.size() == 1 ? "" : "s");
    for (std::size_t v = 1; v < all.size(); ++v) {
        fmt::print("variant {}: {} ({} run{})\n", v, all[v].name, all[v].runs.size(),
                   all[v].runs.size() == 1 ? "" : "s");
    }
    TextTable table;
    std::set<std::string> tests_used;
    const auto header = [&](const std::string& section) {
        std::vector<std::string> row{"", section};
        row.emplace_back("baseline");
        for (std::size_t v = 1; v < all.size(); ++v) {
            row.push_back(fmt::format("variant {}", v));
            row.emplace_back("change");
        }
        row.emplace_back("unit");
        row.emplace_back("better");
        row.erase(row.begin());
        table.add_note("");
        table.add(std::move(row));
    };
    const auto add_row = [&](const std::string& kpi) {
        const std::string& unit = base.units.at(kpi);
        const std::string& description = base.descriptions.at(kpi);
        const model::Better better = model::better_of(description);
        const Estimate b = estimate(values_of(base, kpi));
        const model::KpiText shown = model::format_kpi(kpi, b.mean, unit);
        const auto cell = [&](const Estimate& e) {
            if (e.n == 0) return std::string("-");
            std::string text = model::format_kpi_as(kpi, e.mean, unit, b.mean).value;
            if (e.n > 1) text += " ±" + model::format_kpi_as(kpi, e.half_width, unit, b.mean).value;
            return text;
        };
        std::vector<std::string> row{"  " + model::kpi_label(kpi), cell(b)};
        for (std::size_t v = 1; v < all.size(); ++v) {
            const Estimate e = estimate(values_of(all[v], kpi));
            row.push_back(cell(e));
            if (e.n == 0 || !c.diffs[v].contains(kpi)) {
                row.emplace_back("-");
                continue;
            }
            const Difference& d = c.diffs[v].at(kpi);
            tests_used.insert(d.test);
            std::string change = change_text(b.mean, d);
            if (d.significant()) {
                change += "*";
                if (better != model::Better::unknown && d.value != 0.0)
                    change +=
                        (d.value < 0.0) == (better == model::Better::lower) ? " better" : " worse";
            }
            row.push_back(std::move(change));
        }
        row.push_back(shown.unit);
        row.emplace_back(model::better_word(better));
        table.add(std::move(row));
        if (explain) table.add_note(fmt::format("      {}: {}", kpi, description));
    };
    std::vector<std::string> descriptions;
    for (const auto& kpi : c.kpis) descriptions.push_back(base.descriptions.at(kpi));
    for (const auto& section : kpi_sections(c.kpis, descriptions)) {
        header(section.title);
        for (const std::size_t k : section.kpis) add_row(c.kpis[k]);
    }
    table.print();
    fmt::print("\n");
    if (tests_used.contains("paired"))
        fmt::print("mean ± 95 % half-width over the seeds; * the difference from the baseline is "
                   "significant at 5 % after Holm's correction across the KPIs (paired over the "
                   "common seeds: common random numbers){}\n",
                   tests_used.contains("welch") ? "; variants without common seeds: Welch's t-test"
                                                : "");
    else if (tests_used.contains("welch"))
        fmt::print("mean ± 95 % half-width over the seeds; * significant at 5 % after Holm's "
                   "correction (Welch's t-test: the variants share no seeds)\n");
    if (c.single)
        fmt::print(
            "n = 1: differences include random variation; use --seeds (tuntas sweep) to tell "
            "effects from noise\n");
    if (!explain) fmt::print("(--explain: each KPI's name, for --kpi, and what it measures)\n");
}

}  // namespace

void compare(const CompareArgs& args) {
    traffic::LocalKpiRequest local{.by = args.by, .windows = {}};
    for (const auto& text : args.windows) {
        try {
            local.windows.push_back(traffic::DayWindow::parse(text));
        } catch (const std::invalid_argument& e) {
            throw input_error(fmt::format("compare --window: {}", e.what()));
        }
    }
    const auto all = variants(args.inputs, local);
    if (all.size() < 2)
        throw input_error("compare: give two results or more, or two sweeps or more");
    if (!args.force) check_comparable(all);
    const Comparison comparison(all, args.kpi_filters);
    if (comparison.kpis.empty()) throw input_error("compare: no KPI of the baseline matches --kpi");
    if (args.json || args.csv) {
        print_rows(comparison, args.json);
    } else {
        print_table(comparison, args.explain);
    }
    if (!args.plot.empty()) {
        // Matplotlib draws the series over time, one line per variant (its first run).
        const fs::path script = fs::path(TUNTAS_PYTHON_DIR) / "compare_plot.py";
        std::string command = fmt::format("PYTHONPATH='{}' /usr/bin/python3 '{}' '{}'",
                                          TUNTAS_PYTHON_PACKAGE_PARENT, script.string(), args.plot);
        for (const auto& variant : all)
            command += fmt::format(" '{}'", variant.runs.front().file.string());
        if (std::system(command.c_str()) != 0)
            throw std::runtime_error("compare --plot: the plotting script failed");
    }
}

}  // namespace tuntas::cli
