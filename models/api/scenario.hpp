#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "engine/ticks.hpp"
#include "models/api/section_values.hpp"

namespace tuntas::model {

/// A what-if edit: what (kind), when (`at`, from the start) and its values.
struct Edit {
    std::string kind;
    engine::Ticks at{0};
    SectionValues values;
};

/// A validated scenario, ready to assemble: every value checked, defaults filled in.
struct Scenario {
    std::filesystem::path file;                   ///< the file it was loaded from
    std::string resolved_toml;                    ///< the text after `extends` and --set
    std::string name;                             ///< a planner's title
    std::string district;                         ///< district folder (relative to the file)
    std::string start_local;                      ///< ISO local date-time, WITA (UTC+8)
    engine::Ticks duration{0};                    ///< simulated span
    std::uint64_t seed{1};                        ///< seeds every random stream
    engine::Ticks sample_interval{0};             ///< time-series sampling
    std::map<std::string, SectionValues> models;  ///< model sections present, by name
    std::vector<Edit> edits;                      ///< in file order

    /// Seconds after local midnight at which the run starts (from start_local).
    [[nodiscard]] double start_s_of_day() const {
        if (start_local.size() < 19) return 0.0;
        const auto digits = [&](std::size_t at) {
            return (start_local[at] - '0') * 10 + (start_local[at + 1] - '0');
        };
        return digits(11) * 3600.0 + digits(14) * 60.0 + digits(17);
    }
};

}  // namespace tuntas::model
