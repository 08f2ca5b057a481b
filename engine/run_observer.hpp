#pragma once

#include <cstdint>

#include "engine/ticks.hpp"

namespace tuntas::engine {

/// Called by the scheduler between windows, on the thread that runs the simulation, while no
/// handler runs: the one safe moment to read LP state (e.g. to record results). Every call sees
/// the same state at any thread count and partitioning.
class RunObserver {
public:
    virtual ~RunObserver() = default;

    /// A sample instant: every event before `time` has run, none at or after it. Called for
    /// time = 0, interval, 2 * interval, ... up to the end time, in order. `committed_events`
    /// counts the events run so far (for progress reports).
    virtual void on_sample(Ticks time, std::uint64_t committed_events) = 0;

protected:
    RunObserver() = default;
    RunObserver(const RunObserver&) = default;
    RunObserver& operator=(const RunObserver&) = default;
};

}  // namespace tuntas::engine
