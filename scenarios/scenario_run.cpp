#include "scenarios/scenario_run.hpp"

#include <algorithm>
#include <chrono>
#include <future>
#include <memory>
#include <numeric>
#include <string>
#include <variant>

#include <fmt/format.h>

#include "engine/cpu_time.hpp"
#include "engine/hdf5_recorder.hpp"
#include "engine/null_recorder.hpp"
#include "engine/partition_map.hpp"
#include "engine/run_observer.hpp"
#include "engine/selecting_recorder.hpp"
#include "models/api/assembly.hpp"
#include "models/api/input_error.hpp"
#include "models/district/district_io.hpp"
#include "scenarios/partitioning.hpp"
#include "scenarios/scenario_district.hpp"

namespace tuntas::scenarios {
namespace {

using Clock = std::chrono::steady_clock;

/// Results are flushed at the end of a simulated hour once a second of work has passed since
/// the last flush: a run that dies loses at most its last hour, or its last second or so of
/// work when that covers more; a run of less than a second flushes only as it closes (a flush
/// compresses the chunks it finds part-full, which a later flush compresses again).
constexpr engine::Ticks flush_period = 3600 * engine::ticks_per_second;
constexpr double min_flush_wall_s = 1.0;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Samples every model at the scenario's interval and feeds the recorder; flushes at the ends of
/// simulated hours (no more than once a second of work) so a run that dies keeps what it did.
class SamplingObserver final : public engine::RunObserver {
public:
    SamplingObserver(std::vector<std::unique_ptr<model::ModelInstance>>& instances,
                     std::vector<std::string> names, engine::Recorder& recorder,
                     const model::Scenario& scenario, const model::Schema& schema,
                     const RunOptions& options)
        : instances_(instances),
          names_(std::move(names)),
          recorder_(recorder),
          scenario_(scenario),
          schema_(schema),
          options_(options),
          loop_start_(Clock::now()),
          last_flush_(loop_start_) {}

    void on_sample(engine::Ticks time, std::uint64_t committed_events) override {
        const auto start = Clock::now();
        last_sample_ = time;
        if (options_.live_edits) apply_live_edits(time);
        for (auto& instance : instances_) instance->between_windows(time);
        engine::SampleFrame frame;
        for (auto& instance : instances_) instance->sample(time, frame, recorder_);
        // Results count time from `start`: the warm-up's samples are at times <= 0.
        recorder_.append_sample(engine::seconds_from_ticks(time - scenario_.warmup), frame.take());
        if (scenario_.warmup > 0 && time == scenario_.warmup) {
            for (auto& instance : instances_) instance->begin_measurement(time);
        }
        if (time / flush_period != last_flush_period_ &&
            seconds_since(last_flush_) >= min_flush_wall_s) {
            recorder_.flush();
            last_flush_period_ = time / flush_period;
            last_flush_ = Clock::now();
        }
        output_seconds_ += seconds_since(start);
        if (options_.on_progress) {
            options_.on_progress(
                RunProgress{time, scenario_.end(), committed_events, seconds_since(loop_start_)});
        }
    }

    [[nodiscard]] double output_seconds() const { return output_seconds_; }
    /// The instant of the last sample taken (-1 before the first).
    [[nodiscard]] engine::Ticks last_sample() const noexcept { return last_sample_; }
    /// The live edits applied, as [[edits]] blocks of a scenario file.
    [[nodiscard]] const std::string& live_edits_toml() const { return live_edits_toml_; }

private:
    /// Applies the queued edits from `time` on, through the model that owns each kind, and
    /// writes each down as the [[edits]] block that gives the same run from a file.
    void apply_live_edits(engine::Ticks time) {
        for (auto& request : options_.live_edits->take()) {
            const std::string model = request.kind.substr(0, request.kind.find('.'));
            const auto it = std::find(names_.begin(), names_.end(), model);
            const auto spec = schema_.edit_kinds.find(request.kind);
            if (it == names_.end() || spec == schema_.edit_kinds.end()) continue;
            const model::Edit edit{.kind = request.kind, .at = time, .values = request.values};
            if (!instances_[static_cast<std::size_t>(it - names_.begin())]->apply_live_edit(edit))
                continue;
            // A file's instants count from `start`, the simulation's from the warm-up's start.
            const double warmup_s = engine::seconds_from_ticks(scenario_.warmup);
            std::string block =
                fmt::format("\n[[edits]]  # applied live\nkind = \"{}\"\nat = \"{}s\"\n", edit.kind,
                            engine::seconds_from_ticks(time) - warmup_s);
            for (const auto& key : spec->second.keys) {
                if (!edit.values.has(key.name)) continue;
                const auto& value = edit.values.all().at(key.name);
                if (key.type == model::ValueType::duration) {
                    const double seconds = std::get<double>(value);
                    // `until` never (its default, 1e12 s) is left out, as a file would.
                    if (key.name == "until" && seconds >= 1e12) continue;
                    block += fmt::format("{} = \"{}s\"\n", key.name,
                                         key.name == "until" ? seconds - warmup_s : seconds);
                } else if (const auto* text = std::get_if<std::string>(&value)) {
                    block += fmt::format("{} = \"{}\"\n", key.name, *text);
                } else {
                    std::visit(
                        [&](const auto& v) { block += fmt::format("{} = {}\n", key.name, v); },
                        value);
                }
            }
            live_edits_toml_ += block;
        }
    }

    std::vector<std::unique_ptr<model::ModelInstance>>& instances_;
    std::vector<std::string> names_;
    engine::Recorder& recorder_;
    const model::Scenario& scenario_;
    const model::Schema& schema_;
    const RunOptions& options_;
    std::string live_edits_toml_;
    Clock::time_point loop_start_;
    Clock::time_point last_flush_;
    engine::Ticks last_flush_period_{0};
    double output_seconds_{0.0};
    engine::Ticks last_sample_{-1};
};

/// The models built into `assembly`, in the order in which they were (each after the models
/// whose services it needs), with their section names in the same order. The district is
/// loaded and offered when a model needs it. Throws model::InputError for a scenario with no
/// model, or a model whose needs nobody provides.
struct AssembledModels {
    std::vector<std::unique_ptr<model::ModelInstance>> instances;
    std::vector<std::string> order;
    std::vector<std::uint32_t> first_groups;  ///< each model's first locality group, ascending
};

AssembledModels assemble_models(const model::Scenario& scenario, const ModelRegistry& registry,
                                model::Assembly& assembly) {
    if (scenario.models.empty()) {
        std::vector<std::string> names;
        for (const auto& [name, unused] : registry.plugins()) names.push_back("[" + name + "]");
        throw model::InputError(model::Diagnostic{
            scenario.file.string(), 0, 0,
            fmt::format("the scenario has no model section ({})", fmt::join(names, ", "))});
    }

    // Models assemble after those whose services they need; the driver offers the district.
    std::vector<std::string> present;
    for (const auto& [name, unused] : scenario.models) present.push_back(name);
    const std::string district_service(district::District::service_name);
    std::vector<std::string> offered;
    bool needs_district = false;
    for (const auto& name : present) {
        for (const auto& need : registry.find(name)->needs()) {
            if (need.name != district_service || needs_district) continue;
            needs_district = true;
            if (scenario.district.empty()) {
                throw model::InputError(model::Diagnostic{
                    scenario.file.string(), 0, 0,
                    fmt::format(
                        "[{}] needs a district ({}): set the top-level key 'district' (e.g. "
                        "\"../../data/paser\")",
                        name, need.why)});
            }
        }
    }
    if (needs_district) offered.push_back(district_service);
    const std::vector<std::string> order =
        registry.assembly_order(present, offered, scenario.file.string());

    if (needs_district) {
        // Loaded on a worker thread while the models read their own input files (a route file,
        // say) before they need it.
        assembly.services.provide_later(
            std::async(std::launch::async, [&scenario] {
                auto loaded = std::make_shared<const district::LoadedDistrict>(
                    load_scenario_district(scenario));
                return std::shared_ptr<const district::District>(loaded, &loaded->district);
            }).share());
    }
    AssembledModels built{.instances = {}, .order = order, .first_groups = {}};
    for (const std::string& name : order) {
        if (built.first_groups.empty() || built.first_groups.back() != assembly.group_count())
            built.first_groups.push_back(assembly.group_count());
        std::vector<const model::Edit*> edits;
        for (const auto& edit : scenario.edits) {
            if (edit.kind.starts_with(name + ".")) edits.push_back(&edit);
        }
        built.instances.push_back(
            registry.find(name)->assemble(scenario.models.at(name), edits, assembly));
        if (scenario.warmup > 0 && !built.instances.back()->supports_warmup()) {
            throw model::InputError(model::Diagnostic{
                scenario.file.string(), 0, 0,
                fmt::format("[{}] cannot leave a warm-up out of its KPIs: remove the top-level "
                            "key 'warmup' (or run it without [{}])",
                            name, name)});
        }
    }
    // A district no model asked for yet is still waited for: its errors are the run's.
    if (needs_district) static_cast<void>(assembly.services.need<const district::District>());
    return built;
}

}  // namespace

void check_scenario_assembles(const model::Scenario& scenario, const ModelRegistry& registry) {
    model::Assembly assembly(scenario);
    static_cast<void>(assemble_models(scenario, registry, assembly));
}

RunResult run_scenario(const model::Scenario& scenario, const ModelRegistry& registry,
                       const RunOptions& options) {
    const auto total_start = Clock::now();
    const double cpu_start = engine::process_cpu_seconds();
    model::Assembly assembly(scenario);
    // In the order the models' needs give (providers first), with the names in that order.
    auto [instances, order, first_groups] = assemble_models(scenario, registry, assembly);
    // The lookahead whatever the partitioning (every group link cut), for the estimates below;
    // the run's own is that of the links its partitioning cuts.
    const engine::Ticks least = least_lookahead(assembly.group_links(), assembly.lookahead());
    const engine::Ticks worst_lookahead = least == engine::ticks_max ? scenario.end() : least;
    // Work estimated before it starts: a run that would not end in any useful time (telecom
    // sessions of 10 kB over Paser, say) is refused with the figure, not found out hours later.
    const auto& expected = assembly.expected_events_of_lp();
    const double expected_events = std::accumulate(expected.begin(), expected.end(), 0.0);
    if (options.max_expected_events > 0.0 && expected_events > options.max_expected_events) {
        throw model::InputError(model::Diagnostic{
            .file = scenario.file.string(),
            .message = fmt::format("the models expect about {:.3g} events, more than {:g}: "
                                   "shorten the run or coarsen the model, or pass --max-events to "
                                   "allow it",
                                   expected_events, options.max_expected_events)});
    }
    // Windows end at the lookahead and at every sample instant.
    const double expected_windows =
        static_cast<double>(scenario.end()) /
        static_cast<double>(std::max<engine::Ticks>(
            1, std::min(worst_lookahead, scenario.sample_interval > 0 ? scenario.sample_interval
                                                                      : worst_lookahead)));
    const std::size_t partitions =
        options.partitions > 0
            ? options.partitions
            : default_partition_count(options.threads, expected_events, expected_windows);
    const engine::PartitionMap partition_map =
        partition_by_group(assembly.group_of_lp(), assembly.expected_events_of_lp(), partitions,
                           first_groups, assembly.group_links(),
                           WindowLimits{.floor = assembly.lookahead(),
                                        .run = scenario.end(),
                                        .sample_interval = scenario.sample_interval});
    const engine::Ticks cut_lookahead = partition_lookahead(
        partition_map, assembly.group_of_lp(), assembly.group_links(), assembly.lookahead());
    const engine::Ticks lookahead =
        cut_lookahead == engine::ticks_max ? scenario.end() : cut_lookahead;

    const auto open_recorder = [&]() -> std::unique_ptr<engine::Recorder> {
        if (options.output.empty()) return std::make_unique<engine::NullRecorder>();
        return engine::open_hdf5_recorder(
            options.output, scenario.start_local + "+08:00",
            engine::Hdf5RecorderOptions{
                .overwrite = options.overwrite,
                // The first at 0, then one every interval, and one at the end if it is between.
                .expected_samples = static_cast<std::size_t>(
                    scenario.end() / scenario.sample_interval + 1 +
                    (scenario.end() % scenario.sample_interval != 0 ? 1 : 0)),
                .gzip_level = scenario.compressed_output ? 1 : 0});
    };
    // A selection of outputs opens the result once the models have declared what they write,
    // so a selector naming none of it is found before there is a file.
    engine::SelectingRecorder* selecting = nullptr;
    std::unique_ptr<engine::Recorder> recorder;
    if (scenario.outputs.everything()) {
        recorder = open_recorder();
    } else {
        auto wrapper = std::make_unique<engine::SelectingRecorder>(
            scenario.outputs, engine::seconds_from_ticks(scenario.sample_interval), open_recorder);
        selecting = wrapper.get();
        recorder = std::move(wrapper);
    }
    if (options.wrap_recorder) recorder = options.wrap_recorder(std::move(recorder));
    for (auto& instance : instances) instance->declare(*recorder);
    if (selecting != nullptr) {
        const auto declared = selecting->declared();
        if (const auto unmatched = scenario.outputs.unmatched(declared); !unmatched.empty()) {
            const std::string known = fmt::format("{}", fmt::join(declared, ", "));
            throw model::InputError(model::Diagnostic::at(
                scenario.outputs_location,
                fmt::format("key 'outputs': '{}' names no series or event table of this run "
                            "(it has {})",
                            unmatched.front(), known)));
        }
    }

    engine::Attributes provenance = options.provenance;
    provenance.text["scenario"] = scenario.resolved_toml;
    provenance.text["scenario_file"] = scenario.file.string();
    provenance.text["name"] = scenario.name;
    provenance.text["start"] = scenario.start_local + "+08:00";
    // The district as a canonical path: runs compare only on the same one (tuntas compare).
    if (!scenario.district.empty())
        provenance.text["district"] = std::filesystem::weakly_canonical(scenario.district).string();
    provenance.integers["seed"] = static_cast<std::int64_t>(scenario.seed);
    provenance.integers["threads"] = options.threads;
    provenance.integers["partitions"] = static_cast<std::int64_t>(partition_map.partition_count());
    provenance.reals["duration_s"] = engine::seconds_from_ticks(scenario.duration);
    provenance.reals["warmup_s"] = engine::seconds_from_ticks(scenario.warmup);
    provenance.reals["sample_interval_s"] = engine::seconds_from_ticks(scenario.sample_interval);
    provenance.reals["lookahead_s"] = engine::seconds_from_ticks(lookahead);
    recorder->begin(provenance);
    const double assembly_seconds = seconds_since(total_start);

    const model::Schema schema = registry.schema();
    SamplingObserver observer(instances, order, *recorder, scenario, schema, options);
    const engine::RunConfig config{.seed = scenario.seed,
                                   .end_time = scenario.end(),
                                   .lookahead = lookahead,
                                   .scheduler = engine::SchedulerKind::parallel,
                                   .threads = options.threads,
                                   .sample_interval = scenario.sample_interval};
    RunResult result;
    result.stats = assembly.simulation.run(config, partition_map, &observer);
    // The models account for what is left at the end (trips not arrived) at their last sample:
    // when the duration is not a multiple of the sample interval, the end gets one of its own.
    if (observer.last_sample() < scenario.end()) {
        observer.on_sample(scenario.end(), result.stats.committed_events);
    }
    for (const auto& instance : instances) {
        for (auto& kpi : instance->kpis(result.stats)) result.kpis.push_back(std::move(kpi));
    }
    for (const auto& instance : instances) {
        for (auto& warning : instance->warnings()) result.warnings.push_back(std::move(warning));
    }
    result.kpis.push_back({"engine.committed_events",
                           static_cast<double>(result.stats.committed_events), "events",
                           "events run"});

    engine::Attributes final_attributes;
    final_attributes.text["fingerprint"] = fmt::format("{:016x}", result.stats.fingerprint);
    final_attributes.integers["committed_events"] =
        static_cast<std::int64_t>(result.stats.committed_events);
    final_attributes.integers["windows"] = static_cast<std::int64_t>(result.stats.windows);
    final_attributes.integers["remote_events"] =
        static_cast<std::int64_t>(result.stats.remote_events);
    final_attributes.reals["wall_time_s"] = result.stats.wall_seconds;
    final_attributes.reals["output_time_s"] = observer.output_seconds();
    if (!result.warnings.empty()) {
        std::string text;
        for (const auto& warning : result.warnings) text += warning + "\n";
        final_attributes.text["warnings"] = text;
    }
    if (!observer.live_edits_toml().empty()) {
        final_attributes.text["live_edits"] = observer.live_edits_toml();
        final_attributes.text["scenario_with_live_edits"] =
            scenario.resolved_toml + observer.live_edits_toml();
    }
    const auto closing_start = Clock::now();
    recorder->finish(result.kpis, final_attributes);
    result.closing_seconds = seconds_since(closing_start);
    result.assembly_seconds = assembly_seconds;

    result.output = options.output;
    result.partitions = partition_map.partition_count();
    result.output_seconds = observer.output_seconds();
    result.total_seconds = seconds_since(total_start);
    result.cpu_seconds = engine::process_cpu_seconds() - cpu_start;
    result.writer_cpu_seconds = recorder->writer_cpu_seconds();
    return result;
}

}  // namespace tuntas::scenarios
