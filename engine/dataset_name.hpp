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

    /// Where a result file holds it as a series: "/series/group/name".
    [[nodiscard]] std::string series_path() const { return path_under("/series/"); }
    /// Where a result file holds it as a static table: "/static/group/name".
    [[nodiscard]] std::string static_path() const { return path_under("/static/"); }
    /// Where a result file holds it as an event table: "/events/group/name".
    [[nodiscard]] std::string events_path() const { return path_under("/events/"); }

    /// "group/name", as snapshots and replay tables key them.
    [[nodiscard]] std::string key() const {
        std::string text(group);
        text += '/';
        text += name;
        return text;
    }

private:
    [[nodiscard]] std::string path_under(std::string_view root) const {
        std::string path(root);
        path += key();
        return path;
    }
};

}  // namespace tuntas::engine
