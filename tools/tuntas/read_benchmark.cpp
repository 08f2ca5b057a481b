#include "tools/tuntas/read_benchmark.hpp"

#include <cstdint>
#include <memory>

#include <benchmark/benchmark.h>

#include "engine/ticks.hpp"
#include "models/district/district_io.hpp"
#include "models/traffic/sumo_route_file.hpp"
#include "models/traffic/sumo_routes.hpp"
#include "models/traffic/traffic_builder.hpp"
#include "tools/tuntas/google_benchmark.hpp"

namespace tuntas::cli {
namespace {

/// Bytes of the files directly in `folder` (a district's layers and its district.toml).
std::int64_t folder_bytes(const std::filesystem::path& folder) {
    std::int64_t bytes = 0;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (entry.is_regular_file()) bytes += static_cast<std::int64_t>(entry.file_size());
    }
    return bytes;
}

void load_district(benchmark::State& state, const std::filesystem::path& folder) {
    for (auto _ : state) {
        auto loaded = district::load_district(folder);
        benchmark::DoNotOptimize(loaded);
    }
    state.SetBytesProcessed(state.iterations() * folder_bytes(folder));
}

/// `pieces` and `parser`: as read_sumo_route_file takes them (pieces 0: one a core; 1: one pass).
void read_route_file(benchmark::State& state, const std::filesystem::path& routes, unsigned pieces,
                     traffic::RouteFileParser parser) {
    std::size_t vehicles = 0;
    unsigned pieces_read = 0;
    bool by_rapidxml = false;
    for (auto _ : state) {
        const auto file = traffic::read_sumo_route_file(routes, 42, pieces, parser);
        vehicles = file.vehicles.size();
        pieces_read = file.pieces_read;
        by_rapidxml = file.parsed_by == traffic::RouteFileParser::fastest;
        benchmark::DoNotOptimize(file);
    }
    state.SetBytesProcessed(state.iterations() *
                            static_cast<std::int64_t>(std::filesystem::file_size(routes)));
    state.counters["vehicles"] = static_cast<double>(vehicles);
    state.counters["pieces"] = static_cast<double>(pieces_read);
    state.counters["rapidxml"] = by_rapidxml ? 1.0 : 0.0;  // 0: expat read it (all or a piece)
}

void resolve_routes(benchmark::State& state, const std::filesystem::path& folder,
                    const std::filesystem::path& routes) {
    const auto loaded = district::load_district(folder);
    const auto network = traffic::make_network(loaded.district, traffic::TrafficParams{});
    const auto file = traffic::read_sumo_route_file(routes, 42);
    std::size_t trips = 0;
    for (auto _ : state) {
        const auto batch = traffic::resolve_sumo_routes(file, loaded.district, *network,
                                                        engine::ticks_max, 42, nullptr);
        trips = batch.trips.size();
        benchmark::DoNotOptimize(batch);
    }
    state.counters["trips"] = static_cast<double>(trips);
}

}  // namespace

bool run_read_benchmark(const std::filesystem::path& district, const std::filesystem::path& routes,
                        const std::vector<std::string>& args) {
    benchmark::RegisterBenchmark("read/district", load_district, district)
        ->Unit(benchmark::kMillisecond);
    if (!routes.empty()) {
        using traffic::RouteFileParser;
        struct Way {
            const char* name;
            unsigned pieces;  // 0: one a core
            RouteFileParser parser;
        };
        // Wall time: the pieces are read on several threads. expat alone is the reference the
        // fastest way is measured against.
        for (const Way way : {Way{"read/route_file", 0U, RouteFileParser::fastest},
                              Way{"read/route_file_one_pass", 1U, RouteFileParser::fastest},
                              Way{"read/route_file_expat", 0U, RouteFileParser::expat},
                              Way{"read/route_file_one_pass_expat", 1U, RouteFileParser::expat}}) {
            benchmark::RegisterBenchmark(way.name, read_route_file, routes, way.pieces, way.parser)
                ->Unit(benchmark::kMillisecond)
                ->UseRealTime();
        }
        benchmark::RegisterBenchmark("read/resolve_routes", resolve_routes, district, routes)
            ->Unit(benchmark::kMillisecond);
    }
    return run_google_benchmark("tuntas bench read", "^read/", args);
}

}  // namespace tuntas::cli
