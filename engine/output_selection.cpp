#include "engine/output_selection.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace tuntas::engine {

namespace {

bool is_word(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
    });
}

}  // namespace

OutputSelection::OutputSelection(std::string_view list) : all_series_(false), all_events_(false) {
    std::size_t at = 0;
    while (at <= list.size()) {
        const std::size_t comma = std::min(list.find(',', at), list.size());
        std::string_view item = list.substr(at, comma - at);
        at = comma + 1;
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (item.empty()) {
            throw std::invalid_argument(
                "an empty selector (say `kpi` to write only KPIs and static tables)");
        }
        if (item == "series") {
            all_series_ = true;
        } else if (item == "events") {
            all_events_ = true;
        } else if (item == "kpi") {
            // Always written.
        } else {
            const auto slash = item.find('/');
            const bool model = slash == std::string_view::npos && is_word(item);
            const bool dataset = slash != std::string_view::npos &&
                                 is_word(item.substr(0, slash)) && is_word(item.substr(slash + 1));
            if (!model && !dataset) {
                throw std::invalid_argument(
                    "'" + std::string(item) +
                    "' is no selector: series, events, kpi, a model (traffic) or a dataset "
                    "(traffic/link_flow)");
            }
            if (lookup_.insert(std::string(item)).second) named_.emplace_back(item);
        }
    }
}

bool OutputSelection::selects(std::string_view group, std::string_view name) const {
    if (lookup_.contains(group)) return true;
    std::string key(group);
    key += '/';
    key += name;
    return lookup_.contains(key);
}

bool OutputSelection::wants_series(std::string_view group, std::string_view name) const {
    return all_series_ || selects(group, name);
}

bool OutputSelection::wants_events(std::string_view group, std::string_view name) const {
    return all_events_ || selects(group, name);
}

std::vector<std::string>
OutputSelection::unmatched(const std::vector<std::string>& declared) const {
    std::vector<std::string> missing;
    for (const auto& selector : named_) {
        const bool model = selector.find('/') == std::string::npos;
        const bool found = std::any_of(declared.begin(), declared.end(), [&](const auto& d) {
            return model ? d.compare(0, selector.size() + 1, selector + "/") == 0 : d == selector;
        });
        if (!found) missing.push_back(selector);
    }
    return missing;
}

std::string OutputSelection::text() const {
    std::string text;
    const auto add = [&](const std::string& item) {
        if (!text.empty()) text += ',';
        text += item;
    };
    if (all_series_) add("series");
    if (all_events_) add("events");
    for (const auto& selector : named_) add(selector);
    return text.empty() ? std::string("kpi") : text;
}

}  // namespace tuntas::engine
