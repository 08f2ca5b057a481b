#include "tools/tuntas/export_command.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/result_file.hpp"
#include "models/telecom/telecom_datasets.hpp"
#include "models/traffic/day_window.hpp"
#include "models/traffic/traffic_datasets.hpp"
#include "models/waste/waste_datasets.hpp"
#include "scenarios/clock_time.hpp"
#include "tools/tuntas/cli_error.hpp"
#include "tools/tuntas/spawn_logged.hpp"

namespace tuntas::cli {

namespace {

namespace fs = std::filesystem;
constexpr double day_s = 86'400.0;

/// An exportable kind of entity: its static table, the series of its entities (the models'
/// own dataset names), and where its geometry comes from.
struct Kind {
    engine::DatasetName table;
    std::vector<engine::DatasetName> series;
    enum class Shape { link, zone, point } shape{Shape::point};
};

const std::map<std::string, Kind>& kinds() {
    namespace tr = traffic::datasets;
    namespace wa = waste::datasets;
    namespace te = telecom::datasets;
    static const std::map<std::string, Kind> all{
        {"links",
         {tr::links,
          {tr::link_flow, tr::link_speed, tr::link_vehicles, tr::link_queue},
          Kind::Shape::link}},
        {"zones",
         {tr::zones,
          {tr::zone_presence, tr::zone_at_home, tr::zone_visitors, te::zone_served},
          Kind::Shape::zone}},
        {"containers",
         {wa::containers, {wa::container_fill, wa::container_overflowed}, Kind::Shape::point}},
        {"sites", {te::sites, {te::site_serving}, Kind::Shape::point}},
    };
    return all;
}

/// A geometry as GeoJSON and as WKT, coordinates in degrees (WGS 84).
struct Geometry {
    nlohmann::json geojson;
    std::string wkt;
};

Geometry line(double lon_a, double lat_a, double lon_b, double lat_b) {
    return {{{"type", "LineString"}, {"coordinates", {{lon_a, lat_a}, {lon_b, lat_b}}}},
            fmt::format("LINESTRING ({:.7f} {:.7f}, {:.7f} {:.7f})", lon_a, lat_a, lon_b, lat_b)};
}

Geometry point(double lon, double lat) {
    return {{{"type", "Point"}, {"coordinates", {lon, lat}}},
            fmt::format("POINT ({:.7f} {:.7f})", lon, lat)};
}

/// Each zone's outline parts as a MultiPolygon (one closed outer ring a part).
std::vector<Geometry> zone_shapes(const engine::ResultFile& file, std::size_t zones) {
    const auto outlines = file.read_table(traffic::datasets::zone_outlines.static_path());
    const auto& zone = outlines.number("zone");
    const auto& part = outlines.number("part");
    const auto& lon = outlines.number("lon");
    const auto& lat = outlines.number("lat");
    std::vector<std::vector<std::vector<std::pair<double, double>>>> rings(zones);
    for (std::size_t r = 0; r < outlines.rows; ++r) {
        if (zone[r] < 0 || zone[r] >= static_cast<double>(zones)) continue;
        auto& parts = rings[static_cast<std::size_t>(zone[r])];
        if (parts.empty() || (r > 0 && part[r] != part[r - 1])) parts.emplace_back();
        parts.back().emplace_back(lon[r], lat[r]);
    }
    std::vector<Geometry> shapes(zones);
    for (std::size_t z = 0; z < zones; ++z) {
        nlohmann::json polygons = nlohmann::json::array();
        std::string wkt;
        for (auto ring : rings[z]) {
            if (ring.size() < 3) continue;
            if (ring.front() != ring.back()) ring.push_back(ring.front());
            nlohmann::json coordinates = nlohmann::json::array();
            std::string text;
            for (const auto& [x, y] : ring) {
                coordinates.push_back({x, y});
                text += fmt::format("{}{:.7f} {:.7f}", text.empty() ? "" : ", ", x, y);
            }
            polygons.push_back({coordinates});
            wkt += fmt::format("{}(({}))", wkt.empty() ? "" : ", ", text);
        }
        shapes[z] = {{{"type", "MultiPolygon"}, {"coordinates", polygons}},
                     polygons.empty() ? "MULTIPOLYGON EMPTY" : "MULTIPOLYGON (" + wkt + ")"};
    }
    return shapes;
}

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

std::string number_text(double value) {
    return std::isfinite(value) ? fmt::format("{}", value) : std::string();
}

/// A series' values of one kind of entity, summarised over the measured samples whose
/// interval ends in `window` (time > 0: the warm-up left out; NaN values left out).
struct Summary {
    std::string name;               ///< the series, e.g. "link_flow"
    std::vector<double> mean, max;  ///< per entity (NaN: no value in those samples)
    std::size_t samples{0};         ///< samples summarised
};

std::vector<Summary> summarise(const engine::ResultFile& file, const Kind& kind, std::size_t count,
                               const std::optional<traffic::DayWindow>& window,
                               std::optional<double> at_s = std::nullopt) {
    const double start = file.start_s_of_day();
    std::vector<Summary> summaries;
    for (const auto& name : kind.series) {
        const std::string path = name.series_path();
        if (!file.has(path)) continue;
        const auto series = file.read_series(path);
        if (series.entities != count) continue;
        // Its rows (every sample, or a coarser output interval's) whose interval ends in the
        // window, each weighted by the time it covers (the last of a coarser series may be
        // short).
        const auto times = file.series_times(path);
        std::vector<std::size_t> rows;
        std::vector<double> weights;
        for (std::size_t k = 0; k < std::min(series.samples, times.size()); ++k) {
            if (at_s) {
                // One instant: the first row at or after it (the interval it falls in).
                if (times[k] < *at_s) continue;
                rows.push_back(k);
                weights.push_back(1.0);
                break;
            }
            if (times[k] <= 0.0) continue;
            if (window && !window->contains(std::fmod(start + times[k], day_s))) continue;
            rows.push_back(k);
            weights.push_back(k > 0 ? times[k] - times[k - 1] : 1.0);
        }
        Summary s{std::string(name.name), std::vector<double>(count), std::vector<double>(count),
                  rows.size()};
        for (std::size_t e = 0; e < count; ++e) {
            double sum = 0.0;
            double weight = 0.0;
            double most = -std::numeric_limits<double>::infinity();
            for (std::size_t r = 0; r < rows.size(); ++r) {
                const double v = series.values[rows[r] * count + e];
                if (std::isnan(v)) continue;
                sum += v * weights[r];
                weight += weights[r];
                most = std::max(most, v);
            }
            const double nan = std::numeric_limits<double>::quiet_NaN();
            s.mean[e] = weight > 0.0 ? sum / weight : nan;
            s.max[e] = weight > 0.0 ? most : nan;
        }
        summaries.push_back(std::move(s));
    }
    return summaries;
}

/// GDAL's ogr2ogr on the PATH, or "" when it is not installed.
std::string find_ogr2ogr() {
    const char* path = std::getenv("PATH");
    std::string_view rest = path != nullptr ? path : "";
    while (!rest.empty()) {
        const auto colon = rest.find(':');
        const fs::path candidate = fs::path(rest.substr(0, colon)) / "ogr2ogr";
        if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
        rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
    }
    return "";
}

/// `geojson` converted to the GeoPackage `gpkg` (one layer named `layer`) by GDAL's ogr2ogr;
/// what ogr2ogr says goes to `log`, named in the error when it fails.
void convert_to_geopackage(const std::string& ogr2ogr, const fs::path& geojson,
                           const fs::path& gpkg, const std::string& layer, const fs::path& log) {
    pid_t pid = 0;
    try {
        pid = spawn_logged(
            ogr2ogr, {ogr2ogr, "-f", "GPKG", "-nln", layer, gpkg.string(), geojson.string()}, log);
    } catch (const std::runtime_error& error) {
        throw input_error(fmt::format("export: {}", error.what()));
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::ifstream said(log);
        std::string first;
        std::getline(said, first);
        throw input_error(fmt::format("export: {}: ogr2ogr failed ({})", gpkg.string(),
                                      first.empty() ? "no message" : first));
    }
}

}  // namespace

void export_result(const ExportArgs& args) {
    const auto kind_it = kinds().find(args.what);
    if (kind_it == kinds().end())
        throw input_error(
            fmt::format("export: --what '{}': links, zones, containers or sites", args.what));
    const Kind& kind = kind_it->second;
    const fs::path output = args.output;
    const std::string extension = output.extension().string();
    const bool csv = extension == ".csv";
    const bool gpkg = extension == ".gpkg";
    if (!csv && !gpkg && extension != ".geojson" && extension != ".json")
        throw input_error(fmt::format(
            "export: {}: give an output ending in .geojson (GeoJSON), .gpkg (GeoPackage, through "
            "GDAL's ogr2ogr) or .csv (a WKT column)",
            output.string()));
    const std::string ogr2ogr = gpkg ? find_ogr2ogr() : "";
    if (gpkg && ogr2ogr.empty())
        throw input_error(fmt::format("export: {}: a GeoPackage is written by GDAL's ogr2ogr, "
                                      "which is not on the PATH (Debian: apt install gdal-bin); "
                                      "or export .geojson",
                                      output.string()));
    if (fs::exists(output) && !args.force)
        throw input_error(
            fmt::format("export: {}: already there; pass --force to replace it", output.string()));
    if (fs::exists(output) && !fs::is_regular_file(output))
        throw input_error(fmt::format("export: {}: not a regular file", output.string()));
    std::optional<traffic::DayWindow> window;
    if (!args.window.empty()) {
        try {
            window = traffic::DayWindow::parse(args.window);
        } catch (const std::invalid_argument& error) {
            throw input_error(fmt::format("export: --window: {}", error.what()));
        }
    }

    const engine::ResultFile file(args.result);
    const std::string table_path = kind.table.static_path();
    if (!file.has(table_path))
        throw input_error(fmt::format("export: {}: no {} ({} are not in this result)", args.result,
                                      table_path, args.what));
    const auto table = file.read_table(table_path);
    const std::size_t count = table.rows;

    std::optional<double> at_s;
    if (!args.at.empty()) {
        const std::string start = file.text_attribute("/", "start").value_or("");
        at_s = scenarios::time_offset_s(args.at, start);
        if (!at_s) {
            throw input_error(fmt::format(
                "export: --at '{}': expected a time of day (07:30), a weekday and time (Tue "
                "17:00), a local date-time (2025-03-04T07:30) or a duration from the start (30h)",
                args.at));
        }
        const auto times = file.read_vector("/time");
        if (times.empty() || *at_s > times.back() || *at_s < times.front()) {
            throw input_error(fmt::format("export: --at '{}' ({:g} s from the start) is outside "
                                          "the result ({:g} .. {:g} s)",
                                          args.at, *at_s, times.empty() ? 0.0 : times.front(),
                                          times.empty() ? 0.0 : times.back()));
        }
    }
    const auto summaries = summarise(file, kind, count, window, at_s);
    std::vector<std::vector<double>> changes;  // per summary: mean minus the base's
    if (!args.base.empty()) {
        const engine::ResultFile base(args.base);
        if (!base.has(table_path) || base.read_table(table_path).rows != count)
            throw input_error(fmt::format("export: --base {}: its {} are not this result's {} {}",
                                          args.base, args.what, count, args.what));
        const auto base_summaries = summarise(base, kind, count, window, at_s);
        for (const auto& s : summaries) {
            std::vector<double> change(count, std::numeric_limits<double>::quiet_NaN());
            for (const auto& b : base_summaries) {
                if (b.name != s.name) continue;
                for (std::size_t e = 0; e < count; ++e) change[e] = s.mean[e] - b.mean[e];
            }
            changes.push_back(std::move(change));
        }
    }
    std::size_t samples = 0;
    for (const auto& s : summaries) samples = std::max(samples, s.samples);

    // Geometry.
    std::vector<Geometry> shapes(count);
    if (kind.shape == Kind::Shape::link) {
        const auto nodes = file.read_table(traffic::datasets::nodes.static_path());
        const auto& lon = nodes.number("lon");
        const auto& lat = nodes.number("lat");
        const auto& from = table.number("from_node");
        const auto& to = table.number("to_node");
        for (std::size_t l = 0; l < count; ++l) {
            const auto a = static_cast<std::size_t>(from[l]);
            const auto b = static_cast<std::size_t>(to[l]);
            if (a >= nodes.rows || b >= nodes.rows)
                throw input_error(fmt::format("export: {}: link {} has no node {}", args.result, l,
                                              a >= nodes.rows ? a : b));
            shapes[l] = line(lon[a], lat[a], lon[b], lat[b]);
        }
    } else if (kind.shape == Kind::Shape::zone) {
        shapes = zone_shapes(file, count);
    } else {
        const auto& lon = table.number("lon");
        const auto& lat = table.number("lat");
        for (std::size_t e = 0; e < count; ++e) shapes[e] = point(lon[e], lat[e]);
    }

    // Written next to the output and renamed over it when complete (a GeoPackage: GeoJSON
    // first, then converted).
    const fs::path partial =
        gpkg ? output.string() + ".partial.geojson" : output.string() + ".partial";
    {
        std::ofstream out(partial);
        if (!out) throw input_error(fmt::format("export: {}: cannot write", partial.string()));
        if (csv) {
            out << "wkt";
            for (const auto& [name, values] : table.numbers) out << ',' << csv_field(name);
            for (const auto& [name, values] : table.texts) out << ',' << csv_field(name);
            for (const auto& s : summaries) out << ',' << s.name << "_mean," << s.name << "_max";
            for (const auto& s : summaries)
                if (!changes.empty()) out << ',' << s.name << "_mean_change";
            out << '\n';
            for (std::size_t e = 0; e < count; ++e) {
                out << csv_field(shapes[e].wkt);
                for (const auto& [name, values] : table.numbers)
                    out << ',' << number_text(values[e]);
                for (const auto& [name, values] : table.texts) out << ',' << csv_field(values[e]);
                for (const auto& s : summaries)
                    out << ',' << number_text(s.mean[e]) << ',' << number_text(s.max[e]);
                for (const auto& change : changes) out << ',' << number_text(change[e]);
                out << '\n';
            }
        } else {
            nlohmann::json features = nlohmann::json::array();
            for (std::size_t e = 0; e < count; ++e) {
                nlohmann::json properties = nlohmann::json::object();
                for (const auto& [name, values] : table.numbers) properties[name] = values[e];
                for (const auto& [name, values] : table.texts) properties[name] = values[e];
                for (const auto& s : summaries) {
                    // NaN (no sample had a value) is null.
                    properties[s.name + "_mean"] =
                        std::isnan(s.mean[e]) ? nlohmann::json() : nlohmann::json(s.mean[e]);
                    properties[s.name + "_max"] =
                        std::isnan(s.max[e]) ? nlohmann::json() : nlohmann::json(s.max[e]);
                }
                for (std::size_t c = 0; c < changes.size(); ++c) {
                    const double change = changes[c][e];
                    properties[summaries[c].name + "_mean_change"] =
                        std::isnan(change) ? nlohmann::json() : nlohmann::json(change);
                }
                features.push_back({{"type", "Feature"},
                                    {"geometry", shapes[e].geojson},
                                    {"properties", properties}});
            }
            const nlohmann::json collection{
                {"type", "FeatureCollection"},
                {"name", args.what},
                {"tuntas",
                 {{"result", args.result},
                  {"base", args.base},
                  {"window", args.window.empty() ? "whole run" : args.window},
                  {"samples", samples}}},
                {"features", features}};
            out << collection.dump() << '\n';
        }
        if (!out) throw input_error(fmt::format("export: {}: cannot write", partial.string()));
    }
    if (gpkg) {
        const fs::path converted = output.string() + ".partial.gpkg";
        const fs::path log = output.string() + ".ogr2ogr.log";
        std::error_code ignored;
        fs::remove(converted, ignored);  // ogr2ogr would add a layer to a file left there
        try {
            convert_to_geopackage(ogr2ogr, partial, converted, args.what, log);
        } catch (...) {
            fs::remove(partial, ignored);
            fs::remove(converted, ignored);
            fs::remove(log, ignored);
            throw;
        }
        fs::remove(partial, ignored);
        fs::remove(log, ignored);
        fs::rename(converted, output);
    } else {
        fs::rename(partial, output);
    }
    fmt::print("{}: {} {} ({} samples{}), values of {} series{}\n", output.string(), count,
               args.what, samples,
               window ? ", " + window->label
               : at_s ? ", at " + args.at
                      : std::string(),
               summaries.size(), args.base.empty() ? "" : ", changes from " + args.base);
}

}  // namespace tuntas::cli
