#pragma once

#include <string>
#include <string_view>

namespace tuntas::engine {

/// The name of a series or table a model writes: its group (the model's section) and its name.
/// Models export them as constants, so what they write and what the viewer and readers look up
/// is spelled once. Stored as /series/<group>/<name>, /static/<group>/<name> or
/// /events/<group>/<name>.
struct DatasetName {
    std::string_view group;  ///< e.g. "traffic"
    std::string_view name;   ///< e.g. "link_speed"

    /// "group/name", as snapshots and replay tables key them.
    [[nodiscard]] std::string key() const {
        std::string text(group);
        text += '/';
        text += name;
        return text;
    }
};

}  // namespace tuntas::engine
