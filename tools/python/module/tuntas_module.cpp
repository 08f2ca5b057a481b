// The `tuntas` Python module: load a scenario, run it with a callback, get KPIs and series as
// NumPy arrays, read a result's KPIs. Built for /usr/bin/python3 with pybind11.
#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "engine/hdf5_recorder.hpp"
#include "engine/recorder.hpp"
#include "engine/result_file.hpp"
#include "engine/result_summary.hpp"
#include "models/api/input_error.hpp"
#include "scenarios/model_registry.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/scenario_run.hpp"

namespace py = pybind11;
using namespace tuntas;

namespace {

/// Keeps every sample of every series in memory while passing everything on.
class KeepingRecorder final : public engine::Recorder {
public:
    KeepingRecorder(std::unique_ptr<engine::Recorder> inner,
                    std::shared_ptr<std::map<std::string, std::vector<std::vector<double>>>> kept,
                    std::shared_ptr<std::vector<double>> times)
        : inner_(std::move(inner)),
          kept_(std::move(kept)),
          times_(std::move(times)) {}
    std::size_t add_series(const engine::SeriesSpec& spec) override {
        names_.push_back(spec.group + "/" + spec.name);
        return inner_->add_series(spec);
    }
    std::size_t add_event_table(const engine::TableSpec& spec) override {
        return inner_->add_event_table(spec);
    }
    void write_static_table(const engine::TableSpec& spec, const engine::TableColumns& c) override {
        inner_->write_static_table(spec, c);
    }
    void begin(const engine::Attributes& provenance) override { inner_->begin(provenance); }
    void append_sample(double time_s, std::vector<std::vector<double>> values) override {
        times_->push_back(time_s);
        for (std::size_t s = 0; s < values.size() && s < names_.size(); ++s)
            (*kept_)[names_[s]].push_back(values[s]);
        inner_->append_sample(time_s, std::move(values));
    }
    void append_rows(std::size_t table, engine::TableColumns columns) override {
        inner_->append_rows(table, std::move(columns));
    }
    void flush() override { inner_->flush(); }
    void finish(const std::vector<engine::Kpi>& kpis,
                const engine::Attributes& attributes) override {
        inner_->finish(kpis, attributes);
    }

private:
    std::unique_ptr<engine::Recorder> inner_;
    std::shared_ptr<std::map<std::string, std::vector<std::vector<double>>>> kept_;
    std::shared_ptr<std::vector<double>> times_;
    std::vector<std::string> names_;
};

py::array_t<double> to_array(const std::vector<std::vector<double>>& rows) {
    const std::size_t width = rows.empty() ? 0 : rows.front().size();
    py::array_t<double> array({rows.size(), width});
    auto view = array.mutable_unchecked<2>();
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t c = 0; c < width; ++c) view(r, c) = rows[r][c];
    }
    return array;
}

py::dict kpi_dict(const std::vector<engine::Kpi>& kpis) {
    py::dict out;
    for (const auto& kpi : kpis) out[py::str(kpi.name)] = py::make_tuple(kpi.value, kpi.unit);
    return out;
}

/// Runs a scenario; see the module docstring.
py::dict run(const std::string& scenario_file, const std::vector<std::string>& overrides,
             const std::string& output, unsigned threads, double every_minutes,
             const std::function<void(double, std::uint64_t)>& callback, bool force) {
    const auto registry = scenarios::default_registry();
    const auto scenario = scenarios::load_scenario(scenario_file, overrides, registry.schema());
    auto kept = std::make_shared<std::map<std::string, std::vector<std::vector<double>>>>();
    auto times = std::make_shared<std::vector<double>>();
    scenarios::RunOptions options;
    options.threads = threads;
    options.output = output;
    options.overwrite = force;
    options.wrap_recorder = [&](std::unique_ptr<engine::Recorder> inner) {
        return std::make_unique<KeepingRecorder>(std::move(inner), kept, times);
    };
    const engine::Ticks every = engine::ticks_from_seconds(every_minutes * 60.0);
    if (callback && every > 0) {
        options.on_progress = [&](const scenarios::RunProgress& p) {
            if (p.simulated % every == 0)
                callback(engine::seconds_from_ticks(p.simulated), p.committed_events);
        };
    }
    const auto result = scenarios::run_scenario(scenario, registry, options);
    py::dict series;
    for (const auto& [name, rows] : *kept) series[py::str(name)] = to_array(rows);
    py::dict out;
    out["kpis"] = kpi_dict(result.kpis);
    out["time_s"] = py::array_t<double>(static_cast<py::ssize_t>(times->size()), times->data());
    out["series"] = series;
    out["fingerprint"] = fmt::format("{:016x}", result.stats.fingerprint);
    out["output"] = output;
    out["events"] = result.stats.committed_events;
    return out;
}

/// A result's series `group/name` and its sample times (a finished result or a .partial).
py::tuple read_series(const std::string& file, const std::string& name) {
    const engine::ResultFile result(file);
    const std::vector<double> times = result.read_vector("/time");
    const engine::SeriesValues series = result.read_series("/series/" + name);
    py::array_t<double> time(static_cast<py::ssize_t>(times.size()));
    std::copy(times.begin(), times.end(), time.mutable_data());
    py::array_t<double> values({series.samples, series.entities});
    std::copy(series.values.begin(), series.values.end(), values.mutable_data());
    return py::make_tuple(time, values);
}

}  // namespace

PYBIND11_MODULE(tuntas, m) {
    m.doc() =
        "tuntas from Python: run(scenario, overrides, output, threads, every_minutes, callback) "
        "runs a scenario and returns {'kpis': {name: (value, unit)}, 'time_s': array, "
        "'series': {'group/name': array[sample, entity]}, 'fingerprint', 'output', 'events'}; "
        "kpis(result_file) reads a result's KPIs; series(result_file, 'group/name') its series.";
    m.def("run", &run, py::arg("scenario"), py::arg("overrides") = std::vector<std::string>{},
          py::arg("output") = std::string{}, py::arg("threads") = 1U,
          py::arg("every_minutes") = 60.0,
          py::arg("callback") = std::function<void(double, std::uint64_t)>{},
          py::arg("force") = false,
          "Run a scenario file with key=value overrides; the result goes to `output` when given "
          "(an existing result is kept, FileExistsError, unless force=True); "
          "`callback(simulated_s, events)` is called every `every_minutes` of simulated time. A "
          "bad scenario raises tuntas.InputError (a ValueError) naming file, line and key.");
    m.def(
        "kpis",
        [](const std::string& file) { return kpi_dict(engine::read_result_summary(file).kpis); },
        py::arg("result"), "A result file's KPIs: {name: (value, unit)}.");
    m.def("series", &read_series, py::arg("result"), py::arg("name"),
          "A result's series 'group/name' as (time_s, values[sample, entity]) NumPy arrays.");
    py::register_exception<std::exception>(m, "Error");
    py::register_exception<model::InputError>(m, "InputError", PyExc_ValueError);
    // The command line's advice (--force, -o) in Python's words.
    py::register_exception_translator([](std::exception_ptr error) {
        try {
            if (error) std::rethrow_exception(error);
        } catch (const engine::OutputExists& exists) {
            std::string text = exists.what();
            for (const auto& [cli, python] :
                 {std::pair<std::string, std::string>{"pass --force", "pass force=True"},
                  {"choose another -o", "choose another output"},
                  {"even with --force", "even with force=True"}}) {
                if (const auto at = text.find(cli); at != std::string::npos)
                    text.replace(at, cli.size(), python);
            }
            PyErr_SetString(PyExc_FileExistsError, text.c_str());
        }
    });
}
