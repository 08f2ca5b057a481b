// tuntas: the command line. The one translation unit of `tuntas` that includes CLI11: every
// command's arguments are declared here and handed to a function that knows no CLI11.
#include <algorithm>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "engine/hdf5_process.hpp"
#include "engine/process_heap.hpp"
#include "models/api/path_sandbox.hpp"
#include "tools/tuntas/bench_command.hpp"
#include "tools/tuntas/calibrate_command.hpp"
#include "tools/tuntas/cli_app.hpp"
#include "tools/tuntas/compare_command.hpp"
#include "tools/tuntas/district_commands.hpp"
#include "tools/tuntas/export_command.hpp"
#include "tools/tuntas/micro_benchmark.hpp"
#include "tools/tuntas/scenario_commands.hpp"
#include "tools/tuntas/sibling_program.hpp"
#include "tools/tuntas/sweep_command.hpp"
#include "tuntas_version.hpp"

namespace {

using namespace tuntas::cli;

void add_scenario_commands(CLI::App& app) {
    auto run = std::make_shared<RunArgs>();
    auto* cmd = app.add_subcommand("run", "run a scenario and write its HDF5 result");
    cmd->add_option("scenario", run->scenario, "scenario file (.toml)")->required();
    cmd->add_option("-o,--output", run->output, "result file (default results/NAME.h5)");
    cmd->add_option("--threads", run->threads,
                    "worker threads (default: the machine's cores, shared out among the ranks "
                    "mpirun started on it; results are the same at any "
                    "count)")
        ->capture_default_str()
        ->check(CLI::Range(1U, 1024U));
    cmd->add_option("--partitions", run->partitions,
                    "partitions (default: 1-8 a thread, by the events a window expects)");
    cmd->add_option("--set", run->overrides, "override a key: key.path=value (repeatable)");
    cmd->add_flag("--force", run->force, "replace an existing result");
    cmd->add_flag("--quiet", run->quiet, "no progress");
    cmd->add_flag("--json", run->json, "print the summary as JSON");
    cmd->add_flag("--explain", run->explain,
                  "under each KPI, its name (what compare --kpi takes) and what it measures");
    cmd->add_option("--outputs", run->outputs,
                    "what the result holds besides KPIs and static tables: series, events, a "
                    "model (traffic) or a dataset (traffic/trips), comma-separated; kpi for "
                    "nothing more (the scenario key `outputs`)");
    cmd->add_flag("--no-output", run->no_output,
                  "record nothing (KPIs only): to time the simulation without its output");
    cmd->add_option("--max-events", run->max_events,
                    "refuse a run its models expect to take more events than this (0: no limit)")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1e18));
    cmd->callback([run, cmd] {
        run->threads_given = cmd->count("--threads") > 0;
        run_command(*run);
    });

    auto file = std::make_shared<std::string>();
    auto overrides = std::make_shared<std::vector<std::string>>();
    auto* validate = app.add_subcommand("validate", "check a scenario without running it");
    validate->add_option("scenario", *file, "scenario file (.toml)")->required();
    validate->add_option("--set", *overrides, "override a key: key.path=value (repeatable)");
    auto validate_json = std::make_shared<bool>(false);
    validate->add_flag("--json", *validate_json,
                       "print the outcome as JSON (the problems as objects; still exit 2)");
    validate->callback(
        [file, overrides, validate_json] { validate_command(*file, *overrides, *validate_json); });

    auto calibrate = std::make_shared<CalibrateRequest>();
    auto* calibrate_cmd = app.add_subcommand(
        "calibrate", "fit a scenario's zone trip rates to link counts (GEH before and after)");
    calibrate_cmd->add_option("scenario", calibrate->scenario, "scenario file (.toml)")->required();
    calibrate_cmd
        ->add_option("--counts", calibrate->counts,
                     "CSV of link,vehicles_per_day (link indices as in static/traffic/links)")
        ->required();
    calibrate_cmd
        ->add_option("-o,--output", calibrate->output,
                     "zone,factor CSV to write (for the key traffic.zone_trip_factors)")
        ->required();
    calibrate_cmd->add_flag("--force", calibrate->overwrite, "replace an existing output");
    calibrate_cmd->add_option("--set", calibrate->overrides, "override a key (repeatable)");
    calibrate_cmd->add_option("--iterations", calibrate->iterations, "fitting iterations")
        ->capture_default_str()
        ->check(CLI::Range(1, 100000));
    calibrate_cmd
        ->add_option("--days", calibrate->sample_days,
                     "weekdays of the model's demand the volumes are averaged over (1-4)")
        ->capture_default_str()
        ->check(CLI::Range(1, 4));
    calibrate_cmd
        ->add_option("--prior", calibrate->prior_vehicles_per_day,
                     "weight of 'no change' for each zone, vehicles a day (0: fit the counts "
                     "alone; more keeps zones the counts cannot tell apart together)")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1e9));
    calibrate_cmd->callback([calibrate] { calibrate_command(*calibrate); });

    auto* scenario = app.add_subcommand("scenario", "about scenario files");
    scenario->require_subcommand(1);
    scenario
        ->add_subcommand("keys",
                         "print every key a scenario may use (from the models' own declarations)")
        ->callback([] { scenario_keys_command(); });

    auto result = std::make_shared<std::string>();
    auto json = std::make_shared<bool>(false);
    auto* inspect = app.add_subcommand("inspect", "show what a result file holds");
    inspect->add_option("result", *result, "result file (.h5 or .h5.partial)")->required();
    auto explain = std::make_shared<bool>(false);
    inspect->add_flag("--json", *json, "print as JSON");
    inspect->add_flag("--explain", *explain,
                      "under each KPI, its name (what compare --kpi takes) and what it measures");
    inspect->callback([result, json, explain] { inspect_command(*result, *json, *explain); });
}

void add_district_commands(CLI::App& app) {
    auto* import = app.add_subcommand("import", "import road networks as district folders");
    import->require_subcommand(1);

    auto osm_file = std::make_shared<std::string>();
    auto osm_out = std::make_shared<std::string>();
    auto bbox = std::make_shared<std::string>();
    auto osm_force = std::make_shared<bool>(false);
    auto* osm = import->add_subcommand("osm", "an OpenStreetMap extract (.osm or .osm.pbf)");
    osm->add_option("file", *osm_file, "the extract")->required();
    osm->add_option("-o,--output", *osm_out, "district folder to write")->required();
    osm->add_option("--bbox", *bbox, "keep min_lon,min_lat,max_lon,max_lat only");
    osm->add_flag("--force", *osm_force, "replace an existing district folder");
    osm->callback([=] { import_osm_command(*osm_file, *osm_out, *bbox, *osm_force); });

    auto prefix = std::make_shared<std::string>();
    auto sumo_out = std::make_shared<std::string>();
    auto sumo_force = std::make_shared<bool>(false);
    auto sumo_origin = std::make_shared<std::string>();
    auto* sumo = import->add_subcommand(
        "sumo", "a SUMO network: NAME.net.xml, or plain XML by its prefix (PREFIX.nod.xml, "
                "PREFIX.edg.xml, PREFIX.tll.xml, as netconvert --plain-output-prefix writes); "
                "prints what it dropped or assumed");
    sumo->add_option("network", *prefix, "a .net.xml file, or the plain files' common prefix")
        ->required();
    sumo->add_option("--origin", *sumo_origin,
                     "LON,LAT where a network without a geo-reference is laid out "
                     "(default 116.19,-1.90, Tanah Grogot)");
    sumo->add_option("-o,--output", *sumo_out, "district folder to write")->required();
    sumo->add_flag("--force", *sumo_force, "replace an existing district folder");
    sumo->callback([=] { import_sumo_command(*prefix, *sumo_out, *sumo_origin, *sumo_force); });

    auto* district =
        app.add_subcommand("district", "district models: inspect, roads, facilities, generate");
    district->require_subcommand(1);

    auto folder = std::make_shared<std::string>();
    auto json = std::make_shared<bool>(false);
    auto* inspect = district->add_subcommand(
        "inspect", "load a district folder, check it and sum it up (exit 2 on errors)");
    inspect->add_option("folder", *folder, "district folder (with district.toml)")->required();
    inspect->add_flag("--json", *json, "print as JSON");
    inspect->callback([folder, json] { inspect_district_command(*folder, *json); });

    for (const char* what : {"roads", "facilities"}) {
        auto list_folder = std::make_shared<std::string>();
        auto grep = std::make_shared<std::string>();
        auto list_json = std::make_shared<bool>(false);
        auto* list = district->add_subcommand(
            what, std::string(what) == "roads"
                      ? "the roads what-ifs name: class, directed links (indices), length"
                      : "the facilities what-ifs name: id, kind, name, position");
        list->add_option("folder", *list_folder, "district folder (with district.toml)")
            ->required();
        list->add_option("--grep", *grep, "only those whose name (or id) contains this");
        list->add_flag("--json", *list_json, "print as JSON");
        list->callback([what, list_folder, grep, list_json] {
            list_district_command(what, *list_folder, *grep, *list_json);
        });
    }

    auto params = std::make_shared<tuntas::district::GeneratorParams>();
    auto output = std::make_shared<std::string>();
    auto force = std::make_shared<bool>(false);
    auto* generate = district->add_subcommand(
        "generate", "write a synthetic district (town grid + villages) for scale tests");
    generate->add_option("--population", params->population, "residents (1e4 .. 3e7)")
        ->required()
        ->check(CLI::Range(1e4, 3e7));
    generate->add_option("--seed", params->seed, "random seed")->capture_default_str();
    generate->add_option("-o,--output", *output, "district folder to write")->required();
    generate->add_flag("--force", *force, "replace an existing district folder");
    generate->callback(
        [params, output, force] { generate_district_command(*params, *output, *force); });
}

void add_bench_command(CLI::App& app) {
    auto* bench = app.add_subcommand("bench", "benchmarks of the engine");
    bench->require_subcommand(1);

    auto args = std::make_shared<PholdBenchArgs>();
    auto* phold =
        bench->add_subcommand("phold", "PHOLD, the standard PDES benchmark, with ROSS's semantics");
    auto& p = args->params;
    phold->add_option("--nlp", p.lp_count, "number of LPs (N)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    phold->add_option("--start-events", p.start_events, "start events per LP (E)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    phold
        ->add_option("--remote", p.remote_fraction, "probability an event goes to a uniform LP (p)")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1.0));
    phold->add_option("--mean", p.mean, "mean delay between events, time units (M)")
        ->capture_default_str();
    phold->add_option("--lookahead", p.lookahead, "fixed part of every delay (L)")
        ->capture_default_str();
    phold->add_option("--end", p.end, "end time (T); later events are dropped")
        ->capture_default_str();
    phold->add_option("--threads", args->threads, "worker threads")
        ->capture_default_str()
        ->check(CLI::Range(1U, 1024U));
    phold->add_option("--partitions", args->partitions,
                      "partitions (contiguous LP blocks); default one per thread");
    phold->add_option("--seed", args->seed, "random seed")->capture_default_str();
    phold->add_flag("--sequential", args->sequential,
                    "use the sequential reference scheduler (one queue, no threads)");
    phold->add_flag("--json", args->json,
                    "print one JSON object (committed, wall_s, events_per_s, fingerprint, ...)");
    phold->callback([args] { bench_phold(*args); });

    // The Google Benchmark benchmarks are the program tuntas-bench: everything after their
    // name goes to it untouched (its --help too).
    for (const MicroBenchmark& benchmark : micro_benchmarks) {
        auto* cmd =
            bench->add_subcommand(std::string{benchmark.name}, std::string{benchmark.description});
        cmd->prefix_command();
        cmd->set_help_flag();
        cmd->callback([cmd, name = std::string{benchmark.name}] {
            std::vector<std::string> command_line{name};
            const std::vector<std::string> rest = cmd->remaining();
            command_line.insert(command_line.end(), rest.begin(), rest.end());
            exec_sibling_program("tuntas-bench", command_line);
        });
    }
}

void add_sweep_command(CLI::App& app) {
    auto args = std::make_shared<SweepArgs>();
    auto* cmd = app.add_subcommand(
        "sweep", "run a scenario over a grid of values and seeds, in parallel, resumable");
    cmd->add_option("scenario", args->scenario, "scenario file (.toml)");
    cmd->add_option("--set", args->sets,
                    "a swept key: key=v1,v2,... (repeatable; their product is run)");
    cmd->add_option("--seeds", args->seeds, "replications: seeds from the scenario's seed on")
        ->check(CLI::Range(1, 100000))
        ->capture_default_str();
    cmd->add_option("-j,--jobs", args->jobs, "runs at a time (default: half the cores)")
        ->check(CLI::Range(0, 1024));
    cmd->add_option("--threads", args->threads, "threads of each run (default: cores / jobs)")
        ->check(CLI::Range(0, 1024));
    cmd->add_option("-o,--output", args->output,
                    "sweep directory: one NAME.h5 per run, summary.csv, summary.h5")
        ->required();
    cmd->add_option("--shard", args->shard,
                    "run only shard i of n (i/n) of the runs, for cluster jobs");
    cmd->add_flag("--json", args->json,
                  "print every run (name, status, seed, parameters, KPIs, error) as JSON at the "
                  "end");
    cmd->add_option("--merge", args->merge,
                    "join the summaries of these shard directories into -o DIR")
        ->check(CLI::ExistingDirectory);
    cmd->callback([args] { sweep(*args); });
}

void add_compare_command(CLI::App& app) {
    auto args = std::make_shared<CompareArgs>();
    auto* cmd = app.add_subcommand(
        "compare",
        "KPIs of results or sweeps side by side: paired differences over common seeds, 95 % "
        "confidence intervals, Holm's correction");
    cmd->add_option("inputs", args->inputs,
                    "results (.h5) or a sweep directory; the first is the baseline")
        ->required();
    cmd->add_option("--plot", args->plot,
                    "write matplotlib figures of the series over time into this folder");
    cmd->add_flag("--json", args->json, "print the comparison as JSON");
    cmd->add_flag("--csv", args->csv, "print one CSV row per KPI and variant");
    cmd->add_flag("--force", args->force,
                  "compare runs of different districts, starts or durations");
    cmd->add_option("--by", args->by,
                    "traffic KPIs of each part too: kecamatan (trips by where they leave "
                    "from) or road (the links of each named road)")
        ->check(CLI::IsMember({"kecamatan", "road"}));
    cmd->add_option("--window", args->windows,
                    "traffic KPIs of this time of day too, on every day, e.g. 06:00-09:00 "
                    "(repeatable)");
    cmd->add_option("--kpi", args->kpi_filters,
                    "only KPIs whose name contains this text (repeatable), e.g. Sudirman");
    cmd->add_flag("--explain", args->explain,
                  "each KPI's name (what --kpi matches) and what it measures, under its row");
    cmd->callback([args] { compare(*args); });
}

void add_export_command(CLI::App& app) {
    auto args = std::make_shared<ExportArgs>();
    auto* cmd = app.add_subcommand(
        "export", "a result's links, zones, containers or sites with their values, for QGIS "
                  "(GeoJSON, GeoPackage, or CSV with WKT)");
    cmd->add_option("result", args->result, "result file (.h5)")->required();
    cmd->add_option("-o,--output", args->output,
                    "OUT.geojson, OUT.gpkg (GDAL's ogr2ogr) or OUT.csv")
        ->required();
    cmd->add_option("--what", args->what, "links, zones, containers or sites")
        ->capture_default_str();
    cmd->add_option("--window", args->window,
                    "only samples whose interval ends in this time of day, on every day, e.g. "
                    "06:00-09:00 (default: the whole measured run)");
    cmd->add_option("--at", args->at,
                    "the values of the one sample at this time instead (the first at or after "
                    "it): 07:30, Tue 17:00, 2025-03-04T07:30 or a duration from the start")
        ->excludes("--window");
    cmd->add_option("--base", args->base,
                    "a result of the same district to subtract: each mean's change from it");
    cmd->add_flag("--force", args->force, "replace an existing output");
    cmd->callback([args] { export_result(*args); });
}

#if TUNTAS_WITH_VIEWER
void add_view_launcher(CLI::App& app) {
    auto* cmd = app.add_subcommand(
        "view", "the viewer: live beside a run (SCENARIO.toml) or in replay (RESULT.h5); "
                "`tuntas view --help` for its options");
    cmd->prefix_command();  // everything after `view` goes to tuntas-view untouched
    cmd->set_help_flag();
    cmd->callback([cmd] { exec_sibling_program("tuntas-view", cmd->remaining()); });
}
#endif

/// The commands, in `tuntas --help`'s order: each group's names and the function that declares
/// them.
struct CommandGroup {
    std::initializer_list<std::string_view> names;
    void (*add)(CLI::App&);
};
const std::initializer_list<CommandGroup> command_groups {
    {{"run", "validate", "calibrate", "scenario", "inspect"}, add_scenario_commands},
        {{"import", "district"}, add_district_commands}, {{"bench"}, add_bench_command},
        {{"sweep"}, add_sweep_command}, {{"compare"}, add_compare_command},
        {{"export"}, add_export_command},
#if TUNTAS_WITH_VIEWER
        {{"view"}, add_view_launcher},
#endif
};

/// Declares the command `first` (the first argument) names and only its group, when it names
/// one: CLI11 builds every option it is told of, and all of tuntas's took about 0.25 ms of each
/// process (a whole run of Bologna's joined network: 0.980x and 0.993x the wall time in two
/// batches of 100 alternating pairs, the second within noise; CPU 0.98x). Anything else (--help,
/// --version, a global option first, a mistyped command) declares every command, for CLI11's help
/// and messages.
void add_commands(CLI::App& app, std::string_view first) {
    for (const CommandGroup& group : command_groups) {
        if (std::find(group.names.begin(), group.names.end(), first) != group.names.end()) {
            group.add(app);
            return;
        }
    }
    for (const CommandGroup& group : command_groups) group.add(app);
}

}  // namespace

int main(int argc, char** argv) {
    tuntas::engine::prepare_heap_for_process();
    tuntas::engine::prepare_hdf5_for_process();
    CLI::App app{"tuntas: a digital twin of a district's traffic, waste flows and telecom load"};
    app.set_version_flag("--version",
                         fmt::format("tuntas {} (git {})", tuntas::version, tuntas::git_commit));
    app.require_subcommand(1);
    app.add_option_function<std::string>(
           "--sandbox", [](const std::string& root) { tuntas::model::set_path_sandbox(root); },
           "read and write files only under this folder: scenarios, their extends and every "
           "file they name, district layers, results (for scenarios from others, e.g. a server)")
        ->envname("TUNTAS_SANDBOX")
        ->check(CLI::ExistingDirectory);
    add_commands(app, argc > 1 ? std::string_view{argv[1]} : std::string_view{});
    exit_after_command(parse_and_run(app, argc, argv));
}
