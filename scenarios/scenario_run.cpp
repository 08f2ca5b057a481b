#include "scenarios/scenario_run.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <future>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include <fmt/format.h>

#include "engine/cpu_time.hpp"
#include "engine/disjoint_sets.hpp"
#include "engine/hdf5_recorder.hpp"
#include "engine/null_recorder.hpp"
#include "engine/partition_map.hpp"
#include "engine/run_observer.hpp"
#include "engine/selecting_recorder.hpp"
#include "models/api/assembly.hpp"
#include "models/api/input_error.hpp"
#include "models/district/district_io.hpp"
#include "scenarios/partitioning.hpp"
#include "scenarios/rank_packet.hpp"
#include "scenarios/scenario_district.hpp"

namespace tuntas::scenarios {
namespace {

using Clock = std::chrono::steady_clock;

/// Results are flushed at the end of a simulated hour once a second of work has passed since
/// the last flush: a run that dies loses at most its last hour, or its last second or so of
/// work when that covers more; a run of less than a second never flushes (a flush compresses
/// the chunks it finds part-full, which a later flush compresses again, and the first one puts
/// the file in SWMR mode, which a run that never flushes skips: Hdf5Recorder::finish).
constexpr engine::Ticks flush_period = 3600 * engine::ticks_per_second;
constexpr double min_flush_wall_s = 1.0;

/// The wall time between flushes: min_flush_wall_s, or none under the test hook
/// TUNTAS_TEST_FLUSH_EVERY_HOUR=1 (tests of the SWMR path need a short run that flushed).
double flush_wall_s() {
    const char* every_hour = std::getenv("TUNTAS_TEST_FLUSH_EVERY_HOUR");
    return every_hour != nullptr && std::string_view(every_hour) == "1" ? 0.0 : min_flush_wall_s;
}

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Event rows as a model appended them: (table, columns), in order.
using AppendedRows = std::vector<std::pair<std::size_t, engine::TableColumns>>;

/// What a model's sample() hands the recorder, kept to be shipped to rank 0 in a run over
/// ranks: its event rows. A model samples into nothing else.
class RowCapture final : public engine::Recorder {
public:
    std::size_t add_series(const engine::SeriesSpec& /*spec*/) override { return refuse(); }
    std::size_t add_event_table(const engine::TableSpec& /*spec*/) override { return refuse(); }
    void write_static_table(const engine::TableSpec& /*spec*/,
                            const engine::TableColumns& /*columns*/) override {
        refuse();
    }
    void begin(const engine::Attributes& /*provenance*/) override { refuse(); }
    void append_sample(double /*time_s*/, std::vector<std::vector<double>> /*values*/) override {
        refuse();
    }
    void append_rows(std::size_t table, engine::TableColumns columns) override {
        rows.emplace_back(table, std::move(columns));
    }
    void flush() override {}
    void finish(const std::vector<engine::Kpi>& /*kpis*/,
                const engine::Attributes& /*final_attributes*/) override {
        refuse();
    }

    AppendedRows rows;

private:
    [[noreturn]] static std::size_t refuse() {
        throw std::logic_error("a model's sample() may only append event rows");
    }
};

/// One model's sample as it crosses ranks: its series by declaration index and its rows.
struct ModelSample {
    std::vector<std::pair<std::size_t, std::vector<double>>> series;
    AppendedRows rows;
};

/// Samples every model at the scenario's interval and feeds the recorder; flushes at the ends of
/// simulated hours (no more than once a second of work) so a run that dies keeps what it did.
class SamplingObserver final : public engine::RunObserver {
public:
    /// `owned` (one per model): the models whose LPs run in this process, which alone it
    /// changes and samples; over ranks (options.transport) the others' samples come from
    /// their ranks, to rank 0.
    SamplingObserver(std::vector<std::unique_ptr<model::ModelInstance>>& instances,
                     std::vector<std::string> names, std::vector<bool> owned,
                     engine::Recorder& recorder, const model::Scenario& scenario,
                     const model::Schema& schema, const RunOptions& options)
        : instances_(instances),
          owned_(std::move(owned)),
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
        for (std::size_t i = 0; i < instances_.size(); ++i) {
            if (owned_[i]) instances_[i]->between_windows(time);
        }
        engine::SampleFrame frame;
        if (options_.transport == nullptr) {
            for (auto& instance : instances_) instance->sample(time, frame, recorder_);
        } else {
            // Over ranks, progress counts every rank's events.
            committed_events = sample_over_ranks(time, frame, committed_events);
        }
        // Results count time from `start`: the warm-up's samples are at times <= 0.
        if (writes_result()) {
            recorder_.append_sample(engine::seconds_from_ticks(time - scenario_.warmup),
                                    frame.take());
        }
        if (scenario_.warmup > 0 && time == scenario_.warmup) {
            for (std::size_t i = 0; i < instances_.size(); ++i) {
                if (owned_[i]) instances_[i]->begin_measurement(time);
            }
        }
        if (time / flush_period != last_flush_period_ &&
            seconds_since(last_flush_) >= flush_wall_s_) {
            recorder_.flush();
            last_flush_period_ = time / flush_period;
            last_flush_ = Clock::now();
        }
        output_seconds_ += seconds_since(start);
        if (options_.on_progress && writes_result()) {
            options_.on_progress(
                RunProgress{time, scenario_.end(), committed_events, seconds_since(loop_start_)});
        }
    }

    [[nodiscard]] double output_seconds() const { return output_seconds_; }
    /// False on the ranks other than 0 of a run over ranks.
    [[nodiscard]] bool writes_result() const {
        return options_.transport == nullptr || options_.transport->rank() == 0;
    }
    /// The instant of the last sample taken (-1 before the first).
    [[nodiscard]] engine::Ticks last_sample() const noexcept { return last_sample_; }
    /// The live edits applied, as [[edits]] blocks of a scenario file.
    [[nodiscard]] const std::string& live_edits_toml() const { return live_edits_toml_; }

private:
    /// This rank's models sample into a packet of their own; rank 0 gets every rank's and puts
    /// them into `frame` and the recorder (each model's rows in the order it appended them).
    /// Returns the events run on every rank (on rank 0; `committed_events`, this rank's, on the
    /// others).
    std::uint64_t sample_over_ranks(engine::Ticks time, engine::SampleFrame& frame,
                                    std::uint64_t committed_events) {
        RankPacket packet;
        packet.put_u64(committed_events);
        for (std::size_t i = 0; i < instances_.size(); ++i) {
            if (!owned_[i]) continue;
            // Rank 0's own models sample straight into the frame and the recorder: each event
            // table is one model's, so its rows keep their order.
            if (writes_result()) {
                instances_[i]->sample(time, frame, recorder_);
                continue;
            }
            engine::SampleFrame own;
            RowCapture rows;
            instances_[i]->sample(time, own, rows);
            packet.put_u64(i);
            const auto series = own.take_set();
            packet.put_u64(series.size());
            for (const auto& [index, values] : series) {
                packet.put_u64(index);
                packet.put_doubles(values);
            }
            packet.put_u64(rows.rows.size());
            for (const auto& [table, columns] : rows.rows) {
                packet.put_u64(table);
                packet.put_columns(columns);
            }
        }
        auto parts = options_.transport->gather_to_root(packet.take());
        if (!writes_result()) return committed_events;
        std::vector<ModelSample> by_model(instances_.size());
        std::uint64_t all_committed = 0;
        for (auto& part : parts) {
            RankPacket in(std::move(part));
            all_committed += in.get_u64();
            while (!in.at_end()) {
                ModelSample& sample = by_model.at(in.get_u64());
                for (std::uint64_t k = in.get_u64(); k > 0; --k) {
                    const std::size_t index = in.get_u64();
                    sample.series.emplace_back(index, in.get_doubles());
                }
                for (std::uint64_t k = in.get_u64(); k > 0; --k) {
                    const std::size_t table = in.get_u64();
                    sample.rows.emplace_back(table, in.get_columns());
                }
            }
        }
        for (auto& sample : by_model) {
            for (auto& [table, columns] : sample.rows)
                recorder_.append_rows(table, std::move(columns));
            for (auto& [index, values] : sample.series) frame.set_at(index, std::move(values));
        }
        return all_committed;
    }

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
    std::vector<bool> owned_;
    std::vector<std::string> names_;
    engine::Recorder& recorder_;
    const model::Scenario& scenario_;
    const model::Schema& schema_;
    const RunOptions& options_;
    std::string live_edits_toml_;
    Clock::time_point loop_start_;
    Clock::time_point last_flush_;
    double flush_wall_s_{flush_wall_s()};
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
    /// Each model's first locality group, then the group count (one more than models).
    std::vector<std::uint32_t> group_begin;
    /// Per model: models with the same number share memory between their LPs (a need with
    /// ServiceNeed::shares_state) and run in one process.
    std::vector<std::size_t> cluster_of_model;
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
    AssembledModels built{
        .instances = {}, .order = order, .group_begin = {}, .cluster_of_model = {}};
    for (const std::string& name : order) {
        built.group_begin.push_back(assembly.group_count());
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
    built.group_begin.push_back(assembly.group_count());
    // Models that share state with the model providing a service they need: one cluster.
    engine::DisjointSets clusters(order.size());
    for (std::size_t m = 0; m < order.size(); ++m) {
        for (const auto& need : registry.find(order[m])->needs()) {
            if (!need.shares_state) continue;
            for (std::size_t p = 0; p < order.size(); ++p) {
                const auto provides = registry.find(order[p])->provides();
                if (std::find(provides.begin(), provides.end(), need.name) != provides.end())
                    clusters.join(m, p);
            }
        }
    }
    built.cluster_of_model = clusters.numbered();
    // A district no model asked for yet is still waited for: its errors are the run's.
    if (needs_district) static_cast<void>(assembly.services.need<const district::District>());
    return built;
}

/// A run over ranks: every model's KPIs and warnings from the rank it ran on, on rank 0, in
/// model order (the other ranks' `result` gets none).
void gather_summaries(engine::RankTransport& transport,
                      const std::vector<std::unique_ptr<model::ModelInstance>>& instances,
                      const std::vector<bool>& owned, RunResult& result) {
    RankPacket packet;
    for (std::size_t i = 0; i < instances.size(); ++i) {
        if (!owned[i]) continue;
        packet.put_u64(i);
        const auto kpis = instances[i]->kpis(result.stats);
        packet.put_u64(kpis.size());
        for (const auto& kpi : kpis) {
            packet.put_string(kpi.name);
            packet.put_double(kpi.value);
            packet.put_string(kpi.unit);
            packet.put_string(kpi.description);
        }
        const auto warnings = instances[i]->warnings();
        packet.put_u64(warnings.size());
        for (const auto& warning : warnings) packet.put_string(warning);
    }
    auto parts = transport.gather_to_root(packet.take());
    if (transport.rank() != 0) return;
    std::vector<std::vector<engine::Kpi>> kpis(instances.size());
    std::vector<std::vector<std::string>> warnings(instances.size());
    for (auto& part : parts) {
        RankPacket in(std::move(part));
        while (!in.at_end()) {
            const std::size_t i = in.get_u64();
            for (std::uint64_t k = in.get_u64(); k > 0; --k) {
                engine::Kpi kpi;
                kpi.name = in.get_string();
                kpi.value = in.get_double();
                kpi.unit = in.get_string();
                kpi.description = in.get_string();
                kpis.at(i).push_back(std::move(kpi));
            }
            for (std::uint64_t k = in.get_u64(); k > 0; --k)
                warnings.at(i).push_back(in.get_string());
        }
    }
    for (auto& model : kpis) {
        for (auto& kpi : model) result.kpis.push_back(std::move(kpi));
    }
    for (auto& model : warnings) {
        for (auto& warning : model) result.warnings.push_back(std::move(warning));
    }
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
    // The models and the engine's state, owned here so that options.free_state may leave them.
    auto assembly_owned = std::make_unique<model::Assembly>(scenario);
    model::Assembly& assembly = *assembly_owned;
    // In the order the models' needs give (providers first), with the names in that order.
    // Named references, not a structured binding: the lambdas below capture them (clang 14
    // cannot capture structured bindings).
    auto assembled_owned =
        std::make_unique<AssembledModels>(assemble_models(scenario, registry, assembly));
    AssembledModels& assembled = *assembled_owned;
    auto& instances = assembled.instances;
    const auto& order = assembled.order;
    const auto& group_begin = assembled.group_begin;
    const auto& cluster_of_model = assembled.cluster_of_model;
    // The partitioning's strata: each model's first group, once (a model with no group has
    // the next one's).
    std::vector<std::uint32_t> first_groups(group_begin.begin(), group_begin.end() - 1);
    first_groups.erase(std::unique(first_groups.begin(), first_groups.end()), first_groups.end());
    engine::RankTransport* const transport = options.transport;
    if (transport != nullptr && options.live_edits)
        throw std::logic_error("run_scenario: live edits are not applied in a run over ranks");
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
    const auto partitions_for = [&](double events) {
        return options.partitions > 0
                   ? options.partitions
                   : default_partition_count(options.threads, events, expected_windows);
    };
    const WindowLimits window_limits{.floor = assembly.lookahead(),
                                     .run = scenario.end(),
                                     .sample_interval = scenario.sample_interval};
    // In one process every model is this process's; over ranks each model runs on one.
    std::vector<bool> owned(instances.size(), true);
    RunResult result;
    const engine::PartitionMap partition_map = [&] {
        if (transport == nullptr) {
            return partition_by_group(assembly.group_of_lp(), assembly.expected_events_of_lp(),
                                      partitions_for(expected_events), first_groups,
                                      assembly.group_links(), window_limits);
        }
        auto ranked = partition_for_ranks(assembly.group_of_lp(), assembly.expected_events_of_lp(),
                                          group_begin, cluster_of_model, transport->size(),
                                          partitions_for, assembly.group_links(), window_limits);
        for (std::size_t m = 0; m < instances.size(); ++m) {
            owned[m] = ranked.rank_of_model[m] == transport->rank();
            result.rank_of_model.emplace_back(order[m], ranked.rank_of_model[m]);
        }
        result.expected_events_of_rank = ranked.events_of_rank;
        return std::move(ranked.map);
    }();
    const bool writes_result = transport == nullptr || transport->rank() == 0;
    const engine::Ticks cut_lookahead = partition_lookahead(
        partition_map, assembly.group_of_lp(), assembly.group_links(), assembly.lookahead());
    const engine::Ticks lookahead =
        cut_lookahead == engine::ticks_max ? scenario.end() : cut_lookahead;

    const auto open_recorder = [&]() -> std::unique_ptr<engine::Recorder> {
        if (options.output.empty() || !writes_result)
            return std::make_unique<engine::NullRecorder>();
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
    if (options.wrap_recorder && writes_result)
        recorder = options.wrap_recorder(std::move(recorder));
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
    if (transport != nullptr) provenance.integers["ranks"] = transport->size();
    provenance.reals["duration_s"] = engine::seconds_from_ticks(scenario.duration);
    provenance.reals["warmup_s"] = engine::seconds_from_ticks(scenario.warmup);
    provenance.reals["sample_interval_s"] = engine::seconds_from_ticks(scenario.sample_interval);
    provenance.reals["lookahead_s"] = engine::seconds_from_ticks(lookahead);
    recorder->begin(provenance);
    const double assembly_seconds = seconds_since(total_start);

    const model::Schema schema = registry.schema();
    SamplingObserver observer(instances, order, owned, *recorder, scenario, schema, options);
    const engine::RunConfig config{.seed = scenario.seed,
                                   .end_time = scenario.end(),
                                   .lookahead = lookahead,
                                   .scheduler = engine::SchedulerKind::parallel,
                                   .threads = options.threads,
                                   .sample_interval = scenario.sample_interval,
                                   .transport = transport};
    result.stats = assembly.simulation.run(config, partition_map, &observer);
    // The models account for what is left at the end (trips not arrived) at their last sample:
    // when the duration is not a multiple of the sample interval, the end gets one of its own.
    if (observer.last_sample() < scenario.end()) {
        // Over ranks each rank's count is summed: the run's total once, from rank 0.
        observer.on_sample(scenario.end(), transport != nullptr && transport->rank() != 0
                                               ? 0
                                               : result.stats.committed_events);
    }
    if (transport == nullptr) {
        for (const auto& instance : instances) {
            for (auto& kpi : instance->kpis(result.stats)) result.kpis.push_back(std::move(kpi));
        }
        for (const auto& instance : instances) {
            for (auto& warning : instance->warnings())
                result.warnings.push_back(std::move(warning));
        }
    } else {
        gather_summaries(*transport, instances, owned, result);
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
    if (!options.free_state) {
        // Left to the process's end, which takes its memory back whole.
        static_cast<void>(assembled_owned.release());
        static_cast<void>(assembly_owned.release());
    }
    return result;
}

}  // namespace tuntas::scenarios
