#pragma once

#include <string>
#include <vector>

#include "tools/tuntas/default_threads.hpp"

namespace tuntas::cli {

/// `tuntas-view SCENARIO.toml | RESULT.h5 [options]`: the viewer live beside a run or in replay.
struct ViewArgs {
    std::string path;
    std::string screenshot;  ///< PNG of one frame at `at`, then exit
    std::string at;          ///< HH:MM or a duration from the start
    std::string vs;          ///< a baseline result: show the difference from it
    std::string size{"1280x720"};
    double speed{600.0};                  ///< simulated seconds per wall second
    unsigned threads{default_threads()};  ///< of a live run: the machine's cores unless --threads
    std::string output;                   ///< result of a live run
    bool force{false};
    bool frame_time{false};              ///< show the last frame's time (a developer's figure)
    float pan_px{0.0F};                  ///< with a screenshot: drag the map so far a frame
    std::vector<std::string> overrides;  ///< key.path=value (live)
};

/// Opens the viewer on a scenario run live or on a result.
void view(const ViewArgs& args);

}  // namespace tuntas::cli
