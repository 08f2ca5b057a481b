#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/rank_transport.hpp"
#include "engine/recorder.hpp"
#include "engine/run_stats.hpp"
#include "engine/ticks.hpp"
#include "models/api/scenario.hpp"
#include "scenarios/live_edit_queue.hpp"
#include "scenarios/model_registry.hpp"

namespace tuntas::scenarios {

/// Where a running scenario is, for progress reports.
struct RunProgress {
    engine::Ticks simulated{0};         ///< simulated time reached
    engine::Ticks duration{0};          ///< simulated time to reach
    std::uint64_t committed_events{0};  ///< events run so far
    double wall_seconds{0.0};           ///< since the event loop started
};

/// How to run a scenario.
struct RunOptions {
    unsigned threads{1};           ///< worker threads
    std::size_t partitions{0};     ///< 0: default_partition_count's
    std::filesystem::path output;  ///< the result file (NAME.h5); empty: record nothing
    bool overwrite{false};         ///< replace an existing result
    /// Refuse a run whose models expect more events than this (their own estimates, the ones
    /// partitioning uses) before it starts; 0: no limit.
    double max_expected_events{1e10};
    engine::Attributes provenance;  ///< extra root attributes (version, commit, command)
    std::function<void(const RunProgress&)> on_progress;  ///< at every sample, may be empty
    /// Edits asked for while the run goes (a viewer's knobs; may be null): taken at every
    /// sample instant and applied from it on; the result records them (root attribute
    /// `live_edits`, and `scenario_with_live_edits` to run the same again).
    std::shared_ptr<LiveEditQueue> live_edits;
    /// Wraps the run's recorder (may be empty): the live viewer sees every sample through it.
    std::function<std::unique_ptr<engine::Recorder>(std::unique_ptr<engine::Recorder>)>
        wrap_recorder;
    /// Null: one process runs the scenario. Otherwise this process is one rank of a run over
    /// ranks (MPI, or the in-process loopback): every rank assembles every model, each model
    /// runs whole on one rank (partition_for_ranks; `partitions` then counts a rank's), and
    /// rank 0 gathers what the others sample and sum up and alone writes `output`, reports
    /// progress and returns the KPIs. The same fingerprint and datasets as one process. No
    /// live edits.
    engine::RankTransport* transport{nullptr};
    /// False: the run's models and engine state stay allocated when run_scenario returns (its
    /// result file is closed and its lock released all the same), for a process that ends right
    /// after and would free them for nothing (`tuntas run` of Bologna's joined network: 0.947x
    /// the wall time, pasubio 0.931x, 100 alternating pairs each).
    bool free_state{true};
};

/// What a run produced.
struct RunResult {
    engine::RunStats stats;
    std::vector<engine::Kpi> kpis;
    std::vector<std::string> warnings;  ///< the models' warnings about reading the KPIs
    std::filesystem::path output;
    double assembly_seconds{0.0};    ///< building the models' LPs and opening the result file
    double output_seconds{0.0};      ///< simulation-thread time spent handing results to the writer
    double closing_seconds{0.0};     ///< writing the KPIs and closing the result file
    double total_seconds{0.0};       ///< assembly, run and closing the file
    double cpu_seconds{0.0};         ///< the process's CPU time over the same span (every thread)
    double writer_cpu_seconds{0.0};  ///< of it, the result writer thread's (0: no file)
    std::size_t partitions{1};       ///< the partitions the LPs were spread over
    /// Over ranks: the rank each model ran on (assembly order) and each rank's expected
    /// events; empty in one process.
    std::vector<std::pair<std::string, int>> rank_of_model;
    std::vector<double> expected_events_of_rank;
};

/// Assembles the scenario's models as a run would, then drops them: every reference an edit or
/// a key makes (road names, links, facilities, sites, the district, a route file) is checked
/// where the run checks it. Throws model::InputError as run_scenario would, before any event.
void check_scenario_assembles(const model::Scenario& scenario, const ModelRegistry& registry);

/// Assembles `scenario` from the registry's models, runs it, and writes its result file
/// (through NAME.h5.partial, renamed on success). Throws model::InputError for a scenario that
/// names no model (or a model without the services it needs), engine::OutputExists when the result
/// exists and !options.overwrite.
[[nodiscard]] RunResult run_scenario(const model::Scenario& scenario, const ModelRegistry& registry,
                                     const RunOptions& options);

}  // namespace tuntas::scenarios
