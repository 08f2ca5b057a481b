#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace tuntas::cli {

/// Runs the input-reading benchmark through Google Benchmark: loading the district folder
/// `district` (district::load_district: GeoJSON layers, checks, projection, graph) and, when
/// `routes` is not empty, reading that SUMO route file (traffic::read_sumo_route_file) and
/// resolving it onto the district's network (traffic::resolve_sumo_routes). Each case reports
/// its bytes per second (of the layer files, of the route file). `args` go to Google
/// Benchmark. Returns false when it rejects an argument.
bool run_read_benchmark(const std::filesystem::path& district, const std::filesystem::path& routes,
                        const std::vector<std::string>& args);

}  // namespace tuntas::cli
