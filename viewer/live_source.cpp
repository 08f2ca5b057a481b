#include "viewer/live_source.hpp"

#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>
#include <sstream>
#include <thread>
#include <type_traits>
#include <variant>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "scenarios/model_registry.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/scenario_run.hpp"

namespace tuntas::viewer {
namespace {

/// A knob turned, as the panel lists it: in a planner's terms, not the edit's raw values
/// (`until=1000000000000`, `share=0.47999998927116394`).
std::string knob_text(const scenarios::LiveEditRequest& request) {
    const auto& values = request.values;
    if (request.kind == "traffic.block_link") {
        std::string line = fmt::format("road link {} closed", values.integer("link"));
        if (values.has("until") && values.real("until") < 1e12)
            line += fmt::format(" until {:g} h into the run", values.real("until") / 3600.0);
        return line;
    }
    if (request.kind == "traffic.hold_trips")
        return fmt::format("{:.0f} % of the tours that start go", 100.0 * values.real("share"));
    if (request.kind == "waste.set_policy") return "waste dispatch: " + values.text("policy");
    std::string line = request.kind;
    for (const auto& [key, value] : values.all()) {
        std::visit(
            [&](const auto& v) {
                if constexpr (std::is_same_v<std::decay_t<decltype(v)>, double>) {
                    line += fmt::format(" {}={:g}", key, v);
                } else {
                    line += fmt::format(" {}={}", key, v);
                }
            },
            value);
    }
    return line;
}

/// A knob turned as the [[edits]] block of a scenario file, from `at_s` on (since the start;
/// its `until`, from the warm-up's start, made the same, and left out when it is never).
std::string edit_toml(const scenarios::LiveEditRequest& request, double at_s, double warmup_s) {
    toml::table edit;
    edit.insert("kind", request.kind);
    edit.insert("at", fmt::format("{}s", std::max(0.0, at_s)));
    for (const auto& [key, value] : request.values.all()) {
        if (key == "until") {
            const double until_s = std::get<double>(value);
            if (until_s < 1e12) edit.insert_or_assign(key, fmt::format("{}s", until_s - warmup_s));
            continue;
        }
        std::visit([&](const auto& v) { edit.insert_or_assign(key, v); }, value);
    }
    std::ostringstream text;
    text << "[[edits]]\n" << toml::toml_formatter{edit} << "\n";
    return text.str();
}

using Clock = std::chrono::steady_clock;

/// What the run shares with the viewer.
struct Shared {
    mutable std::mutex mutex;
    std::vector<std::shared_ptr<const Snapshot>> snapshots;
    Scene scene;
    bool ready{false};
    bool ended{false};
    std::string error;
    std::vector<engine::Kpi> kpis;
    std::atomic<double> speed{1.0};
    std::atomic<bool> closing{false};
    std::shared_ptr<scenarios::LiveEditQueue> edits = std::make_shared<scenarios::LiveEditQueue>();
    std::vector<std::string> requested;
    std::string requested_toml;  ///< the edits asked for, as [[edits]] from when they were asked
};

Table to_table(const engine::TableSpec& spec, const engine::TableColumns& columns) {
    Table table;
    for (std::size_t c = 0; c < spec.columns.size() && c < columns.size(); ++c) {
        std::visit(
            [&](const auto& values) {
                using T = typename std::decay_t<decltype(values)>::value_type;
                table.rows = values.size();
                if constexpr (std::is_same_v<T, std::string>) {
                    table.texts[spec.columns[c].name] = values;
                } else {
                    table.numbers[spec.columns[c].name].assign(values.begin(), values.end());
                }
            },
            columns[c]);
    }
    return table;
}

/// Passes everything on to the run's own recorder and hands each sample to the viewer, paced.
class TeeRecorder final : public engine::Recorder {
public:
    TeeRecorder(std::unique_ptr<engine::Recorder> inner, std::shared_ptr<Shared> shared)
        : inner_(std::move(inner)),
          shared_(std::move(shared)) {}

    std::size_t add_series(const engine::SeriesSpec& spec) override {
        names_.push_back(spec.group + "/" + spec.name);
        return inner_->add_series(spec);
    }
    std::size_t add_event_table(const engine::TableSpec& spec) override {
        return inner_->add_event_table(spec);
    }
    void write_static_table(const engine::TableSpec& spec,
                            const engine::TableColumns& columns) override {
        tables_[spec.group + "/" + spec.name] = to_table(spec, columns);
        inner_->write_static_table(spec, columns);
    }
    void begin(const engine::Attributes& provenance) override {
        {
            const std::lock_guard lock(shared_->mutex);
            shared_->scene = build_scene(tables_);
            shared_->ready = true;
        }
        inner_->begin(provenance);
        wall_ref_ = Clock::now();
    }
    void append_sample(double time_s, std::vector<std::vector<double>> values) override {
        auto snapshot = std::make_shared<Snapshot>();
        snapshot->time_s = time_s;
        for (std::size_t s = 0; s < values.size() && s < names_.size(); ++s)
            snapshot->series[names_[s]] = values[s];
        {
            const std::lock_guard lock(shared_->mutex);
            shared_->snapshots.push_back(std::move(snapshot));
        }
        inner_->append_sample(time_s, std::move(values));
        pace(time_s);
    }
    void append_rows(std::size_t table, engine::TableColumns columns) override {
        inner_->append_rows(table, std::move(columns));
    }
    void flush() override { inner_->flush(); }
    [[nodiscard]] double writer_cpu_seconds() const override {
        return inner_->writer_cpu_seconds();
    }
    void finish(const std::vector<engine::Kpi>& kpis,
                const engine::Attributes& final_attributes) override {
        inner_->finish(kpis, final_attributes);
        const std::lock_guard lock(shared_->mutex);
        shared_->kpis = kpis;
    }

private:
    /// Holds the run back so simulated time goes at the viewer's speed from the last change.
    void pace(double time_s) {
        for (;;) {
            const double speed = shared_->speed.load();
            if (shared_->closing.load() || std::isinf(speed)) return;
            if (speed != speed_) {  // a new speed counts from here
                speed_ = speed;
                wall_ref_ = Clock::now();
                sim_ref_ = time_s;
            }
            if (speed > 0.0) {
                const double due_s = (time_s - sim_ref_) / speed;
                const double wall_s =
                    std::chrono::duration<double>(Clock::now() - wall_ref_).count();
                if (wall_s >= due_s) return;
                std::this_thread::sleep_for(
                    std::chrono::duration<double>(std::min(due_s - wall_s, 0.05)));
            } else {
                std::this_thread::sleep_for(std::chrono::milliseconds(20));  // paused
            }
        }
    }

    std::unique_ptr<engine::Recorder> inner_;
    std::shared_ptr<Shared> shared_;
    std::vector<std::string> names_;
    std::map<std::string, Table> tables_;
    Clock::time_point wall_ref_{Clock::now()};
    double sim_ref_{0.0};
    double speed_{-1.0};
};

class LiveRun final : public LiveSource {
public:
    LiveRun(model::Scenario scenario, std::filesystem::path output, bool overwrite,
            unsigned threads)
        : scenario_(std::move(scenario)),
          output_(std::move(output)),
          shared_(std::make_shared<Shared>()) {
        thread_ = std::thread([this, overwrite, threads] {
            try {
                const auto registry = scenarios::default_registry();
                scenarios::RunOptions options;
                options.threads = threads;
                options.output = output_;
                options.overwrite = overwrite;
                options.provenance.text["viewer"] = "live";
                options.live_edits = shared_->edits;
                options.wrap_recorder = [this](std::unique_ptr<engine::Recorder> inner) {
                    return std::make_unique<TeeRecorder>(std::move(inner), shared_);
                };
                static_cast<void>(scenarios::run_scenario(scenario_, registry, options));
            } catch (const std::exception& e) {
                const std::lock_guard lock(shared_->mutex);
                shared_->error = e.what();
            }
            const std::lock_guard lock(shared_->mutex);
            shared_->ended = true;
        });
    }
    LiveRun(const LiveRun&) = delete;
    LiveRun& operator=(const LiveRun&) = delete;
    ~LiveRun() override {
        shared_->closing = true;  // the run goes on unpaced and completes its result
        if (thread_.joinable()) thread_.join();
    }

    [[nodiscard]] const Scene& scene() const override {
        return shared_->scene;
    }  // fixed once ready
    [[nodiscard]] bool ready() const override {
        const std::lock_guard lock(shared_->mutex);
        return shared_->ready;
    }
    [[nodiscard]] std::size_t samples() const override {
        const std::lock_guard lock(shared_->mutex);
        return shared_->snapshots.size();
    }
    [[nodiscard]] std::shared_ptr<const Snapshot> snapshot(std::size_t index) const override {
        const std::lock_guard lock(shared_->mutex);
        return shared_->snapshots.at(index);
    }
    [[nodiscard]] std::vector<engine::Kpi> kpis() const override {
        const std::lock_guard lock(shared_->mutex);
        return shared_->kpis;
    }
    [[nodiscard]] std::string start() const override { return scenario_.start_local + "+08:00"; }
    [[nodiscard]] double duration_s() const override {
        return engine::seconds_from_ticks(scenario_.duration);
    }
    [[nodiscard]] bool live() const override { return true; }
    [[nodiscard]] double warmup_s() const override {
        return engine::seconds_from_ticks(scenario_.warmup);
    }
    [[nodiscard]] std::vector<EditMark> edits() const override {
        const std::lock_guard lock(shared_->mutex);
        if (!shared_->ready) return {};
        auto marks =
            edit_marks(scenario_.resolved_toml, scenario_.start_local, shared_->scene, false);
        auto asked =
            edit_marks(shared_->requested_toml, scenario_.start_local, shared_->scene, true);
        marks.insert(marks.end(), asked.begin(), asked.end());
        return marks;
    }
    [[nodiscard]] std::string describe() const override {
        return fmt::format("{} (live{}, writing {})", scenario_.file.filename().string(),
                           ended() ? ", ended" : "", output_.string());
    }
    void set_speed(double simulated_s_per_wall_s) override {
        shared_->speed = simulated_s_per_wall_s;
    }
    void request_edit(scenarios::LiveEditRequest request) override {
        std::string line = knob_text(request);
        {
            const std::lock_guard lock(shared_->mutex);
            shared_->requested.push_back(std::move(line));
            // For the map: applied from the next sample, about where the run is now.
            const double now_s =
                shared_->snapshots.empty() ? 0.0 : shared_->snapshots.back()->time_s;
            shared_->requested_toml +=
                edit_toml(request, now_s, engine::seconds_from_ticks(scenario_.warmup));
        }
        shared_->edits->push(std::move(request));
    }
    [[nodiscard]] std::vector<std::string> requested_edits() const override {
        const std::lock_guard lock(shared_->mutex);
        return shared_->requested;
    }
    [[nodiscard]] std::string error() const override {
        const std::lock_guard lock(shared_->mutex);
        return shared_->error;
    }
    [[nodiscard]] bool ended() const override {
        const std::lock_guard lock(shared_->mutex);
        return shared_->ended;
    }

private:
    model::Scenario scenario_;
    std::filesystem::path output_;
    std::shared_ptr<Shared> shared_;
    std::thread thread_;
};

}  // namespace

std::unique_ptr<LiveSource> start_live(const std::filesystem::path& scenario,
                                       const std::vector<std::string>& overrides,
                                       const std::filesystem::path& output, bool overwrite,
                                       unsigned threads) {
    const auto registry = scenarios::default_registry();
    auto loaded = scenarios::load_scenario(scenario, overrides, registry.schema());
    return std::make_unique<LiveRun>(std::move(loaded), output, overwrite, threads);
}

}  // namespace tuntas::viewer
