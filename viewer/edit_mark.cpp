#include "viewer/edit_mark.hpp"

#include <cmath>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "scenarios/clock_time.hpp"

namespace tuntas::viewer {

namespace {

/// Seconds since the start of a time as an edit writes it: a duration, a clock time, a number.
std::optional<double> seconds_of(const toml::node* node, const std::string& start_local) {
    if (node == nullptr) return std::nullopt;
    if (const auto number = node->value<double>()) return *number;
    if (const auto* when = node->as_date_time()) {
        const toml::date_time& t = when->get();
        return scenarios::time_offset_s(fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}",
                                                    t.date.year, t.date.month, t.date.day,
                                                    t.time.hour, t.time.minute, t.time.second),
                                        start_local);
    }
    const auto text = node->value<std::string>();
    return text ? scenarios::time_offset_s(*text, start_local) : std::nullopt;
}

std::string text_of(const toml::table& edit, const char* key) {
    return edit[key].value_or(std::string());
}

/// "key=value ..." of an edit kind the map does not draw.
std::string generic_text(const toml::table& edit) {
    std::string text = edit["kind"].value_or(std::string("edit"));
    for (auto&& [key, value] : edit) {
        if (key == "kind" || key == "label" || key == "at" || key == "until") continue;
        std::ostringstream written;
        value.visit([&](const auto& v) { written << v; });
        text += fmt::format(" {}={}", key.str(), written.str());
    }
    return text;
}

}  // namespace

std::vector<EditMark> edit_marks(const std::string& toml_text, const std::string& start_local,
                                 const Scene& scene, bool live) {
    std::vector<EditMark> marks;
    toml::table root;
    try {
        root = toml::parse(toml_text);
    } catch (const toml::parse_error&) {
        return marks;
    }
    const toml::array* edits = root["edits"].as_array();
    if (edits == nullptr) return marks;
    for (auto&& node : *edits) {
        const toml::table* edit = node.as_table();
        if (edit == nullptr) continue;
        EditMark mark;
        mark.kind = text_of(*edit, "kind");
        mark.label = text_of(*edit, "label");
        mark.live = live;
        mark.at_s = seconds_of(edit->get("at"), start_local).value_or(0.0);
        if (const auto until = seconds_of(edit->get("until"), start_local); until && *until < 1e11)
            mark.until_s = *until;
        if (mark.kind == "traffic.close_road") {
            const std::string road = text_of(*edit, "road");
            for (std::size_t l = 0; l < scene.links.size(); ++l) {
                if (scene.links[l].name == road) mark.links.push_back(l);
            }
            mark.text = road + " closed";
        } else if (mark.kind == "traffic.block_link") {
            const auto link = (*edit)["link"].value<std::int64_t>().value_or(-1);
            if (link >= 0 && static_cast<std::size_t>(link) < scene.links.size()) {
                mark.links.push_back(static_cast<std::size_t>(link));
                const std::string& name = scene.links[static_cast<std::size_t>(link)].name;
                mark.text = fmt::format("{} closed one way (link {})",
                                        name.empty() ? "a road" : name, link);
            } else {
                mark.text = fmt::format("road link {} closed", link);
            }
        } else if (mark.kind == "traffic.close_junction") {
            const double lon = (*edit)["lon"].value_or(0.0);
            const double lat = (*edit)["lat"].value_or(0.0);
            mark.junction = scene.project(lon, lat);
            mark.text = fmt::format("junction at {:.4f}, {:.4f} closed", lon, lat);
        } else if (mark.kind == "telecom.cut_link") {
            const std::string id = text_of(*edit, "link");
            for (std::size_t f = 0; f < scene.backhaul.size(); ++f) {
                if (scene.backhaul[f].id == id) mark.fibres.push_back(f);
            }
            mark.text = fmt::format("backhaul {} cut", id);
        } else if (mark.kind == "telecom.site_down") {
            const std::string id = text_of(*edit, "site");
            for (std::size_t s = 0; s < scene.cell_sites.size(); ++s) {
                if (scene.cell_sites[s].id == id) mark.sites.push_back(s);
            }
            const std::string name = mark.sites.empty() ? id : scene.cell_sites[mark.sites[0]].name;
            mark.text = fmt::format("site {} down", name);
        } else if (mark.kind == "telecom.add_site") {
            const std::string name = edit->get("name") ? text_of(*edit, "name") : "added site";
            for (std::size_t s = 0; s < scene.cell_sites.size(); ++s) {
                if (scene.cell_sites[s].id.starts_with("added-site-") &&
                    scene.cell_sites[s].name == name)
                    mark.sites.push_back(s);
            }
            mark.adds = true;
            mark.text = fmt::format("new site '{}'", name);
        } else if (mark.kind == "traffic.hold_trips") {
            mark.text = fmt::format("{:.0f} % of the tours that start go",
                                    100.0 * (*edit)["share"].value_or(1.0));
        } else if (mark.kind == "waste.set_policy") {
            mark.text = "waste dispatch: " + text_of(*edit, "policy");
        } else {
            mark.text = generic_text(*edit);
        }
        marks.push_back(std::move(mark));
    }
    return marks;
}

}  // namespace tuntas::viewer
