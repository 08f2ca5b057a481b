#pragma once

#include <array>
#include <string_view>

namespace tuntas::cli {

/// A Google Benchmark benchmark of the `tuntas-bench` program, which `tuntas bench NAME ...`
/// runs with the same arguments.
struct MicroBenchmark {
    std::string_view name;
    std::string_view description;
};

/// The benchmarks of `tuntas-bench`, in `tuntas bench --help`'s order.
inline constexpr std::array<MicroBenchmark, 4> micro_benchmarks{{
    {"pending-set",
     "hold benchmark of the pending-event sets (binary heap, 4-ary heap, calendar queue) at 1e3, "
     "1e5 and 1e6 pending events; extra --benchmark_* flags go to Google Benchmark"},
    {"flows",
     "flow-level benchmark: 1,000 and 10,000 sessions at once sharing one bottleneck max-min "
     "fairly; sessions finished per CPU second; extra --benchmark_* flags go to Google Benchmark"},
    {"planner",
     "waste fleet planner: savings + 2-opt against the exact optimum on 6, 8 and 10 stops (gap "
     "%), and a working day's plan for 83 and 270 containers; extra --benchmark_* flags go to "
     "Google Benchmark"},
    {"read",
     "reading inputs: a district folder (GeoJSON layers, checks, graph) and a SUMO route file "
     "(read, then resolved onto the district's roads), in MB/s; extra --benchmark_* flags go to "
     "Google Benchmark"},
}};

}  // namespace tuntas::cli
