#include "scenarios/scenario_loader.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "engine/duration.hpp"
#include "models/api/closest_name.hpp"
#include "models/api/input_error.hpp"
#include "models/api/path_sandbox.hpp"
#include "scenarios/clock_time.hpp"

namespace tuntas::scenarios {
namespace fs = std::filesystem;
using model::Diagnostic;
using model::Edit;
using model::KeySpec;
using model::outside_sandbox;
using model::Scenario;
using model::Schema;
using model::SectionValues;
using model::SourceLocation;
using model::ValueType;

std::vector<KeySpec> top_level_keys() {
    return {
        {"name", ValueType::text, "1", {}, {}, std::string{}, "a title for planners' tables"},
        {"description", ValueType::text, "1", {}, {}, std::string{}, "what the scenario is for"},
        {"district",
         ValueType::text,
         "1",
         {},
         {},
         std::string{},
         "district model folder (empty for models that need none)",
         true},
        {"population_scale", ValueType::real, "1", 0.01, 10.0, 1.0,
         "multiplies every zone's population, for every model (traffic's tours, waste's "
         "generation, telecom's users)"},
        {"population_growth",
         ValueType::text,
         "1",
         {},
         {},
         std::string{},
         "a CSV of `zone,factor` rows (zone id or kecamatan name): those zones' populations "
         "times their factor, after population_scale",
         true},
        {"holidays",
         ValueType::text,
         "1",
         {},
         {},
         std::string{},
         "public holidays, comma-separated local dates (\"2025-03-31, 2025-04-01\"): each model "
         "runs its holiday demand on them"},
        {"start",
         ValueType::datetime,
         "WITA",
         {},
         {},
         std::string{"2025-01-06T00:00:00"},
         "local start date-time (WITA, UTC+8)"},
        {"duration",
         ValueType::duration,
         "s",
         1e-6,
         366.0 * 86400.0,
         {},
         "how long to measure from `start`, e.g. \"24h\""},
        {"warmup", ValueType::duration, "s", 0.0, 366.0 * 86400.0, 0.0,
         "simulated before `start` and not measured, so the run begins in a loaded state "
         "(roads in use, containers part full): KPIs and tables count from `start`; series keep "
         "it at times <= 0. A multiple of sample_interval"},
        {"seed", ValueType::integer, "1", 0.0, {}, std::int64_t{1}, "seeds every random stream"},
        {"sample_interval", ValueType::duration, "s", 1e-3, 366.0 * 86400.0, 300.0,
         "time between samples of the time series, e.g. \"5min\""},
        {"outputs",
         ValueType::text,
         "1",
         {},
         {},
         std::string{"series,events"},
         "what the result holds besides KPIs and static tables, comma-separated: series, "
         "events, a model (traffic) or a dataset (traffic/link_flow, traffic/trips); kpi for "
         "nothing more"},
        {"compression",
         ValueType::text,
         "1",
         {},
         {},
         std::string{"gzip"},
         "how the result's series and event tables are stored: gzip (shuffled and deflated: "
         "half the bytes of none) or none (as they are: larger files that readers may map)"},
    };
}

namespace {

constexpr std::string_view set_prefix = "--set ";

// ---- diagnostics -----------------------------------------------------------------------------

class Collector {
public:
    /// Where each --set override came from, by dotted key ("mm1.queues" -> "--set mm1.queues=x"):
    /// toml++ does not keep a node's source when it is copied into the scenario.
    std::map<std::string, std::string> set_origins;
    /// The scenario file that set each dotted key (a variant's over its base's): a relative
    /// path is taken from that file's folder once toml++ has lost the node's source.
    std::map<std::string, std::string> file_origins;
    /// The scenario file asked for: where a value is said to be when toml++ lost its source
    /// (a table copied from a variant into its base).
    std::string root_file;
    /// Where each key of an [[edits]] table appended from a variant to its base's was written
    /// ("edits[3].road" -> file, line, column): toml++ does not keep the sources of the copies.
    std::map<std::string, SourceLocation> edit_origins;

    /// Reports a problem with the value of `qualified` (its node, or the --set that gave it).
    void error(const toml::node& node, const std::string& qualified, std::string message) {
        if (!node.source().path) {
            const auto origin = set_origins.find(qualified);
            if (origin != set_origins.end()) {
                error(origin->second, std::move(message));
                return;
            }
            const auto edit = edit_origins.find(qualified);
            if (edit != edit_origins.end() && !edit->second.file.empty()) {
                error(Diagnostic::at(edit->second, std::move(message)));
                return;
            }
        }
        error(node.source(), std::move(message));
    }

    void error(const toml::source_region& where, std::string message) {
        Diagnostic d;
        const std::string path = where.path ? *where.path : std::string{"<scenario>"};
        d.file = path;
        if (!path.starts_with(set_prefix)) {
            d.line = static_cast<int>(where.begin.line);
            d.column = static_cast<int>(where.begin.column);
        }
        d.message = std::move(message);
        diagnostics_.push_back(std::move(d));
    }
    void error(const std::string& file, std::string message) {
        diagnostics_.push_back(Diagnostic{file, 0, 0, std::move(message)});
    }
    void error(Diagnostic located) { diagnostics_.push_back(std::move(located)); }
    [[nodiscard]] bool empty() const { return diagnostics_.empty(); }
    void throw_if_any() {
        if (diagnostics_.empty()) return;
        std::stable_sort(
            diagnostics_.begin(), diagnostics_.end(), [](const Diagnostic& a, const Diagnostic& b) {
                return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
            });
        throw model::InputError(std::move(diagnostics_));
    }

private:
    std::vector<Diagnostic> diagnostics_;
};

/// Where a node was written: its file, line and column (the --set text for an override).
SourceLocation location_of(const toml::source_region& where, const std::string& qualified,
                           const Collector& collector) {
    if (!where.path) {
        const auto origin = collector.set_origins.find(qualified);
        if (origin != collector.set_origins.end()) return {origin->second, 0, 0};
        const auto edit = collector.edit_origins.find(qualified);
        if (edit != collector.edit_origins.end() && !edit->second.file.empty()) return edit->second;
        return {collector.root_file, 0, 0};
    }
    if (where.path->starts_with(set_prefix)) return {*where.path, 0, 0};
    return {*where.path, static_cast<int>(where.begin.line), static_cast<int>(where.begin.column)};
}

/// True for a district given by name: one path component of letters, digits, '-', '_' or '.'
/// (not "." or "..").
bool is_district_name(const std::string& text) {
    return !text.empty() && text != "." && text != ".." &&
           std::all_of(text.begin(), text.end(), [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' ||
                      c == '.';
           });
}

/// Where named districts live: $TUNTAS_DATA, else the repository's data/ folder.
fs::path named_districts_folder() {
    if (const char* env = std::getenv("TUNTAS_DATA"); env != nullptr && *env != '\0') return env;
    return TUNTAS_DATA_DIR;
}

std::string unknown_key_message(const std::string& qualified, const std::string& key,
                                const std::vector<std::string>& known) {
    const std::string best = model::closest_name(key, known);
    if (best.empty()) return fmt::format("unknown key '{}'", qualified);
    return fmt::format("unknown key '{}' (did you mean '{}'?)", qualified, best);
}

// ---- reading files, extends and overrides ----------------------------------------------------

toml::table parse_file(const fs::path& file, Collector& collector) {
    try {
        return toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
        collector.error(e.source(), std::string(e.description()));
        return {};
    }
}

void merge_into(toml::table& base, const toml::table& variant, Collector& collector) {
    for (auto&& [key, value] : variant) {
        toml::node* existing = base.get(key.str());
        if (key.str() == "edits" && existing == nullptr && value.is_array()) {
            base.insert_or_assign(key, toml::array{});  // appended to below, sources noted
            existing = base.get(key.str());
        }
        if (existing != nullptr && existing->is_table() && value.is_table()) {
            merge_into(*existing->as_table(), *value.as_table(), collector);
        } else if (key.str() == "edits" && existing != nullptr && existing->is_array() &&
                   value.is_array()) {
            for (auto&& edit : *value.as_array()) {
                const std::size_t index = existing->as_array()->size();
                if (const toml::table* table = edit.as_table()) {
                    const auto located = [](const toml::source_region& where) {
                        return where.path
                                   ? SourceLocation{*where.path, static_cast<int>(where.begin.line),
                                                    static_cast<int>(where.begin.column)}
                                   : SourceLocation{};
                    };
                    const std::string prefix = fmt::format("edits[{}]", index);
                    collector.edit_origins[prefix + "."] = located(table->source());
                    for (auto&& [name, node] : *table) {
                        collector.edit_origins[prefix + "." + std::string(name.str())] =
                            located(node.source());
                    }
                }
                existing->as_array()->push_back(edit);
            }
        } else {
            base.insert_or_assign(key, value);
        }
    }
}

/// Records `file` as the origin of every key of `table` (tables walked, arrays not).
void record_origins(const toml::table& table, const std::string& prefix, const fs::path& file,
                    Collector& collector) {
    for (auto&& [key, value] : table) {
        const std::string dotted =
            prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
        if (value.is_table()) {
            record_origins(*value.as_table(), dotted, file, collector);
        } else {
            collector.file_origins[dotted] = file.string();
        }
    }
}

toml::table with_extends(toml::table table, const fs::path& file, Collector& collector,
                         std::set<fs::path>& chain);

toml::table load_with_extends(const fs::path& file, Collector& collector,
                              std::set<fs::path>& chain) {
    if (const auto why = outside_sandbox(file)) {
        collector.error(file.string(), *why);
        return {};
    }
    if (!fs::exists(file)) {
        collector.error(file.string(), "no such scenario file");
        return {};
    }
    if (!fs::is_regular_file(file)) {
        collector.error(file.string(), "not a regular file (a device, folder or pipe)");
        return {};
    }
    const fs::path canonical = fs::weakly_canonical(file);
    if (chain.contains(canonical)) {
        collector.error(file.string(), "'extends' loops back to this file");
        return {};
    }
    chain.insert(canonical);
    return with_extends(parse_file(file, collector), file, collector, chain);
}

/// `table`, read from `file` (a file, or the name scenario text goes by), merged over the base
/// its `extends` names (relative to `file`'s folder), recursively.
toml::table with_extends(toml::table table, const fs::path& file, Collector& collector,
                         std::set<fs::path>& chain) {
    const toml::node* extends = table.get("extends");
    if (extends == nullptr) {
        record_origins(table, "", file, collector);
        return table;
    }
    if (!extends->is_string()) {
        collector.error(extends->source(), "key 'extends': expected a file name (a string)");
        return table;
    }
    const fs::path base_file = file.parent_path() / extends->as_string()->get();
    if (!fs::exists(base_file)) {
        collector.error(extends->source(),
                        fmt::format("key 'extends': no such file '{}'", base_file.string()));
        return table;
    }
    toml::table base = load_with_extends(base_file, collector, chain);
    table.erase("extends");
    record_origins(table, "", file, collector);
    merge_into(base, table, collector);
    return base;
}

void apply_override(toml::table& root, const std::string& text, Collector& collector) {
    const std::string origin = std::string(set_prefix) + text;
    const auto equals = text.find('=');
    if (equals == std::string::npos || equals == 0) {
        collector.error(origin, "expected key.path=value");
        return;
    }
    const std::string path = text.substr(0, equals);
    const std::string value_text = text.substr(equals + 1);
    collector.set_origins[path] = origin;
    toml::table parsed;
    bool as_text = false;
    try {
        parsed = toml::parse("value = " + value_text, origin);
        // A bare date (holidays=2025-03-31) is a TOML date, but no key takes one: text.
        as_text = parsed.get("value")->is_date();
    } catch (const toml::parse_error&) {
        // Not a TOML value: take it as a string, so --set duration=2h works without quotes.
        as_text = true;
    }
    if (as_text) {
        std::ostringstream quoted;
        quoted << toml::value<std::string>(value_text);
        parsed = toml::parse("value = " + quoted.str(), origin);
    }
    toml::table* table = &root;
    std::string_view rest = path;
    if (rest.starts_with("edits.")) {
        // edits.LABEL.KEY: a value of the [[edits]] table labelled LABEL.
        const std::string_view labelled = rest.substr(6);
        const auto dot = labelled.find('.');
        if (dot == std::string_view::npos || dot == 0 || dot + 1 == labelled.size()) {
            collector.error(origin, "expected edits.LABEL.KEY=value (an edit's label and a key)");
            return;
        }
        const std::string label(labelled.substr(0, dot));
        const std::string key(labelled.substr(dot + 1));
        toml::node* edits_node = root.get("edits");
        toml::array* edits = edits_node != nullptr ? edits_node->as_array() : nullptr;
        std::vector<std::string> labels;
        if (edits != nullptr) {
            std::size_t index = 0;
            for (auto&& element : *edits) {
                toml::table* edit = element.as_table();
                const toml::node* edit_label = edit != nullptr ? edit->get("label") : nullptr;
                ++index;
                if (edit_label == nullptr || !edit_label->is_string()) continue;
                if (edit_label->as_string()->get() == label) {
                    edit->insert_or_assign(key, *parsed.get("value"));
                    // The validator names it by position: edits[i].key.
                    collector.set_origins[fmt::format("edits[{}].{}", index - 1, key)] = origin;
                    return;
                }
                labels.push_back(edit_label->as_string()->get());
            }
        }
        collector.error(origin, fmt::format("no [[edits]] labelled '{}'{}", label,
                                            labels.empty() ? std::string(" (no edit has a label)")
                                                           : fmt::format(" (labels: {})",
                                                                         fmt::join(labels, ", "))));
        return;
    }
    while (true) {
        const auto dot = rest.find('.');
        const std::string key(rest.substr(0, dot));
        if (dot == std::string_view::npos) {
            toml::node* value = parsed.get("value");
            table->insert_or_assign(key, *value);
            break;
        }
        toml::node* next = table->get(key);
        if (next == nullptr) {
            table->insert_or_assign(key, toml::table{});
            next = table->get(key);
        }
        if (!next->is_table()) {
            collector.error(origin, fmt::format("'{}' is not a table", key));
            return;
        }
        table = next->as_table();
        rest = rest.substr(dot + 1);
    }
}

// ---- validation ------------------------------------------------------------------------------

std::string type_name(const toml::node& node) {
    switch (node.type()) {
    case toml::node_type::string:
        return "a string";
    case toml::node_type::integer:
        return "an integer";
    case toml::node_type::floating_point:
        return "a number";
    case toml::node_type::boolean:
        return "a boolean";
    case toml::node_type::table:
        return "a table";
    case toml::node_type::array:
        return "an array";
    case toml::node_type::date:
        return "a date";
    case toml::node_type::time:
        return "a time";
    case toml::node_type::date_time:
        return "a date-time";
    default:
        return "nothing";
    }
}

std::string expected_name(const KeySpec& spec) {
    switch (spec.type) {
    case ValueType::integer:
        return "an integer";
    case ValueType::real:
        return "a number";
    case ValueType::duration:
        return "a duration such as \"30s\", \"5min\" or \"24h\"";
    case ValueType::text:
        return "a string";
    case ValueType::boolean:
        return "true or false";
    case ValueType::datetime:
        return "a local date-time such as 2025-03-03T06:00:00";
    }
    return "a value";
}

std::string range_text(const KeySpec& spec) {
    const std::string low = spec.min ? fmt::format("{:g}", *spec.min) : "-inf";
    const std::string high = spec.max ? fmt::format("{:g}", *spec.max) : "inf";
    const std::string kind = spec.type == ValueType::integer    ? "an integer"
                             : spec.type == ValueType::duration ? "a duration"
                                                                : "a number";
    return fmt::format("{} in [{}, {}]{}", kind, low, high,
                       spec.unit.empty() || spec.unit == "1" ? "" : " " + spec.unit);
}

std::optional<SectionValues::Value> read_value(const toml::node& node, const KeySpec& spec,
                                               const std::string& qualified, Collector& collector) {
    const auto wrong_type = [&] {
        collector.error(node, qualified,
                        fmt::format("key '{}': expected {}, got {}", qualified, expected_name(spec),
                                    type_name(node)));
        return std::nullopt;
    };
    double number = 0.0;
    SectionValues::Value value;
    switch (spec.type) {
    case ValueType::integer:
        if (!node.is_integer()) return wrong_type();
        value = node.as_integer()->get();
        number = static_cast<double>(node.as_integer()->get());
        break;
    case ValueType::real:
        if (node.is_integer()) {
            number = static_cast<double>(node.as_integer()->get());
        } else if (node.is_floating_point()) {
            number = node.as_floating_point()->get();
        } else {
            return wrong_type();
        }
        value = number;
        break;
    case ValueType::duration: {
        if (!node.is_string()) return wrong_type();
        const auto seconds = engine::parse_duration_s(node.as_string()->get());
        if (!seconds) {
            collector.error(node, qualified,
                            fmt::format("key '{}': expected {}, got \"{}\"", qualified,
                                        expected_name(spec), node.as_string()->get()));
            return std::nullopt;
        }
        // Beyond a century no run needs it, and far beyond it the ticks overflow (UB).
        constexpr double longest_s = 100.0 * 366.0 * 86400.0;
        if (*seconds > longest_s) {
            collector.error(
                node, qualified,
                fmt::format("key '{}': {:g} s is more than a century", qualified, *seconds));
            return std::nullopt;
        }
        number = *seconds;
        value = number;
        break;
    }
    case ValueType::text: {
        if (!node.is_string()) return wrong_type();
        std::string text = node.as_string()->get();
        std::optional<std::string> origin;
        if (node.source().path) {
            origin = *node.source().path;
        } else if (const auto from = collector.file_origins.find(qualified);
                   from != collector.file_origins.end() &&
                   !collector.set_origins.contains(qualified)) {
            origin = from->second;
        }
        const std::string written = text;
        if (spec.is_path && !text.empty() && origin && !origin->starts_with(set_prefix) &&
            fs::path(text).is_relative()) {
            text = (fs::path(*origin).parent_path() / text).lexically_normal().string();
        }
        // A district by name ("paser"): a folder next to the scenario wins; else the named
        // district under the data folder, so a scenario copied elsewhere still runs.
        if (qualified == "district" && is_district_name(written) && !fs::exists(text)) {
            const fs::path named = named_districts_folder() / written;
            if (fs::exists(named / "district.toml")) {
                text = named.string();
            } else {
                std::vector<std::string> names;
                if (std::error_code error; fs::is_directory(named_districts_folder(), error)) {
                    for (const auto& entry :
                         fs::directory_iterator(named_districts_folder(), error)) {
                        if (fs::exists(entry.path() / "district.toml"))
                            names.push_back(entry.path().filename().string());
                    }
                }
                std::sort(names.begin(), names.end());
                collector.error(node, qualified,
                                fmt::format("key 'district': no folder '{}' next to the scenario "
                                            "and no named district '{}' in {} (named: {})",
                                            text, written, named_districts_folder().string(),
                                            names.empty()
                                                ? std::string("none")
                                                : fmt::format("{}", fmt::join(names, ", "))));
                return std::nullopt;
            }
        }
        if (spec.is_path && !text.empty()) {
            if (const auto why = outside_sandbox(text)) {
                collector.error(node, qualified,
                                fmt::format("key '{}': '{}' is {}", qualified, text, *why));
                return std::nullopt;
            }
        }
        return SectionValues::Value{std::move(text)};
    }
    case ValueType::boolean:
        if (!node.is_boolean()) return wrong_type();
        return SectionValues::Value{node.as_boolean()->get()};
    case ValueType::datetime: {
        if (!node.is_date_time() || node.as_date_time()->get().offset.has_value()) {
            if (node.is_date_time()) {
                collector.error(node, qualified,
                                fmt::format("key '{}': give local time (WITA) without a UTC "
                                            "offset",
                                            qualified));
                return std::nullopt;
            }
            return wrong_type();
        }
        const auto dt = node.as_date_time()->get();
        return SectionValues::Value{fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", dt.date.year,
                                                dt.date.month, dt.date.day, dt.time.hour,
                                                dt.time.minute, dt.time.second)};
    }
    }
    if ((spec.min && number < *spec.min) || (spec.max && number > *spec.max) ||
        !std::isfinite(number)) {
        collector.error(
            node, qualified,
            fmt::format("key '{}': expected {}, got {:g}", qualified, range_text(spec), number));
        return std::nullopt;
    }
    return value;
}

SectionValues::Value default_of(const KeySpec& spec) {
    return std::visit(
        [](const auto& v) -> SectionValues::Value {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
                return std::int64_t{0};  // unreachable for required keys
            } else {
                return v;
            }
        },
        spec.default_value);
}

/// Validates the keys of `table` against `specs`; `skip` names keys handled elsewhere.
SectionValues read_table(const toml::table& table, const std::vector<KeySpec>& specs,
                         const std::string& prefix, const std::vector<std::string>& extra_known,
                         const std::set<std::string>& skip, Collector& collector) {
    SectionValues values;
    values.set_origin(prefix, location_of(table.source(), prefix, collector));
    std::vector<std::string> known = extra_known;
    for (const auto& spec : specs) known.push_back(spec.name);
    for (auto&& [key, node] : table) {
        const std::string name(key.str());
        if (skip.contains(name)) continue;
        const auto spec = std::find_if(specs.begin(), specs.end(),
                                       [&](const KeySpec& s) { return s.name == name; });
        if (spec == specs.end()) {
            if (std::find(extra_known.begin(), extra_known.end(), name) == extra_known.end()) {
                const std::string message = unknown_key_message(prefix + name, name, known);
                if (key.source().path) {
                    collector.error(key.source(), message);
                } else {
                    collector.error(node, prefix + name, message);
                }
            }
            continue;
        }
        if (auto value = read_value(node, *spec, prefix + name, collector)) {
            values.set(name, std::move(*value),
                       location_of(node.source(), prefix + name, collector));
        }
    }
    for (const auto& spec : specs) {
        if (values.has(spec.name) || table.contains(spec.name)) continue;
        if (std::holds_alternative<std::monostate>(spec.default_value)) {
            collector.error(table.source(),
                            fmt::format("missing key '{}{}' ({})", prefix, spec.name, spec.doc));
        } else {
            values.set(spec.name, default_of(spec));
        }
    }
    return values;
}

KeySpec edit_label_key() {
    return {"label",
            ValueType::text,
            "1",
            {},
            {},
            std::string{},
            "the edit's own name, unique in the scenario, so `--set edits.LABEL.KEY=value` (and a "
            "sweep over it) can change one of its values"};
}

KeySpec at_key() {
    return {"at",
            ValueType::duration,
            "s",
            0.0,
            {},
            0.0,
            "when the edit takes effect: a duration from the start, a local date-time "
            "(2025-03-04T17:00:00) or a weekday and time (\"Tue 17:00\", the first at or after "
            "the start); default: at the start"};
}

/// An edit's `at` or `until` written as a clock time becomes seconds from the start, the form
/// the run takes: a local date-time (`at = 2025-03-04T17:00:00`), a weekday and time (`at =
/// "Tue 17:00"`) or a time of day (`"17:00"`), the first such instant at or after the start
/// (clock_time_offset_s). Durations are left alone; one before the start is an error at it.
void clock_time_to_offset(toml::table& table, const char* key, const std::string& prefix,
                          const std::string& start_local, Collector& collector) {
    toml::node* node = table.get(key);
    if (node == nullptr || start_local.empty()) return;
    std::string written;
    if (node->is_date_time()) {
        const toml::date_time value = node->as_date_time()->get();
        if (value.offset) {
            collector.error(
                Diagnostic::at(location_of(node->source(), prefix + key, collector),
                               fmt::format("key '{}{}': a local date-time (WITA) without an offset",
                                           prefix, key)));
            table.insert_or_assign(key, "0s");  // reported: not again as a wrong type
            return;
        }
        written =
            fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", value.date.year, value.date.month,
                        value.date.day, value.time.hour, value.time.minute, value.time.second);
    } else if (node->is_string()) {
        written = node->as_string()->get();
        if (engine::parse_duration_s(written)) return;  // a duration: the usual form
    } else {
        return;
    }
    const auto offset = clock_time_offset_s(written, start_local);
    if (!offset) return;  // not a clock time: the duration check reports it
    if (*offset < 0) {
        collector.error(Diagnostic::at(location_of(node->source(), prefix + key, collector),
                                       fmt::format("key '{}{}': {} is before the start ({})",
                                                   prefix, key, written, start_local)));
        table.insert_or_assign(key, "0s");  // reported: not again as a wrong type
        return;
    }
    collector.edit_origins[prefix + key] = location_of(node->source(), prefix + key, collector);
    table.insert_or_assign(key, fmt::format("{}s", *offset));
}

}  // namespace

namespace {

/// The scenario whose merged table is `root`, read from `file`, with `overrides` applied and
/// everything checked against `schema`.
Scenario finish_loading(toml::table root, const fs::path& file,
                        const std::vector<std::string>& overrides, const Schema& schema,
                        Collector& collector);

}  // namespace

Scenario load_scenario(const fs::path& file, const std::vector<std::string>& overrides,
                       const Schema& schema) {
    Collector collector;
    collector.root_file = file.string();
    std::set<fs::path> chain;
    toml::table root = load_with_extends(file, collector, chain);
    return finish_loading(std::move(root), file, overrides, schema, collector);
}

Scenario load_scenario_text(const std::string& text, const fs::path& origin,
                            const std::vector<std::string>& overrides, const Schema& schema) {
    Collector collector;
    collector.root_file = origin.string();
    toml::table root;
    try {
        root = toml::parse(text, origin.string());
    } catch (const toml::parse_error& e) {
        collector.error(e.source(), std::string(e.description()));
    }
    collector.throw_if_any();
    std::set<fs::path> chain;
    root = with_extends(std::move(root), origin, collector, chain);
    return finish_loading(std::move(root), origin, overrides, schema, collector);
}

namespace {

Scenario finish_loading(toml::table root, const fs::path& file,
                        const std::vector<std::string>& overrides, const Schema& schema,
                        Collector& collector) {
    collector.throw_if_any();
    root.erase("extends");
    for (const auto& text : overrides) apply_override(root, text, collector);
    collector.throw_if_any();

    Scenario scenario;
    scenario.file = file;
    std::ostringstream text;
    text << toml::toml_formatter{root};
    scenario.resolved_toml = text.str();

    std::vector<std::string> section_names{"edits"};
    for (const auto& [name, section] : schema.sections) section_names.push_back(name);
    std::set<std::string> skip(section_names.begin(), section_names.end());
    const SectionValues top =
        read_table(root, schema.top_level, "", section_names, skip, collector);

    for (const auto& [name, section] : schema.sections) {
        const toml::node* node = root.get(name);
        if (node == nullptr) continue;
        if (!node->is_table()) {
            collector.error(node->source(), fmt::format("key '{}': expected a table [{}], got {}",
                                                        name, name, type_name(*node)));
            continue;
        }
        scenario.models[name] =
            read_table(*node->as_table(), section.keys, name + ".", {}, {}, collector);
    }

    if (toml::node* edits = root.get("edits")) {
        if (!edits->is_array_of_tables()) {
            collector.error(edits->source(), "key 'edits': expected [[edits]] tables");
        } else {
            std::size_t index = 0;
            for (auto&& element : *edits->as_array()) {
                auto& table = *element.as_table();
                const std::string prefix = fmt::format("edits[{}].", index++);
                // A start that did not read (reported already) gives no clock times.
                const std::string start = top.has("start") ? top.text("start") : std::string();
                for (const char* key : {"at", "until"})
                    clock_time_to_offset(table, key, prefix, start, collector);
                const toml::node* kind = table.get("kind");
                if (kind == nullptr || !kind->is_string()) {
                    collector.error(
                        table.source(),
                        fmt::format("key '{}kind': expected the edit kind (a string)", prefix));
                    continue;
                }
                const auto spec = schema.edit_kinds.find(kind->as_string()->get());
                if (spec == schema.edit_kinds.end()) {
                    std::vector<std::string> kinds;
                    for (const auto& [k, unused] : schema.edit_kinds) kinds.push_back(k);
                    collector.error(
                        kind->source(),
                        fmt::format("key '{}kind': unknown edit kind \"{}\"{}", prefix,
                                    kind->as_string()->get(),
                                    kinds.empty()
                                        ? ""
                                        : fmt::format(" (known: {})", fmt::join(kinds, ", "))));
                    continue;
                }
                std::vector<KeySpec> keys = spec->second.keys;
                keys.push_back(at_key());
                keys.push_back(edit_label_key());
                Edit edit;
                edit.kind = spec->first;
                edit.values = read_table(table, keys, prefix, {}, {"kind"}, collector);
                if (edit.values.has("at")) edit.at = edit.values.duration("at");
                if (edit.values.has("label")) edit.label = edit.values.text("label");
                if (!edit.label.empty()) {
                    const bool taken =
                        std::any_of(scenario.edits.begin(), scenario.edits.end(),
                                    [&](const Edit& other) { return other.label == edit.label; });
                    if (taken) {
                        collector.error(edit.values.problem(
                            "label", fmt::format("another edit is labelled '{}'", edit.label)));
                    }
                }
                scenario.edits.push_back(std::move(edit));
            }
        }
    }
    collector.throw_if_any();

    scenario.name = top.text("name");
    scenario.district = top.text("district");
    scenario.population_scale = top.real("population_scale");
    scenario.population_growth = top.text("population_growth");
    const std::string holidays = top.text("holidays");
    for (std::size_t at = 0; at <= holidays.size();) {
        const std::size_t comma = std::min(holidays.find(',', at), holidays.size());
        std::string date = holidays.substr(at, comma - at);
        date.erase(0, date.find_first_not_of(' '));
        date.erase(date.find_last_not_of(' ') + 1);
        at = comma + 1;
        if (date.empty()) continue;
        const bool shaped = date.size() == 10 && date[4] == '-' && date[7] == '-' &&
                            std::all_of(date.begin(), date.end(),
                                        [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
        const auto valid = [&] {
            const std::chrono::year_month_day day{
                std::chrono::year{std::stoi(date.substr(0, 4))},
                std::chrono::month{static_cast<unsigned>(std::stoi(date.substr(5, 2)))},
                std::chrono::day{static_cast<unsigned>(std::stoi(date.substr(8, 2)))}};
            return day.ok();
        };
        if (!shaped || !valid()) {
            collector.error(
                top.problem("holidays", fmt::format("'{}' is not a date YYYY-MM-DD", date)));
            continue;
        }
        scenario.holidays.push_back(date);
    }
    scenario.start_local = top.text("start");
    scenario.duration = top.duration("duration");
    scenario.warmup = top.duration("warmup");
    scenario.seed = static_cast<std::uint64_t>(top.integer("seed"));
    scenario.sample_interval = top.duration("sample_interval");
    try {
        scenario.outputs = engine::OutputSelection(top.text("outputs"));
        scenario.outputs_location = top.where("outputs");
        for (const auto& selector : scenario.outputs.named()) {
            const std::string model = selector.substr(0, selector.find('/'));
            if (!schema.sections.contains(model)) {
                collector.error(top.problem(
                    "outputs", fmt::format("'{}': there is no model '{}'", selector, model)));
            }
        }
        // An output interval is a whole number of samples (rows average or pick samples).
        const double sample_s = engine::seconds_from_ticks(scenario.sample_interval);
        for (const double interval_s : scenario.outputs.intervals_s()) {
            const double samples = interval_s / sample_s;
            if (sample_s > 0.0 &&
                (samples < 1.0 - 1e-9 || std::abs(samples - std::round(samples)) > 1e-9)) {
                collector.error(top.problem(
                    "outputs", fmt::format("an output interval of {:g} s is not a whole number of "
                                           "sample intervals ({:g} s; see sample_interval)",
                                           interval_s, sample_s)));
            }
        }
    } catch (const std::invalid_argument& error) {
        collector.error(top.problem("outputs", error.what()));
    }
    if (const std::string compression = top.text("compression");
        compression == "gzip" || compression == "none") {
        scenario.compressed_output = compression == "gzip";
    } else {
        collector.error(top.problem("compression",
                                    fmt::format("'{}' is neither 'gzip' nor 'none'", compression)));
    }
    // Every sample writes every series: refuse a run that would write more than a million.
    constexpr double most_samples = 1e6;
    if (const double samples = engine::seconds_from_ticks(scenario.warmup + scenario.duration) /
                               engine::seconds_from_ticks(scenario.sample_interval);
        samples > most_samples) {
        collector.error(top.problem(
            "sample_interval",
            fmt::format("{:g} samples ({:g} s simulated every {:g} s) is more than {:g}: raise "
                        "sample_interval",
                        samples, engine::seconds_from_ticks(scenario.warmup + scenario.duration),
                        engine::seconds_from_ticks(scenario.sample_interval), most_samples)));
    }
    if (scenario.warmup % scenario.sample_interval != 0) {
        collector.error(top.problem(
            "warmup", fmt::format("{:g} s is not a multiple of sample_interval "
                                  "({:g} s): the measured span must start at a sample",
                                  engine::seconds_from_ticks(scenario.warmup),
                                  engine::seconds_from_ticks(scenario.sample_interval))));
    }
    for (auto& edit : scenario.edits) {
        if (edit.at >= scenario.duration) {
            collector.error(file.string(),
                            fmt::format("edit '{}' at {:g} s is not before the end ({:g} s)",
                                        edit.kind, engine::seconds_from_ticks(edit.at),
                                        engine::seconds_from_ticks(scenario.duration)));
        }
        // The file counts from `start`; the simulation from the start of the warm-up.
        edit.at += scenario.warmup;
        if (edit.values.has("until")) {
            edit.values.set("until",
                            edit.values.duration_s("until") +
                                engine::seconds_from_ticks(scenario.warmup),
                            edit.values.where("until"));
        }
    }
    collector.throw_if_any();
    return scenario;
}

}  // namespace

}  // namespace tuntas::scenarios
