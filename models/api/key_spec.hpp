#pragma once

#include <optional>
#include <string>
#include <variant>

namespace tuntas::model {

/// The kinds of value a scenario key takes.
enum class ValueType {
    integer,   ///< a TOML integer
    real,      ///< a TOML float or integer
    duration,  ///< a string with units: "250ms", "30s", "5min", "2h", "1d", "1h30min"
    text,      ///< a TOML string
    boolean,   ///< true or false
    datetime,  ///< a TOML local date-time, e.g. 2025-03-03T06:00:00 (WITA, UTC+8)
};

/// A default value, in the type of its key (durations in seconds).
using DefaultValue = std::variant<std::monostate, std::int64_t, double, std::string, bool>;

/// One documented key a model accepts: the whole schema is made of these, so validation and
/// `tuntas scenario keys` come from the same declarations.
struct KeySpec {
    std::string name;  ///< key within its section, e.g. "arrival_rate_per_s"
    ValueType type{ValueType::real};
    std::string unit;            ///< e.g. "1/s", "s", "1" (dimensionless)
    std::optional<double> min;   ///< inclusive lower bound (durations in seconds)
    std::optional<double> max;   ///< inclusive upper bound
    DefaultValue default_value;  ///< monostate: the key is required
    std::string doc;             ///< one line
    bool is_path{false};         ///< a file or folder: a relative value is taken from
                                 ///< the directory of the file that sets it (so a
                                 ///< variant in another folder still finds its base's)
};

}  // namespace tuntas::model
