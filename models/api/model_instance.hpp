#pragma once

#include <string>
#include <vector>

#include "engine/recorder.hpp"
#include "engine/run_stats.hpp"
#include "engine/sample_frame.hpp"
#include "engine/ticks.hpp"
#include "models/api/scenario.hpp"

namespace tuntas::model {

/// A model assembled into a simulation: what it changes between windows, what it records and how
/// it sums up a run. Its methods run between windows (never while handlers run), so they may
/// read and drain the model's own LPs.
class ModelInstance {
public:
    virtual ~ModelInstance() = default;

    /// Declares the model's series, event tables and static tables.
    virtual void declare(engine::Recorder& recorder) = 0;

    /// At every sample instant, before any model is sampled: the model's own changes to its
    /// state between windows (network changes due now, re-routing). Nothing at or after `time`
    /// has run.
    virtual void between_windows(engine::Ticks time) { static_cast<void>(time); }

    /// At a sample instant: sets each declared series in `frame` (through its engine::Series
    /// handle), and hands the event rows logged since the last sample to the recorder.
    virtual void sample(engine::Ticks time, engine::SampleFrame& frame,
                        engine::Recorder& recorder) = 0;

    /// Applies `edit` (one of the model's edit kinds, asked for while the run goes) from
    /// edit.at on, which is the current sample instant: nothing at or after it has run. Returns
    /// false for a kind the model cannot change while running. An edit applied here gives the
    /// same run as the same edit in the scenario file.
    [[nodiscard]] virtual bool apply_live_edit(const Edit& edit) {
        static_cast<void>(edit);
        return false;
    }

    /// True when the model can leave a warm-up (Scenario::warmup) out of its KPIs and tables;
    /// a scenario with a warm-up refuses models that cannot.
    [[nodiscard]] virtual bool supports_warmup() const { return false; }

    /// At the end of the warm-up, right after the sample at that instant (`time`): from here
    /// on the model's KPIs and event tables count. Called only when the scenario has a warm-up.
    virtual void begin_measurement(engine::Ticks time) { static_cast<void>(time); }

    /// What a planner must know before reading the KPIs (e.g. many trips did not arrive), one
    /// sentence each, after the run; the run prints them and records them in the result.
    [[nodiscard]] virtual std::vector<std::string> warnings() const { return {}; }

    /// The model's KPIs after the run.
    [[nodiscard]] virtual std::vector<engine::Kpi> kpis(const engine::RunStats& stats) const = 0;

protected:
    ModelInstance() = default;
    ModelInstance(const ModelInstance&) = default;
    ModelInstance& operator=(const ModelInstance&) = default;
};

}  // namespace tuntas::model
