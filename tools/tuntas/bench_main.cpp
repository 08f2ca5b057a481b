// tuntas-bench: the Google Benchmark benchmarks; `tuntas bench NAME ...` runs them with the same
// arguments (Google Benchmark's shared library stays out of every other command's process). The
// one translation unit of tuntas-bench that includes CLI11.
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "tools/tuntas/cli_app.hpp"
#include "tools/tuntas/cli_error.hpp"
#include "tools/tuntas/flow_benchmark.hpp"
#include "tools/tuntas/micro_benchmark.hpp"
#include "tools/tuntas/pending_set_benchmark.hpp"
#include "tools/tuntas/planner_benchmark.hpp"
#include "tools/tuntas/read_benchmark.hpp"
#include "tuntas_version.hpp"

namespace {

using namespace tuntas::cli;

/// Adds the benchmark named `name` (one of micro_benchmarks), with Google Benchmark's flags
/// passed through.
CLI::App* add_benchmark(CLI::App& app, std::string_view name) {
    for (const MicroBenchmark& benchmark : micro_benchmarks) {
        if (benchmark.name == name) {
            auto* cmd = app.add_subcommand(std::string{name}, std::string{benchmark.description});
            cmd->allow_extras();
            return cmd;
        }
    }
    throw std::logic_error(fmt::format("no benchmark {} in micro_benchmarks", name));
}

/// Throws the input error of a benchmark whose Google Benchmark flags were not accepted.
void check_accepted(bool accepted, std::string_view name) {
    if (!accepted) {
        throw input_error(fmt::format("bench {}: unrecognised Google Benchmark arguments", name));
    }
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"tuntas bench: Google Benchmark benchmarks of the engine and the models"};
    app.name("tuntas bench");
    app.set_version_flag("--version",
                         fmt::format("tuntas {} (git {})", tuntas::version, tuntas::git_commit));
    app.require_subcommand(1);

    auto* pending_set = add_benchmark(app, "pending-set");
    pending_set->callback([pending_set] {
        check_accepted(run_pending_set_benchmark(pending_set->remaining()), "pending-set");
    });
    auto* flows = add_benchmark(app, "flows");
    flows->callback([flows] { check_accepted(run_flow_benchmark(flows->remaining()), "flows"); });
    auto* planner = add_benchmark(app, "planner");
    planner->callback(
        [planner] { check_accepted(run_planner_benchmark(planner->remaining()), "planner"); });

    auto paths = std::make_shared<std::pair<std::filesystem::path, std::filesystem::path>>();
    auto* read = add_benchmark(app, "read");
    read->add_option("district", paths->first, "district folder")
        ->required()
        ->check(CLI::ExistingDirectory);
    read->add_option("routes", paths->second, "SUMO route file (.rou.xml)")
        ->check(CLI::ExistingFile);
    read->callback([read, paths] {
        check_accepted(run_read_benchmark(paths->first, paths->second, read->remaining()), "read");
    });
    return parse_and_run(app, argc, argv);
}
