// tuntas._core: the native half of the `tuntas` Python package (tools/python/tuntas/). It
// loads, checks and runs scenarios in this process; everything a result holds is read back in
// Python (h5py, pandas, xarray). Built for /usr/bin/python3 with pybind11.
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <boost/math/distributions/students_t.hpp>
#include <fmt/format.h>
#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <toml++/toml.h>

#include "engine/duration.hpp"
#include "engine/hdf5_recorder.hpp"
#include "engine/ticks.hpp"
#include "models/api/input_error.hpp"
#include "scenarios/model_registry.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/scenario_run.hpp"

namespace py = pybind11;
using namespace tuntas;

namespace {

/// A scenario as Python gives it: a file, or TOML text standing for the file `origin`.
struct ScenarioSource {
    std::string file_or_text;
    bool is_text{false};
    std::string origin;  ///< for text: the file it stands for (messages, relative paths)
};

model::Scenario load(const ScenarioSource& source, const std::vector<std::string>& overrides,
                     const model::Schema& schema) {
    if (source.is_text)
        return scenarios::load_scenario_text(source.file_or_text, source.origin, overrides, schema);
    return scenarios::load_scenario(source.file_or_text, overrides, schema);
}

toml::table toml_table(const py::dict& dict, const std::string& prefix);
toml::array toml_array(const py::handle& list, const std::string& key);

/// Hands `value` as a TOML value (table, array, text, integer, real or boolean) to `put`.
template <class Put>
void put_toml(const py::handle& value, const std::string& key, const Put& put) {
    // bool before int: Python's True is an int too.
    if (py::isinstance<py::bool_>(value)) {
        put(value.cast<bool>());
    } else if (py::isinstance<py::int_>(value)) {
        put(value.cast<std::int64_t>());
    } else if (py::isinstance<py::float_>(value)) {
        put(value.cast<double>());
    } else if (py::isinstance<py::str>(value)) {
        put(value.cast<std::string>());
    } else if (const auto kind = std::string(py::str(value.get_type().attr("__name__")));
               kind == "datetime" || kind == "date" || kind == "time") {
        // tomllib reads `start = 2025-03-03T06:00:00` as a datetime: written back the same way.
        if (kind != "time" && (kind == "date" || value.attr("tzinfo").is_none())) {
            const toml::date date{value.attr("year").cast<int>(), value.attr("month").cast<int>(),
                                  value.attr("day").cast<int>()};
            if (kind == "date") {
                put(date);
                return;
            }
            put(toml::date_time{date, toml::time{value.attr("hour").cast<int>(),
                                                 value.attr("minute").cast<int>(),
                                                 value.attr("second").cast<int>(),
                                                 value.attr("microsecond").cast<int>() * 1000}});
        } else if (kind == "time") {
            put(toml::time{value.attr("hour").cast<int>(), value.attr("minute").cast<int>(),
                           value.attr("second").cast<int>(),
                           value.attr("microsecond").cast<int>() * 1000});
        } else {
            throw py::type_error(fmt::format(
                "scenario key '{}': a datetime with a time zone (scenarios take local time, "
                "WITA, without one)",
                key));
        }
    } else if (py::isinstance<py::dict>(value)) {
        put(toml_table(value.cast<py::dict>(), key));
    } else if (py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value)) {
        put(toml_array(value, key));
    } else {
        throw py::type_error(
            fmt::format("scenario key '{}': a {} is no TOML value (give text, a number, a bool, "
                        "a list or a dict)",
                        key, std::string(py::str(value.get_type().attr("__name__")))));
    }
}

toml::array toml_array(const py::handle& list, const std::string& key) {
    toml::array array;
    for (const auto& element : list) {
        put_toml(element, key + "[]",
                 [&](auto&& item) { array.push_back(std::forward<decltype(item)>(item)); });
    }
    return array;
}

toml::table toml_table(const py::dict& dict, const std::string& prefix) {
    toml::table table;
    for (const auto& [key, value] : dict) {
        const std::string name = py::str(key);
        const std::string dotted = prefix.empty() ? name : prefix + "." + name;
        put_toml(value, dotted, [&](auto&& item) {
            table.insert_or_assign(name, std::forward<decltype(item)>(item));
        });
    }
    return table;
}

/// `scenario` (a dict) as the TOML text of a scenario file.
std::string to_toml(const py::dict& scenario) {
    std::ostringstream text;
    text << toml::toml_formatter{toml_table(scenario, "")};
    return text.str();
}

/// Loads the scenario, assembles its models as a run would (every reference an edit makes is
/// checked) and returns the resolved scenario as TOML text.
std::string validate(const ScenarioSource& source, const std::vector<std::string>& overrides) {
    const auto registry = scenarios::default_registry();
    const auto scenario = load(source, overrides, registry.schema());
    py::gil_scoped_release unlocked;
    scenarios::check_scenario_assembles(scenario, registry);
    return scenario.resolved_toml;
}

/// Runs the scenario into `output` (an existing result kept unless `force`);
/// `progress(simulated_s, events)` every `every_s` of simulated time (0: never). The
/// interpreter is free for other Python threads while it runs.
py::dict run(const ScenarioSource& source, const std::vector<std::string>& overrides,
             const std::string& output, unsigned threads, double every_s,
             const std::function<void(double, std::uint64_t)>& progress, bool force) {
    const auto registry = scenarios::default_registry();
    const auto scenario = load(source, overrides, registry.schema());
    scenarios::RunOptions options;
    options.threads = threads;
    options.output = output;
    options.overwrite = force;
    const engine::Ticks every = engine::ticks_from_seconds(every_s);
    if (progress && every > 0) {
        options.on_progress = [&](const scenarios::RunProgress& p) {
            if (p.simulated % every != 0) return;
            py::gil_scoped_acquire locked;
            progress(engine::seconds_from_ticks(p.simulated), p.committed_events);
        };
    }
    scenarios::RunResult result;
    {
        py::gil_scoped_release unlocked;
        result = scenarios::run_scenario(scenario, registry, options);
    }
    py::dict out;
    out["output"] = result.output.string();
    out["fingerprint"] = fmt::format("{:016x}", result.stats.fingerprint);
    out["events"] = result.stats.committed_events;
    out["wall_s"] = result.total_seconds;
    out["warnings"] = result.warnings;
    return out;
}

/// The key a diagnostic's message names ("key 'traffic.demand_scale': ..."), or "".
std::string key_of(const std::string& message) {
    const std::string marker = "key '";
    const auto at = message.find(marker);
    if (at == std::string::npos) return {};
    const auto end = message.find('\'', at + marker.size());
    return end == std::string::npos ? std::string{}
                                    : message.substr(at + marker.size(), end - at - marker.size());
}

}  // namespace

PYBIND11_MODULE(_core, m) {
    m.doc() = "tuntas's native core: load, check and run scenarios (see the tuntas package).";
    py::class_<ScenarioSource>(m, "ScenarioSource")
        .def(py::init<std::string, bool, std::string>(), py::arg("file_or_text"),
             py::arg("is_text") = false, py::arg("origin") = std::string{})
        .def_readonly("file_or_text", &ScenarioSource::file_or_text)
        .def_readonly("is_text", &ScenarioSource::is_text)
        .def_readonly("origin", &ScenarioSource::origin);
    m.def("to_toml", &to_toml, py::arg("scenario"), "A scenario dict as TOML text.");
    m.def(
        "duration_s",
        [](const std::string& text) -> std::optional<double> {
            return engine::parse_duration_s(text);
        },
        py::arg("text"),
        "Seconds of a duration as scenarios write them (\"2h30min\"); None if none.");
    m.def(
        "t_quantile",
        [](double probability, double degrees_of_freedom) {
            if (!(degrees_of_freedom > 0.0) || !(probability > 0.0 && probability < 1.0))
                throw py::value_error("t_quantile: a probability in (0, 1) and df > 0");
            return boost::math::quantile(boost::math::students_t(degrees_of_freedom), probability);
        },
        py::arg("probability"), py::arg("degrees_of_freedom"),
        "Student's t quantile (Boost.Math), as `tuntas compare` uses it.");
    m.def("validate", &validate, py::arg("source"), py::arg("overrides"),
          "Checks a scenario as `tuntas validate` does; returns the resolved TOML text.");
    m.def("run", &run, py::arg("source"), py::arg("overrides"), py::arg("output"),
          py::arg("threads"), py::arg("every_s"), py::arg("progress"), py::arg("force"),
          "Runs a scenario into an HDF5 result; returns output, fingerprint, events, wall_s, "
          "warnings.");

    static py::exception<std::exception> error(m, "Error");
    static py::exception<model::InputError> input_error(m, "InputError", PyExc_ValueError);
    py::register_exception_translator([](std::exception_ptr thrown) {
        try {
            if (thrown) std::rethrow_exception(thrown);
        } catch (const py::builtin_exception&) {
            throw;  // pybind11's own (TypeError, ...)
        } catch (const py::error_already_set&) {
            throw;
        } catch (const model::InputError& bad) {
            // Every problem, located: file, line, column (0: unknown), key ("" when none).
            // An override came from run()'s `overrides`, not from a command line's --set.
            const auto pythonic = [](std::string text) {
                for (std::size_t at = text.find("--set "); at != std::string::npos;
                     at = text.find("--set ", at))
                    text.replace(at, 6, "override ");
                return text;
            };
            py::list problems;
            for (const auto& d : bad.diagnostics()) {
                py::dict problem;
                problem["file"] = pythonic(d.file);
                problem["line"] = d.line;
                problem["column"] = d.column;
                problem["key"] = key_of(d.message);
                problem["message"] = d.message;
                problems.append(problem);
            }
            py::object instance = py::handle(input_error.ptr())(py::str(pythonic(bad.what())));
            instance.attr("problems") = problems;
            for (const char* field : {"file", "line", "column", "key"}) {
                py::object value = py::none();
                if (!problems.empty()) value = py::dict(problems[0])[field];
                instance.attr(field) = value;
            }
            PyErr_SetObject(input_error.ptr(), instance.ptr());
        } catch (const engine::OutputExists& exists) {
            // The command line's advice (--force, -o) in Python's words.
            std::string text = exists.what();
            for (const auto& [cli, python] :
                 {std::pair<std::string, std::string>{"pass --force", "pass force=True"},
                  {"choose another -o", "choose another output"},
                  {"even with --force", "even with force=True"}}) {
                if (const auto at = text.find(cli); at != std::string::npos)
                    text.replace(at, cli.size(), python);
            }
            PyErr_SetString(PyExc_FileExistsError, text.c_str());
        } catch (const std::exception& other) {
            PyErr_SetString(error.ptr(), other.what());
        }
    });
}
