#include "tools/tuntas/view_command.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "scenarios/duration.hpp"
#include "tools/tuntas/cli_error.hpp"
#include "viewer/live_source.hpp"
#include "viewer/replay_source.hpp"
#include "viewer/viewer_app.hpp"

namespace tuntas::cli {
namespace {

/// Seconds of day in "HH:MM" or "HH:MM:SS".
std::optional<double> clock_time_s(const std::string& text) {
    int hour = 0, minute = 0, second = 0;
    const int got = std::sscanf(text.c_str(), "%d:%d:%d", &hour, &minute, &second);
    if (got < 2 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
        return {};
    return hour * 3600.0 + minute * 60.0 + second;
}

/// --at as simulated seconds from the start: a clock time ("07:30": its first occurrence at or
/// after the start) or a duration from the start ("30h", "2d7h30min").
double at_seconds(const std::string& at, const std::string& start) {
    if (at.find(':') != std::string::npos) {
        const auto clock = clock_time_s(at);
        if (!clock)
            throw input_error(fmt::format("--at '{}': expected HH:MM or a duration like 30h", at));
        int hour = 0, minute = 0, second = 0;
        std::sscanf(start.c_str() + std::min<std::size_t>(11, start.size()), "%d:%d:%d", &hour,
                    &minute, &second);
        const double start_s = hour * 3600.0 + minute * 60.0 + second;
        return *clock >= start_s ? *clock - start_s : *clock - start_s + 86'400.0;
    }
    const auto duration = scenarios::parse_duration_s(at);
    if (!duration)
        throw input_error(fmt::format("--at '{}': expected HH:MM or a duration like 30h", at));
    return *duration;
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
    const std::filesystem::path path = args.path;
    std::unique_ptr<viewer::FrameSource> source;
    if (path.extension() == ".toml") {
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
        try {
            source = viewer::open_replay(path);
        } catch (const std::runtime_error& e) {
            throw input_error(e.what());
        }
    }
    if (!args.at.empty()) options.at_s = at_seconds(args.at, source->start());
    if (!args.screenshot.empty() && !options.at_s)
        throw input_error("--screenshot needs --at (e.g. --at 07:30)");
    const int code = viewer::run_viewer(*source, options);
    if (code == 2) throw input_error("the live run failed (see above)");
    if (code != 0) throw std::runtime_error("the viewer could not run (see above)");
}

}  // namespace tuntas::cli
