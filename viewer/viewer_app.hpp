#pragma once

#include <filesystem>
#include <optional>

#include "viewer/frame_source.hpp"

namespace tuntas::viewer {

/// How the viewer runs.
struct ViewerOptions {
    std::filesystem::path screenshot;  ///< non-empty: render one frame at `at_s`, save it, exit
    std::optional<double> at_s;        ///< simulated seconds from the start to show first
    int width{1280};                   ///< window size, pixels
    int height{720};
    double speed{600.0};           ///< simulated seconds per wall second at the start
    bool show_frame_time{false};   ///< the last frame's time in the control panel (developers)
    float pan_px_per_frame{0.0F};  ///< with a screenshot: drag the map so far each measured frame
};

/// Opens the window and runs until it is closed (or the screenshot is saved). Returns the exit
/// code: 0; 1 when no window could be made (no display) or the screenshot failed; 2 when a live
/// run failed before its first sample (its error is printed: a bad scenario value, an existing
/// result).
[[nodiscard]] int run_viewer(FrameSource& source, const ViewerOptions& options);

}  // namespace tuntas::viewer
