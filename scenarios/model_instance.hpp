#pragma once

#include <vector>

#include "engine/recorder.hpp"
#include "engine/run_stats.hpp"
#include "engine/ticks.hpp"

namespace tuntas::scenarios {

/// A model assembled into a simulation: what it records and how it sums up a run. Its methods
/// run between windows (never while handlers run), so they may read the model's LPs.
class ModelInstance {
public:
    virtual ~ModelInstance() = default;

    /// Declares the model's series, event tables and static tables.
    virtual void declare(engine::Recorder& recorder) = 0;

    /// At a sample instant: appends one vector per declared series (in declaration order) to
    /// `values`, and hands the event rows logged since the last sample to the recorder.
    virtual void sample(engine::Ticks time, std::vector<std::vector<double>>& values,
                        engine::Recorder& recorder) = 0;

    /// The model's KPIs after the run.
    [[nodiscard]] virtual std::vector<engine::Kpi> kpis(const engine::RunStats& stats) const = 0;

protected:
    ModelInstance() = default;
    ModelInstance(const ModelInstance&) = default;
    ModelInstance& operator=(const ModelInstance&) = default;
};

}  // namespace tuntas::scenarios
