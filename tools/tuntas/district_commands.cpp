#include "tools/tuntas/district_commands.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/resource.h>

#include "models/district/district_generator.hpp"
#include "models/district/district_io.hpp"
#include "models/district/district_summary.hpp"
#include "models/district/osm_import.hpp"
#include "models/district/sumo_import.hpp"
#include "tools/tuntas/cli_error.hpp"

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

/// Writes a district folder, refusing to replace one that is there unless `force`.
void write_output(const district::DistrictData& data, const std::string& folder, bool force) {
    if (std::filesystem::exists(std::filesystem::path(folder) / "district.toml") && !force) {
        throw input_error(
            fmt::format("{}: a district is already there; pass --force to replace it", folder));
    }
    district::write_district(data, folder);
    fmt::print("{}: {} zones, {} roads, {} signals, {} facilities\n", folder, data.zones.size(),
               data.roads.size(), data.signals.size(), data.facilities.size());
}

std::optional<district::BoundingBox> parse_bbox(const std::string& text) {
    if (text.empty()) return std::nullopt;
    district::BoundingBox box{};
    if (std::sscanf(text.c_str(), "%lf,%lf,%lf,%lf", &box.min_lon, &box.min_lat, &box.max_lon,
                    &box.max_lat) != 4 ||
        box.min_lon >= box.max_lon || box.min_lat >= box.max_lat) {
        throw input_error(
            fmt::format("--bbox '{}': expected min_lon,min_lat,max_lon,max_lat", text));
    }
    return box;
}

void add_import_commands(CLI::App& app) {
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
    osm->callback([=] {
        write_output(district::import_osm(*osm_file, parse_bbox(*bbox)), *osm_out, *osm_force);
    });

    auto prefix = std::make_shared<std::string>();
    auto sumo_out = std::make_shared<std::string>();
    auto sumo_force = std::make_shared<bool>(false);
    auto* sumo = import->add_subcommand(
        "sumo", "a SUMO network in plain XML (PREFIX.nod.xml, PREFIX.edg.xml, as "
                "netconvert --plain-output-prefix writes)");
    sumo->add_option("prefix", *prefix, "the files' common prefix")->required();
    sumo->add_option("-o,--output", *sumo_out, "district folder to write")->required();
    sumo->add_flag("--force", *sumo_force, "replace an existing district folder");
    sumo->callback([=] { write_output(district::import_sumo(*prefix), *sumo_out, *sumo_force); });
}

}  // namespace

void add_district_commands(CLI::App& app) {
    add_import_commands(app);
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
    auto force = std::make_shared<bool>(false);
    auto* generate = district->add_subcommand(
        "generate", "write a synthetic district (town grid + villages) for scale tests");
    generate->add_option("--population", params->population, "residents (1e4 .. 1e7)")
        ->required()
        ->check(CLI::Range(1e4, 1e7));
    generate->add_option("--seed", params->seed, "random seed")->capture_default_str();
    generate->add_option("-o,--output", *output, "district folder to write")->required();
    generate->add_flag("--force", *force, "replace an existing district folder");
    generate->callback([params, output, force] {
        write_output(district::generate_district(*params), *output, *force);
    });
}

}  // namespace tuntas::cli
