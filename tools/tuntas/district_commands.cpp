#include "tools/tuntas/district_commands.hpp"

#include <chrono>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/resource.h>

#include "models/district/district_generator.hpp"
#include "models/district/district_io.hpp"
#include "models/district/district_summary.hpp"

namespace tuntas::cli {
namespace {

double peak_rss_mb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

void inspect(const std::string& folder, bool json) {
    const auto start = std::chrono::steady_clock::now();
    const auto loaded = district::load_district(folder);
    const double load_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto summary = district::summarize(loaded.district);
    if (json) {
        nlohmann::json warnings = nlohmann::json::array();
        for (const auto& w : loaded.warnings) warnings.push_back(w.format());
        const nlohmann::json out{{"name", summary.name},
                                 {"zones", summary.zones},
                                 {"population", summary.population},
                                 {"area_km2", summary.area_km2},
                                 {"nodes", summary.nodes},
                                 {"links", summary.links},
                                 {"signalised_nodes", summary.signalised_nodes},
                                 {"road_km_by_class", summary.road_km_by_class},
                                 {"facilities_by_kind", summary.facilities_by_kind},
                                 {"backhaul_links", summary.backhaul_links},
                                 {"backhaul_km", summary.backhaul_km},
                                 {"errors", nlohmann::json::array()},
                                 {"warnings", warnings},
                                 {"load_s", load_s},
                                 {"peak_rss_mb", peak_rss_mb()}};
        fmt::print("{}\n", out.dump(2));
        return;
    }
    fmt::print("{}  ({})\n", summary.name, folder);
    fmt::print("  zones {}   population {:.0f}   area {:.0f} km2\n", summary.zones,
               summary.population, summary.area_km2);
    fmt::print("  road nodes {}   directed links {}   signalised junctions {}\n", summary.nodes,
               summary.links, summary.signalised_nodes);
    for (const auto& [road_class, km] : summary.road_km_by_class) {
        fmt::print("  roads {:<11} {:>9.1f} km\n", road_class, km);
    }
    for (const auto& [kind, count] : summary.facilities_by_kind) {
        fmt::print("  {:<17} {:>6}\n", kind, count);
    }
    fmt::print("  backhaul links {}   {:.0f} km\n", summary.backhaul_links, summary.backhaul_km);
    for (const auto& w : loaded.warnings) fmt::print("  {}\n", w.format());
    fmt::print("  loaded in {:.3f} s, peak memory {:.0f} MB\n", load_s, peak_rss_mb());
}

}  // namespace

void add_district_commands(CLI::App& app) {
    auto* district = app.add_subcommand("district", "district models: inspect, generate");
    district->require_subcommand(1);

    auto folder = std::make_shared<std::string>();
    auto json = std::make_shared<bool>(false);
    auto* inspect_cmd = district->add_subcommand(
        "inspect", "load a district folder, check it and sum it up (exit 2 on errors)");
    inspect_cmd->add_option("folder", *folder, "district folder (with district.toml)")->required();
    inspect_cmd->add_flag("--json", *json, "print as JSON");
    inspect_cmd->callback([folder, json] { inspect(*folder, *json); });

    auto params = std::make_shared<district::GeneratorParams>();
    auto output = std::make_shared<std::string>();
    auto* generate = district->add_subcommand(
        "generate", "write a synthetic district (town grid + villages) for scale tests");
    generate->add_option("--population", params->population, "residents (1e4 .. 1e7)")
        ->required()->check(CLI::Range(1e4, 1e7));
    generate->add_option("--seed", params->seed, "random seed")->capture_default_str();
    generate->add_option("-o,--output", *output, "district folder to write")->required();
    generate->callback([params, output] {
        const auto data = district::generate_district(*params);
        district::write_district(data, *output);
        fmt::print("{}: {} zones, {} roads, {} facilities\n", *output, data.zones.size(),
                   data.roads.size(), data.facilities.size());
    });
}

}  // namespace tuntas::cli
