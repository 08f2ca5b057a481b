#include "tools/tuntas/google_benchmark.hpp"

#include <benchmark/benchmark.h>

namespace tuntas::cli {

bool run_google_benchmark(const std::string& program, const std::string& filter,
                          const std::vector<std::string>& args) {
    std::vector<std::string> storage{program, "--benchmark_filter=" + filter};
    storage.insert(storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : storage) argv.push_back(a.data());
    int argc = static_cast<int>(argv.size());
    benchmark::Initialize(&argc, argv.data());
    if (benchmark::ReportUnrecognizedArguments(argc, argv.data())) return false;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return true;
}

}  // namespace tuntas::cli
