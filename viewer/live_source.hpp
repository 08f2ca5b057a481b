#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "scenarios/live_edit_queue.hpp"
#include "viewer/frame_source.hpp"

namespace tuntas::viewer {

/// A scenario running beside the viewer, on a thread of its own, writing its result file as
/// `tuntas run` does. Each sample reaches the viewer as an immutable snapshot (the run only
/// copies the sampled values); the run is paced to the viewer's speed (simulated seconds per
/// wall second) and waits while paused. When the viewer closes, the run finishes unpaced and
/// completes its result.
class LiveSource : public FrameSource {
public:
    /// Simulated seconds per wall second; 0 pauses; infinity runs unpaced.
    virtual void set_speed(double simulated_s_per_wall_s) = 0;
    /// Asks the run to apply a what-if edit (its kind and values) from its next sample instant;
    /// the result records it.
    virtual void request_edit(scenarios::LiveEditRequest request) = 0;
    /// The run's warm-up, s: an edit's `until` counts from its start (a sample's time from the
    /// end of the warm-up).
    [[nodiscard]] virtual double warmup_s() const = 0;
    /// The edits requested so far, one line each.
    [[nodiscard]] virtual std::vector<std::string> requested_edits() const = 0;
    /// The run's error, if it failed (empty while it runs or after it succeeded).
    [[nodiscard]] virtual std::string error() const = 0;
    /// True once the run has ended (finished or failed).
    [[nodiscard]] virtual bool ended() const = 0;
};

/// Loads `scenario` (with `overrides`, as --set gives them) and starts it; the result goes to
/// `output` (replaced when `overwrite`). Throws what loading the scenario throws.
[[nodiscard]] std::unique_ptr<LiveSource> start_live(const std::filesystem::path& scenario,
                                                     const std::vector<std::string>& overrides,
                                                     const std::filesystem::path& output,
                                                     bool overwrite, unsigned threads);

}  // namespace tuntas::viewer
