#include "tools/tuntas/sweep_command.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/error.hpp"
#include "engine/hdf5_recorder.hpp"
#include "engine/result_summary.hpp"
#include "models/api/path_sandbox.hpp"
#include "scenarios/model_registry.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/sweep_plan.hpp"
#include "tools/tuntas/cli_error.hpp"
#include "tools/tuntas/spawn_logged.hpp"

namespace tuntas::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

/// What became of one run.
struct Outcome {
    scenarios::SweepRun run;
    std::string status;  ///< "done", "kept" (finished before: resumed), "failed"
    std::string error;
    std::vector<engine::Kpi> kpis;
};

/// A failed run's error in its log: the last line that says "error", else the last non-empty
/// line.
std::string failure_line(const fs::path& file) {
    std::ifstream in(file);
    std::string line, last, error;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        last = line;
        if (line.find("error") != std::string::npos) error = line;
    }
    return error.empty() ? last : error;
}

/// Starts `tuntas run` for one run, what it prints (stdout and stderr) to NAME.log beside its
/// result.
pid_t spawn_run(const std::string& self, const fs::path& scenario, const fs::path& dir,
                const scenarios::SweepRun& run, unsigned threads) {
    std::vector<std::string> args{self,
                                  "run",
                                  scenario.string(),
                                  "-o",
                                  (dir / (run.name + ".h5")).string(),
                                  "--force",
                                  "--quiet",
                                  "--threads",
                                  std::to_string(threads)};
    for (const auto& set : run.overrides) {
        args.push_back("--set");
        args.push_back(set);
    }
    return spawn_logged(self, std::move(args), dir / (run.name + ".log"));
}

/// Writes summary.csv and summary.h5: one row per run, its parameters, seed, status and KPIs.
void write_summary(const fs::path& dir, const std::vector<Outcome>& outcomes) {
    std::vector<std::string> keys;
    std::vector<std::string> kpi_names;
    for (const auto& outcome : outcomes) {
        for (const auto& [key, value] : outcome.run.params) {
            if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
        }
        for (const auto& kpi : outcome.kpis) {
            if (std::find(kpi_names.begin(), kpi_names.end(), kpi.name) == kpi_names.end())
                kpi_names.push_back(kpi.name);
        }
    }
    const auto param = [](const Outcome& o, const std::string& key) {
        for (const auto& [k, v] : o.run.params) {
            if (k == key) return v;
        }
        return std::string{};
    };
    const auto kpi_value = [](const Outcome& o, const std::string& name) {
        for (const auto& kpi : o.kpis) {
            if (kpi.name == name) return kpi.value;
        }
        return std::numeric_limits<double>::quiet_NaN();
    };
    const auto quoted = [](const std::string& text) {
        std::string q = "\"";
        for (const char c : text) q += c == '"' ? std::string("\"\"") : std::string(1, c);
        return q + "\"";
    };
    {
        std::ofstream csv(dir / "summary.csv.partial");
        csv << "run,status,seed";
        for (const auto& key : keys) csv << ",set:" << key;  // swept keys, told apart from KPIs
        for (const auto& name : kpi_names) csv << ',' << name;
        csv << ",error\n";
        for (const auto& o : outcomes) {
            csv << o.run.name << ',' << o.status << ',' << o.run.seed;
            for (const auto& key : keys) csv << ',' << quoted(param(o, key));
            for (const auto& name : kpi_names) {
                const double v = kpi_value(o, name);
                csv << ',';
                if (v == v) csv << fmt::format("{}", v);
            }
            csv << ',' << quoted(o.error) << '\n';
        }
    }
    fs::rename(dir / "summary.csv.partial", dir / "summary.csv");

    engine::TableSpec spec{
        .group = "sweep", .name = "runs", .description = "every run of the sweep", .columns = {}};
    engine::TableColumns columns;
    std::vector<std::string> names, statuses, errors;
    std::vector<std::int64_t> seeds;
    for (const auto& o : outcomes) {
        names.push_back(o.run.name);
        statuses.push_back(o.status);
        errors.push_back(o.error.substr(0, 200));
        seeds.push_back(static_cast<std::int64_t>(o.run.seed));
    }
    spec.columns.push_back(
        {"run", engine::ColumnType::text, "1", "run name (its result is NAME.h5)"});
    columns.emplace_back(names);
    spec.columns.push_back(
        {"status", engine::ColumnType::text, "1", "done, kept (finished earlier) or failed"});
    columns.emplace_back(statuses);
    spec.columns.push_back({"seed", engine::ColumnType::int64, "1", "the run's seed"});
    columns.emplace_back(seeds);
    for (const auto& key : keys) {
        std::vector<std::string> values;
        for (const auto& o : outcomes) values.push_back(param(o, key));
        spec.columns.push_back({key, engine::ColumnType::text, "1", "swept key, as set"});
        columns.emplace_back(values);
    }
    for (const auto& name : kpi_names) {
        std::vector<double> values;
        for (const auto& o : outcomes) values.push_back(kpi_value(o, name));
        spec.columns.push_back(
            {name, engine::ColumnType::float64, "", "KPI (NaN: the run failed)"});
        columns.emplace_back(values);
    }
    spec.columns.push_back({"error", engine::ColumnType::text, "1", "why a run failed"});
    columns.emplace_back(errors);
    auto recorder = engine::open_hdf5_recorder(dir / "summary.h5", "",
                                               engine::Hdf5RecorderOptions{.overwrite = true});
    recorder->write_static_table(spec, columns);
    recorder->begin({});
    recorder->finish({}, {});
}

/// Splits one CSV line into fields ("..." quoted, "" inside quotes is a quote).
std::vector<std::string> csv_fields(const std::string& line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                fields.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                fields.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else {
            fields.back() += c;
        }
    }
    return fields;
}

/// The runs a sweep directory's summary.csv lists.
std::vector<Outcome> read_summary(const fs::path& dir) {
    std::ifstream in(dir / "summary.csv");
    if (!in)
        throw input_error(
            fmt::format("{}: no summary.csv (not a finished sweep or shard)", dir.string()));
    std::string line;
    std::getline(in, line);
    const auto header = csv_fields(line);
    std::vector<Outcome> outcomes;
    for (std::size_t number = 2; std::getline(in, line); ++number) {
        const auto fields = csv_fields(line);
        if (fields.size() != header.size()) {
            throw input_error(fmt::format("{}:{}: {} fields, the header has {}",
                                          (dir / "summary.csv").string(), number, fields.size(),
                                          header.size()));
        }
        Outcome outcome;
        for (std::size_t c = 0; c < header.size(); ++c) {
            const std::string& name = header[c];
            if (name == "run") {
                outcome.run.name = fields[c];
            } else if (name == "status") {
                outcome.status = fields[c];
            } else if (name == "seed") {
                outcome.run.seed = std::stoull(fields[c]);
            } else if (name == "error") {
                outcome.error = fields[c];
            } else if (name.starts_with("set:")) {
                outcome.run.params.emplace_back(name.substr(4), fields[c]);
            } else if (!fields[c].empty()) {
                outcome.kpis.push_back({name, std::stod(fields[c]), "", ""});
            }
        }
        outcomes.push_back(std::move(outcome));
    }
    return outcomes;
}

/// Joins the summaries of shard directories into one (a run listed twice counts once).
void merge(const SweepArgs& args) {
    std::vector<Outcome> all;
    std::set<std::string> seen;
    for (const auto& dir : args.merge) {
        for (auto& outcome : read_summary(dir)) {
            if (seen.insert(outcome.run.name).second) all.push_back(std::move(outcome));
        }
    }
    std::stable_sort(all.begin(), all.end(),
                     [](const Outcome& a, const Outcome& b) { return a.run.name < b.run.name; });
    const fs::path dir = args.output;
    model::require_inside_sandbox(dir, "the sweep folder");
    fs::create_directories(dir);
    write_summary(dir, all);
    fmt::print("sweep: merged {} runs from {} directories into {}\n", all.size(), args.merge.size(),
               (dir / "summary.csv").string());
}

}  // namespace

void sweep(const SweepArgs& args) {
    if (!args.merge.empty()) {
        merge(args);
        return;
    }
    if (args.scenario.empty())
        throw input_error("sweep: a scenario file is needed (or --merge DIR...)");
    const auto registry = scenarios::default_registry();
    // Load once with every first value: a bad scenario or key fails here, before any run.
    std::vector<std::string> first;
    for (const auto& set : args.sets) first.push_back(set.substr(0, set.find(',')));
    const auto scenario = scenarios::load_scenario(args.scenario, first, registry.schema());
    std::vector<scenarios::SweepRun> runs;
    try {
        runs = scenarios::expand_sweep(args.sets, args.seeds, scenario.seed);
        if (!args.shard.empty()) {
            // i/n exactly: digits, a slash, digits, nothing else, each an int.
            int shard = 0, shards = 0;
            const std::string_view text = args.shard;
            const auto slash = text.find('/');
            const auto whole = [](std::string_view part, int& value) {
                const auto [end, error] =
                    std::from_chars(part.data(), part.data() + part.size(), value);
                return !part.empty() && error == std::errc{} && end == part.data() + part.size();
            };
            if (slash == std::string_view::npos || !whole(text.substr(0, slash), shard) ||
                !whole(text.substr(slash + 1), shards)) {
                throw std::invalid_argument(
                    fmt::format("--shard '{}': expected i/n (two integers)", args.shard));
            }
            runs = scenarios::shard_of(runs, shard, shards);
        }
    } catch (const std::invalid_argument& e) {
        throw input_error(e.what());
    }
    const fs::path dir = args.output;
    model::require_inside_sandbox(dir, "the sweep folder");
    fs::create_directories(dir);
    const unsigned hardware = std::max(1U, std::thread::hardware_concurrency());
    const unsigned jobs = args.jobs > 0 ? args.jobs : std::max(1U, hardware / 2);
    const unsigned threads = args.threads > 0 ? args.threads : std::max(1U, hardware / jobs);
    const std::string self = fs::read_symlink("/proc/self/exe").string();
    fmt::print(stderr, "sweep: {} runs ({} at a time, {} threads each) into {}\n", runs.size(),
               jobs, threads, dir.string());

    // A result already in the folder is kept only if it ran what this sweep's run would: its
    // resolved scenario (the file, its extends and every --set) is this run's. Names say only
    // what varies, so a folder reused with another fixed value, or after the scenario file
    // changed, would otherwise pass off old results as this sweep's.
    std::vector<std::string> stale;
    for (const auto& run : runs) {
        const fs::path existing = dir / (run.name + ".h5");
        if (!fs::exists(existing)) continue;
        std::string recorded;
        try {
            const auto summary = engine::read_result_summary(existing);
            const auto it = summary.attributes.text.find("scenario");
            if (it != summary.attributes.text.end()) recorded = it->second;
        } catch (const std::exception&) {
            continue;  // unreadable: moved aside and run again below
        }
        const auto expected =
            scenarios::load_scenario(args.scenario, run.overrides, registry.schema());
        if (recorded != expected.resolved_toml) stale.push_back(existing.string());
    }
    if (!stale.empty()) {
        throw input_error(fmt::format(
            "{} result(s) in {} ran another scenario than this sweep's runs of the same name (a "
            "fixed --set value or the scenario file differs), e.g. {}: sweep into another -o, or "
            "move them away",
            stale.size(), dir.string(), stale.front()));
    }

    std::vector<Outcome> outcomes(runs.size());
    std::map<pid_t, std::size_t> running;
    std::size_t next = 0, finished = 0, kept = 0, failed = 0;
    const auto start = Clock::now();
    const auto report = [&] {
        const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        const std::size_t ran = finished - kept;
        const double eta = ran > 0 ? elapsed / static_cast<double>(ran) *
                                         static_cast<double>(runs.size() - finished)
                                   : 0.0;
        fmt::print(stderr,
                   "sweep: {}/{} runs done ({} kept from before, {} failed), ETA {:.0f} s\n",
                   finished, runs.size(), kept, failed, eta);
    };
    const auto collect = [&](std::size_t k, bool ok) {
        Outcome& outcome = outcomes[k];
        const fs::path result = dir / (runs[k].name + ".h5");
        std::string unreadable;
        if (ok && fs::exists(result)) {
            try {
                outcome.kpis = engine::read_result_summary(result).kpis;
            } catch (const std::exception& e) {
                unreadable = e.what();  // a member that cannot be read fails; the rest go on
            }
        }
        const fs::path log = dir / (runs[k].name + ".log");
        if (!ok || !fs::exists(result) || !unreadable.empty()) {
            outcome.status = "failed";
            outcome.error = unreadable.empty() ? failure_line(log) : unreadable;
            ++failed;
        }
        // One log per run, and none that is empty (a quiet run that went well).
        std::error_code ignored;
        if (fs::exists(log, ignored) && fs::file_size(log, ignored) == 0) fs::remove(log, ignored);
        ++finished;
        report();
    };
    while (next < runs.size() || !running.empty()) {
        while (next < runs.size() && running.size() < jobs) {
            const std::size_t k = next++;
            outcomes[k].run = runs[k];
            outcomes[k].status = "done";
            // A finished run (its NAME.h5 exists only when it completed) is kept, not run again;
            // one that cannot be read (corrupt, truncated) is moved aside, kept for a look, and
            // run again.
            const fs::path existing = dir / (runs[k].name + ".h5");
            if (fs::exists(existing)) {
                try {
                    outcomes[k].kpis = engine::read_result_summary(existing).kpis;
                    outcomes[k].status = "kept";
                    ++kept;
                    ++finished;
                    report();
                    continue;
                } catch (const std::exception& e) {
                    const fs::path aside = existing.string() + ".corrupt";
                    fs::rename(existing, aside);
                    fmt::print(stderr, "sweep: {} ({}); moved to {} and run again\n",
                               existing.string(), e.what(), aside.filename().string());
                }
            }
            running[spawn_run(self, args.scenario, dir, runs[k], threads)] = k;
        }
        if (running.empty()) continue;
        int status = 0;
        const pid_t pid = ::waitpid(-1, &status, 0);
        const auto it = running.find(pid);
        if (it == running.end()) continue;
        const std::size_t k = it->second;
        running.erase(it);
        collect(k, WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    write_summary(dir, outcomes);
    if (args.json) {
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& o : outcomes) {
            nlohmann::json params = nlohmann::json::object();
            for (const auto& [key, value] : o.run.params) params[key] = value;
            nlohmann::json kpis = nlohmann::json::object();
            for (const auto& kpi : o.kpis) kpis[kpi.name] = kpi.value;
            rows.push_back({{"run", o.run.name},
                            {"status", o.status},
                            {"seed", o.run.seed},
                            {"params", params},
                            {"kpis", kpis},
                            {"error", o.error}});
        }
        const nlohmann::json out{{"directory", dir.string()},
                                 {"runs", rows},
                                 {"failed", failed},
                                 {"summary", (dir / "summary.csv").string()}};
        fmt::print("{}\n", out.dump(2));
    } else {
        fmt::print("sweep: {} runs, {} failed; {}\n", runs.size(), failed,
                   (dir / "summary.csv").string());
    }
    if (failed > 0)
        throw engine::RunsFailed(
            fmt::format("{} of {} runs failed (see summary.csv)", failed, runs.size()));
}

}  // namespace tuntas::cli
