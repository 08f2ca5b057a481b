// tuntas-view: the viewer program; `tuntas view ...` runs it with the same arguments. The one
// translation unit of tuntas-view that includes CLI11.
#include <memory>

#include <fmt/format.h>

#include "engine/hdf5_process.hpp"
#include "tools/tuntas/cli_app.hpp"
#include "tools/tuntas/view_command.hpp"
#include "tuntas_version.hpp"

int main(int argc, char** argv) {
    tuntas::engine::prepare_hdf5_for_process();
    CLI::App app{
        "tuntas view: the district live beside a run (SCENARIO.toml) or in replay (RESULT.h5)"};
    app.set_version_flag("--version",
                         fmt::format("tuntas {} (git {})", tuntas::version, tuntas::git_commit));
    auto args = std::make_shared<tuntas::cli::ViewArgs>();
    app.add_option("path", args->path,
                   "a scenario (.toml: runs it live) or a result (.h5 or .h5.partial)")
        ->required();
    app.add_option("--screenshot", args->screenshot,
                   "render one frame at --at into this PNG and exit");
    app.add_option(
        "--at", args->at,
        "simulated time to show: 07:30 or Tue 17:00 (the first at or after the start, WITA), "
        "2025-03-04T07:30, or a duration from the start (30h)");
    app.add_option("--size", args->size, "window size WIDTHxHEIGHT")->capture_default_str();
    app.add_option("--speed", args->speed, "simulated seconds per wall second at the start")
        ->check(CLI::Range(1.0, 1e6))
        ->capture_default_str();
    app.add_option("--threads", args->threads,
                   "worker threads of a live run (default: the machine's cores, as `tuntas run`)")
        ->check(CLI::Range(1U, 1024U))
        ->capture_default_str();
    app.add_option("-o,--output", args->output,
                   "result of a live run (default results/NAME-live.h5)");
    app.add_flag("--force", args->force, "replace an existing result (live)");
    app.add_flag("--frame-time", args->frame_time, "show the last frame's render time");
    app.add_option("--pan", args->pan_px,
                   "with --screenshot: drag the map this many pixels a frame over the measured "
                   "frames (to time panning), then draw the last one still")
        ->check(CLI::Range(0.0, 1000.0));
    app.add_option("--vs", args->vs,
                   "a baseline result of the same district and times: show RESULT's change from "
                   "it (blue lower, red higher)");
    app.add_option("--set", args->overrides, "override a scenario key (live): key.path=value");
    app.callback([args] { tuntas::cli::view(*args); });
    return tuntas::cli::parse_and_run(app, argc, argv);
}
