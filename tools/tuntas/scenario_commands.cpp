#include "tools/tuntas/scenario_commands.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sched.h>
#include <unistd.h>

#include "engine/error.hpp"
#include "engine/result_summary.hpp"
#include "engine/thread_pool_warm_up.hpp"
#if TUNTAS_WITH_MPI
#include "engine/mpi_transport.hpp"
#endif
#include "models/api/input_error.hpp"
#include "models/api/path_sandbox.hpp"
#include "models/district/district_io.hpp"
#include "models/traffic/sumo_routes.hpp"
#include "models/traffic/traffic_builder.hpp"
#include "scenarios/model_registry.hpp"
#include "scenarios/scenario_district.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/scenario_run.hpp"
#include "tools/tuntas/cli_main.hpp"
#include "tools/tuntas/json_text.hpp"
#include "tools/tuntas/kpi_table.hpp"
#include "tuntas_version.hpp"

namespace tuntas::cli {
namespace {

/// "day 1 06:30" from the start's local time of day plus the simulated seconds.
std::string local_clock(const std::string& start_local, double simulated_s) {
    int hour = 0, minute = 0, second = 0;
    std::sscanf(start_local.c_str() + 11, "%d:%d:%d", &hour, &minute, &second);
    const auto total = static_cast<long long>(hour * 3600 + minute * 60 + second + simulated_s);
    return fmt::format("day {} {:02}:{:02} WITA", total / 86400 + 1, (total % 86400) / 3600,
                       (total % 3600) / 60);
}

class ProgressReporter {
public:
    ProgressReporter(const model::Scenario& scenario, bool quiet)
        : scenario_(scenario),
          quiet_(quiet),
          terminal_(isatty(fileno(stderr)) != 0) {}

    void operator()(const scenarios::RunProgress& p) {
        if (quiet_ || p.duration <= 0) return;
        const double fraction = static_cast<double>(p.simulated) / static_cast<double>(p.duration);
        const double rate =
            p.wall_seconds > 0 ? static_cast<double>(p.committed_events) / p.wall_seconds : 0.0;
        const double eta = fraction > 0 ? p.wall_seconds * (1.0 - fraction) / fraction : 0.0;
        const std::string line =
            fmt::format("{}  {:5.1f} %  {:.2f} M events/s  ETA {:.0f} s",
                        local_clock(scenario_.start_local, engine::seconds_from_ticks(p.simulated)),
                        100.0 * fraction, rate / 1e6, eta);
        if (terminal_) {
            fmt::print(stderr, "\r{:<72}", line);
            if (p.simulated >= p.duration) fmt::print(stderr, "\n");
        } else {
            const int decile = static_cast<int>(fraction * 10.0);
            if (decile > last_decile_) {
                fmt::print(stderr, "{}\n", line);
                last_decile_ = decile;
            }
        }
    }

private:
    const model::Scenario& scenario_;
    bool quiet_;
    bool terminal_;
    int last_decile_{-1};
};

/// Runs the scenario of `args` in this process, or as one rank of a run over ranks.
void run_on(const RunArgs& args, engine::RankTransport* transport);

/// The first of the launcher's environment variables `names` that holds a positive count;
/// 0 when none does.
int launcher_count(std::initializer_list<const char*> names) {
    for (const char* name : names) {
        if (const char* value = std::getenv(name); value != nullptr && std::atoi(value) > 0)
            return std::atoi(value);
    }
    return 0;
}

/// The ranks mpirun (or srun) started this process among; 0 when no launcher did.
int launched_ranks() {
    return launcher_count({"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"});
}

/// The ranks the launcher started on this machine (its cores are theirs to share); 1 when it
/// does not say.
unsigned local_ranks() {
    return static_cast<unsigned>(
        std::max(1, launcher_count({"OMPI_COMM_WORLD_LOCAL_SIZE", "MPI_LOCALNRANKS"})));
}

/// The cores this process may run on (mpirun binds each rank to one core by default).
unsigned allowed_cores() {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return default_threads();
    return static_cast<unsigned>(std::max(1, CPU_COUNT(&set)));
}

/// The summary of a run over ranks: where each model ran and where each rank's time went.
void print_ranks(const scenarios::RunResult& result) {
    const std::size_t ranks = result.stats.rank_busy_seconds.size();
    double total_events = 0.0;
    for (const double events : result.expected_events_of_rank) total_events += events;
    for (std::size_t r = 0; r < ranks; ++r) {
        std::string models;
        for (const auto& [name, rank] : result.rank_of_model) {
            if (rank == static_cast<int>(r)) models += (models.empty() ? "" : ", ") + name;
        }
        fmt::print("rank {:<7} {:<24} expected events {:4.1f} %   busy {:.2f} s   in exchange "
                   "{:.2f} s\n",
                   r, models.empty() ? "(no model)" : models,
                   total_events > 0.0 ? 100.0 * result.expected_events_of_rank[r] / total_events
                                      : 0.0,
                   result.stats.rank_busy_seconds[r], result.stats.rank_exchange_seconds[r]);
    }
}

}  // namespace

void run_command(const RunArgs& args) {
#if TUNTAS_WITH_MPI
    // Under mpirun: one rank of a run over ranks. An error one rank meets alone would leave
    // the others waiting for it: it ends them all, with its exit code.
    if (launched_ranks() > 0) {
        const engine::MpiSession mpi;
        engine::MpiTransport transport;
        try {
            run_on(args, &transport);
        } catch (...) {
            const int code = exit_code_of([]() -> int { throw; });
            if (transport.size() > 1) engine::MpiSession::abort_all(code);
            throw;
        }
        return;
    }
#else
    if (launched_ranks() > 1) {
        throw engine::UsageError(
            "this tuntas was built without MPI, so each of the ranks mpirun started would run "
            "the whole scenario into the same result: build it with `cmake --preset mpi` "
            "(build-mpi/bin/tuntas), or run it without mpirun");
    }
#endif
    run_on(args, nullptr);
}

namespace {

void run_on(const RunArgs& args, engine::RankTransport* transport) {
    // oneTBB's first use, done beside the single-threaded start (scenario, district, routes).
    const engine::ThreadPoolWarmUp thread_pool_warm_up;
    const auto registry = scenarios::default_registry();
    std::vector<std::string> overrides = args.overrides;
    if (!args.outputs.empty()) {
        std::string quoted;
        for (const char c : args.outputs) {
            if (c == '"' || c == '\\') quoted += '\\';
            quoted += c;
        }
        overrides.push_back("outputs=\"" + quoted + "\"");
    }
    const auto scenario = scenarios::load_scenario(args.scenario, overrides, registry.schema());
    std::filesystem::path output = args.output;
    if (args.no_output) {
        output.clear();
    } else if (output.empty()) {
        output = std::filesystem::path("results") /
                 (std::filesystem::path(args.scenario).stem().string() + ".h5");
    }
    if (!output.empty()) model::require_inside_sandbox(output, "the result file");
    scenarios::RunOptions options;
    options.threads = args.threads;
    // The process ends once the result is printed (exit_after_command).
    options.free_state = !exit_skips_cleanup();
    // Ranks on one machine share its cores: by default each takes its share of them, and no
    // more than the cores the launcher bound it to.
    if (transport != nullptr && !args.threads_given) {
        options.threads =
            std::max(1U, std::min(allowed_cores(), default_threads() / local_ranks()));
    }
    if (transport != nullptr && transport->rank() == 0 && options.threads > allowed_cores()) {
        fmt::print(stderr,
                   "warning: mpirun bound this rank to {} core(s), but it runs {} threads: pass "
                   "--bind-to none to mpirun (or --map-by slot:pe={})\n",
                   allowed_cores(), options.threads, options.threads);
    }
    options.partitions = args.partitions;
    options.output = output;
    options.overwrite = args.force;
    options.max_expected_events = args.max_events;
    options.provenance.text["tuntas_version"] = tuntas::version;
    options.provenance.text["git_commit"] = tuntas::git_commit;
    ProgressReporter progress(scenario, args.quiet || args.json);
    options.on_progress = [&progress](const scenarios::RunProgress& p) { progress(p); };
    options.transport = transport;

    const auto result = scenarios::run_scenario(scenario, registry, options);
    // Over ranks, rank 0 has the run's KPIs and wrote the result: it alone reports.
    if (transport != nullptr && transport->rank() != 0) return;
    const std::string fingerprint = fmt::format("{:016x}", result.stats.fingerprint);
    // Warnings go to stderr either way: a script reading --json still sees them.
    for (const auto& warning : result.warnings) fmt::print(stderr, "warning: {}\n", warning);
    if (args.json) {
        nlohmann::json kpis = nlohmann::json::object();
        for (const auto& kpi : result.kpis) {
            kpis[kpi.name] = {{"value", kpi.value}, {"unit", kpi.unit}};
        }
        const nlohmann::json out{{"result", result.output.string()},
                                 {"fingerprint", fingerprint},
                                 {"committed_events", result.stats.committed_events},
                                 {"wall_s", result.stats.wall_seconds},
                                 {"assembly_s", result.assembly_seconds},
                                 {"output_s", result.output_seconds},
                                 {"closing_s", result.closing_seconds},
                                 {"total_s", result.total_seconds},
                                 {"cpu_s", result.cpu_seconds},
                                 {"writer_cpu_s", result.writer_cpu_seconds},
                                 {"windows", result.stats.windows},
                                 {"parallel_windows", result.stats.parallel_windows},
                                 {"partitions", result.partitions},
                                 {"remote_events", result.stats.remote_events},
                                 {"deferred_events", result.stats.deferred_events},
                                 {"thread_busy_s", result.stats.thread_busy_seconds},
                                 {"ranks", result.stats.rank_busy_seconds.size()},
                                 {"rank_busy_s", result.stats.rank_busy_seconds},
                                 {"rank_exchange_s", result.stats.rank_exchange_seconds},
                                 {"warnings", result.warnings},
                                 {"kpis", kpis}};
        fmt::print("{}\n", json_text(out));
        return;
    }
    print_kpi_table(KpiTableTitle{.name = scenario.name,
                                  .file = args.scenario,
                                  .start = scenario.start_local,
                                  .duration_s = engine::seconds_from_ticks(scenario.duration),
                                  .warmup_s = engine::seconds_from_ticks(scenario.warmup)},
                    result.kpis, args.explain);
    fmt::print("\nresult       {}\n",
               result.output.empty() ? "(none: --no-output)" : result.output.string());
    fmt::print("fingerprint  {}   events {}\n", fingerprint, result.stats.committed_events);
    fmt::print("wall time    assembly {:.3f} s   event loop {:.3f} s (output {:.3f} s)   closing "
               "{:.3f} s   total {:.3f} s\n",
               result.assembly_seconds, result.stats.wall_seconds, result.output_seconds,
               result.closing_seconds, result.total_seconds);
    // What the output cost beside the simulation: the writer thread's CPU (sampling and handing
    // rows over are in the event loop's "output" above).
    fmt::print("cpu          {:.3f} s, of which the result writer {:.3f} s ({:.1f} %)\n",
               result.cpu_seconds, result.writer_cpu_seconds,
               result.cpu_seconds > 0.0 ? 100.0 * result.writer_cpu_seconds / result.cpu_seconds
                                        : 0.0);
    // Where the event loop's time went: each thread's time inside partitions (the rest of the
    // loop it waited at window barriers or ran nothing), and how many windows ran in parallel.
    std::string busy;
    for (const double seconds : result.stats.thread_busy_seconds)
        busy += fmt::format("{}{:.1f}", busy.empty() ? "" : " / ", seconds);
    fmt::print("threads      {} busy {} s of {:.1f} s; {} windows, {} in parallel\n",
               result.stats.thread_busy_seconds.size(), busy.empty() ? "-" : busy,
               result.stats.wall_seconds, result.stats.windows, result.stats.parallel_windows);
    // How much the partitioning cuts: events sent from one partition to another (over MPI,
    // each would be a message).
    const auto committed =
        static_cast<double>(std::max<std::uint64_t>(1, result.stats.committed_events));
    fmt::print("partitions   {}; {} events crossed between them ({:.2f} %)\n", result.partitions,
               result.stats.remote_events,
               100.0 * static_cast<double>(result.stats.remote_events) / committed);
    // Events a model let their target take late (Context::send_deferrable): no queue work.
    fmt::print("deferred     {} events handled without the pending set ({:.2f} %)\n",
               result.stats.deferred_events,
               100.0 * static_cast<double>(result.stats.deferred_events) / committed);
    if (!result.stats.rank_busy_seconds.empty()) print_ranks(result);
}

}  // namespace

namespace {

/// What validate found: the scenario's summary, or nothing when it threw.
struct Validated {
    std::vector<std::string> models;
    std::size_t edits{0};
    double simulated_s{0.0};
    std::size_t route_vehicles{0};
    std::size_t route_trips{0};
    bool has_routes{false};
    std::vector<std::string> warnings;
};

Validated validate_scenario(const std::string& file, const std::vector<std::string>& overrides) {
    const auto registry = scenarios::default_registry();
    const auto scenario = scenarios::load_scenario(file, overrides, registry.schema());
    std::vector<std::string> models;
    for (const auto& [name, unused] : scenario.models) models.push_back(name);
    // A route file is read in full, and its edges checked against the district, as a run
    // would: its errors come here, not an hour into a batch.
    std::vector<std::string> warnings;
    std::string routes_note;
    std::size_t route_vehicles = 0;
    std::size_t route_trips = 0;
    if (const auto traffic = scenario.models.find("traffic");
        traffic != scenario.models.end() && traffic->second.has("routes") &&
        !traffic->second.text("routes").empty()) {
        const std::string routes = traffic->second.text("routes");
        const auto file_read = traffic::read_sumo_route_file(routes, scenario.seed);
        const auto loaded = scenarios::load_scenario_district(scenario);
        auto network = traffic::make_network(loaded.district, traffic::TrafficParams{});
        const auto batch = traffic::resolve_sumo_routes(file_read, loaded.district, *network,
                                                        scenario.end(), scenario.seed, &warnings);
        routes_note = "yes";
        route_vehicles = file_read.vehicles.size();
        route_trips = batch.trips.size();
    }
    // Every reference the edits make (roads, links, facilities, sites) is checked where the
    // run checks it: the models are assembled, then dropped.
    scenarios::check_scenario_assembles(scenario, registry);
    Validated out;
    out.models = models;
    out.edits = scenario.edits.size();
    out.simulated_s = engine::seconds_from_ticks(scenario.duration);
    out.warnings = warnings;
    out.has_routes = !routes_note.empty();
    out.route_vehicles = route_vehicles;
    out.route_trips = route_trips;
    return out;
}

}  // namespace

void validate_command(const std::string& file, const std::vector<std::string>& overrides,
                      bool json) {
    if (!json) {
        const Validated v = validate_scenario(file, overrides);
        fmt::print("{}: ok ({} {}, {} edit(s), {:g} s simulated{})\n", file,
                   v.models.size() == 1 ? "model" : "models", fmt::join(v.models, ", "), v.edits,
                   v.simulated_s,
                   v.has_routes ? fmt::format(", {} vehicles in the route file, {} of them in "
                                              "the run",
                                              v.route_vehicles, v.route_trips)
                                : std::string());
        for (const auto& warning : v.warnings) fmt::print("  warning: route file: {}\n", warning);
        return;
    }
    nlohmann::json out{{"file", file}};
    try {
        const Validated v = validate_scenario(file, overrides);
        out["ok"] = true;
        out["models"] = v.models;
        out["edits"] = v.edits;
        out["simulated_s"] = v.simulated_s;
        if (v.has_routes) {
            out["route_file_vehicles"] = v.route_vehicles;
            out["route_file_vehicles_in_run"] = v.route_trips;
        }
        out["warnings"] = v.warnings;
        fmt::print("{}\n", out.dump(2));
    } catch (const model::InputError& error) {
        nlohmann::json problems = nlohmann::json::array();
        for (const auto& d : error.diagnostics()) {
            problems.push_back(
                {{"file", d.file}, {"line", d.line}, {"column", d.column}, {"message", d.message}});
        }
        out["ok"] = false;
        out["problems"] = problems;
        fmt::print("{}\n", out.dump(2));
        throw;  // exit 2, the problems on stderr too
    }
}

namespace {

std::string type_text(model::ValueType type) {
    switch (type) {
    case model::ValueType::integer:
        return "integer";
    case model::ValueType::real:
        return "number";
    case model::ValueType::duration:
        return "duration";
    case model::ValueType::text:
        return "string";
    case model::ValueType::boolean:
        return "boolean";
    case model::ValueType::datetime:
        return "date-time";
    }
    return "value";
}

std::string default_text(const model::KeySpec& key) {
    return std::visit(
        [&](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                return "(required)";
            } else if constexpr (std::is_same_v<T, std::string>) {
                return fmt::format("\"{}\"", v);
            } else if constexpr (std::is_same_v<T, bool>) {
                return v ? "true" : "false";
            } else if constexpr (std::is_same_v<T, double>) {
                return key.type == model::ValueType::duration ? fmt::format("\"{:g}s\"", v)
                                                              : fmt::format("{:g}", v);
            } else {
                return fmt::format("{}", v);
            }
        },
        key.default_value);
}

void print_keys(const std::string& prefix, const std::vector<model::KeySpec>& keys) {
    for (const auto& key : keys) {
        std::string range;
        if (key.min || key.max) {
            range = fmt::format(" [{}, {}]", key.min ? fmt::format("{:g}", *key.min) : "-inf",
                                key.max ? fmt::format("{:g}", *key.max) : "inf");
        }
        fmt::print("  {}{:<24} {:<9} {:<10} default {}{}\n      {}\n", prefix, key.name,
                   type_text(key.type), key.unit, default_text(key), range, key.doc);
    }
}

}  // namespace

void scenario_keys_command() {
    const auto schema = scenarios::default_registry().schema();
    fmt::print("top level\n");
    print_keys("", schema.top_level);
    for (const auto& [name, section] : schema.sections) {
        fmt::print("\n[{}]  {}\n", name, section.doc);
        print_keys("", section.keys);
    }
    for (const auto& [name, kind] : schema.edit_kinds) {
        fmt::print("\n[[edits]] kind = \"{}\"  {}\n", name, kind.doc);
        fmt::print("  {:<24} {:<9} {:<10} default \"0s\"\n      when it takes effect\n", "at",
                   "duration", "s");
        print_keys("", kind.keys);
    }
}

void inspect_command(const std::string& file, bool json, bool explain) {
    const auto summary = engine::read_result_summary(file);
    if (json) {
        nlohmann::json datasets = nlohmann::json::array();
        for (const auto& d : summary.datasets) {
            datasets.push_back({{"path", d.path},
                                {"shape", d.shape},
                                {"type", d.type},
                                {"units", d.units},
                                {"description", d.description}});
        }
        nlohmann::json kpis = nlohmann::json::object();
        for (const auto& k : summary.kpis) kpis[k.name] = {{"value", k.value}, {"unit", k.unit}};
        nlohmann::json attributes = nlohmann::json::object();
        for (const auto& [k, v] : summary.attributes.text) attributes[k] = v;
        for (const auto& [k, v] : summary.attributes.integers) attributes[k] = v;
        for (const auto& [k, v] : summary.attributes.reals) attributes[k] = v;
        fmt::print("{}\n", json_text(nlohmann::json{{"file", file},
                                                    {"complete", summary.complete},
                                                    {"attributes", attributes},
                                                    {"datasets", datasets},
                                                    {"kpis", kpis}}));
        return;
    }
    fmt::print("{}: {}\n", file,
               summary.complete ? "complete" : "INCOMPLETE (the run did not finish)");
    for (const auto& [k, v] : summary.attributes.text) {
        if (k == "scenario") continue;
        fmt::print("  {:<18} {}\n", k, v);
    }
    for (const auto& [k, v] : summary.attributes.integers) fmt::print("  {:<18} {}\n", k, v);
    for (const auto& [k, v] : summary.attributes.reals) fmt::print("  {:<18} {:g}\n", k, v);
    fmt::print("datasets\n");
    for (const auto& d : summary.datasets) {
        fmt::print("  {:<34} {:<14} {:<10} [{}]  {}\n", d.path,
                   fmt::format("{}", fmt::join(d.shape, " x ")), d.type.substr(0, 10), d.units,
                   d.description);
    }
    if (summary.kpis.empty()) return;
    const auto text = [&](const char* key) {
        const auto it = summary.attributes.text.find(key);
        return it == summary.attributes.text.end() ? std::string() : it->second;
    };
    const auto real = [&](const char* key) {
        const auto it = summary.attributes.reals.find(key);
        return it == summary.attributes.reals.end() ? 0.0 : it->second;
    };
    fmt::print("\n");
    print_kpi_table(KpiTableTitle{.name = text("name"),
                                  .file = file,
                                  .start = text("start"),
                                  .duration_s = real("duration_s"),
                                  .warmup_s = real("warmup_s")},
                    summary.kpis, explain);
}

}  // namespace tuntas::cli
