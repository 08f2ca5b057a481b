#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "engine/recorder.hpp"
#include "viewer/edit_mark.hpp"
#include "viewer/scene.hpp"
#include "viewer/snapshot.hpp"

namespace tuntas::viewer {

/// Where the viewer's frames come from: a result file (replay) or a running simulation (live).
/// Everything it hands out is immutable, so the viewer never touches model objects.
class FrameSource {
public:
    virtual ~FrameSource() = default;

    /// The map; valid once ready().
    [[nodiscard]] virtual const Scene& scene() const = 0;
    /// True once the scene is known (a live run: after its models are assembled).
    [[nodiscard]] virtual bool ready() const = 0;
    /// Samples so far (a live run: grows).
    [[nodiscard]] virtual std::size_t samples() const = 0;
    /// Sample `index` (< samples()).
    [[nodiscard]] virtual std::shared_ptr<const Snapshot> snapshot(std::size_t index) const = 0;
    /// The run's KPIs (a live run: empty until it ends).
    [[nodiscard]] virtual std::vector<engine::Kpi> kpis() const = 0;
    /// Local date-time of t = 0, "2025-03-03T00:00:00+08:00".
    [[nodiscard]] virtual std::string start() const = 0;
    /// Simulated seconds the run covers (a live run: its duration).
    [[nodiscard]] virtual double duration_s() const = 0;
    /// True for a running simulation.
    [[nodiscard]] virtual bool live() const = 0;
    /// True when the series are changes from a baseline (a difference view), not values.
    [[nodiscard]] virtual bool difference() const { return false; }
    /// A line for the title: the result file or the scenario, and its state.
    [[nodiscard]] virtual std::string describe() const = 0;
    /// The run's what-if edits: the scenario's, and those applied live (valid once ready()).
    [[nodiscard]] virtual std::vector<EditMark> edits() const = 0;

    /// The last sample at or before `time_s` (the first when none is).
    [[nodiscard]] std::size_t index_at(double time_s) const;

protected:
    FrameSource() = default;
    FrameSource(const FrameSource&) = default;
    FrameSource& operator=(const FrameSource&) = default;
};

}  // namespace tuntas::viewer
