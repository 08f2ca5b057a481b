#include "tools/tuntas/view_command.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "scenarios/clock_time.hpp"
#include "tools/tuntas/cli_error.hpp"
#include "viewer/difference_source.hpp"
#include "viewer/live_source.hpp"
#include "viewer/replay_source.hpp"
#include "viewer/viewer_app.hpp"

namespace tuntas::cli {
namespace {

/// --at as simulated seconds from the start: a clock time as scenario edits take it ("07:30",
/// "Tue 17:00": the first at or after the start; "2025-03-04T07:30") or a duration from the
/// start ("30h", "2d7h30min"); refused outside [-warmup, duration] of the result or run.
double at_seconds(const std::string& at, const viewer::FrameSource& source) {
    const std::string start = source.start();
    const auto offset = scenarios::time_offset_s(at, start);
    if (!offset) {
        throw input_error(fmt::format(
            "--at '{}': expected a time of day (07:30), a weekday and time (Tue 17:00), a local "
            "date-time (2025-03-04T07:30) or a duration from the start (30h)",
            at));
    }
    const double seconds = *offset;
    if (seconds > source.duration_s())
        throw input_error(fmt::format("--at '{}': {:g} s after the start, past the end ({:g} s, "
                                      "start {})",
                                      at, seconds, source.duration_s(), start));
    if (seconds < 0.0)
        throw input_error(fmt::format("--at '{}': before the start ({})", at, start));
    return seconds;
}

}  // namespace

void view(const ViewArgs& args) {
    viewer::ViewerOptions options;
    // 64 to 8192 pixels a side (8K; 20000x20000 asked for 7.9 GB of frame buffers).
    char rest = 0;
    if (std::sscanf(args.size.c_str(), "%dx%d%c", &options.width, &options.height, &rest) != 2 ||
        options.width < 64 || options.height < 64 || options.width > 8192 ||
        options.height > 8192) {
        throw input_error(fmt::format(
            "--size '{}': expected WIDTHxHEIGHT, 64 to 8192 each, e.g. 1280x720", args.size));
    }
    options.screenshot = args.screenshot;
    options.speed = args.speed;
    options.show_frame_time = args.frame_time;
    options.pan_px_per_frame = args.pan_px;
    const std::filesystem::path path = args.path;
    std::unique_ptr<viewer::FrameSource> source;
    if (path.extension() == ".toml") {
        if (!args.vs.empty())
            throw input_error("--vs compares two results: give result files, not a scenario");
        std::filesystem::path output = args.output.empty() ? std::filesystem::path("results") /
                                                                 (path.stem().string() + "-live.h5")
                                                           : std::filesystem::path(args.output);
        if (std::filesystem::exists(output) && !args.force) {
            throw input_error(
                fmt::format("{}: a result is already there; pass --force to replace it or "
                            "choose another -o",
                            output.string()));
        }
        source = viewer::start_live(path, args.overrides, output, args.force, args.threads);
    } else {
        if (!args.overrides.empty())
            throw input_error("--set applies to a scenario, not to a result file");
        if (!std::filesystem::exists(path))
            throw input_error(fmt::format("{}: no such file", path.string()));
        if (!args.vs.empty() && !std::filesystem::exists(args.vs))
            throw input_error(fmt::format("--vs {}: no such file", args.vs));
        try {
            source = args.vs.empty() ? viewer::open_replay(path)
                                     : viewer::open_difference(path, args.vs);
        } catch (const std::runtime_error& e) {
            throw input_error(e.what());
        }
    }
    if (!args.at.empty()) options.at_s = at_seconds(args.at, *source);
    if (!args.screenshot.empty() && !options.at_s)
        throw input_error("--screenshot needs --at (e.g. --at 07:30)");
    const int code = viewer::run_viewer(*source, options);
    if (code == 2) throw input_error("the live run failed (see above)");
    if (code != 0) throw std::runtime_error("the viewer could not run (see above)");
}

}  // namespace tuntas::cli
