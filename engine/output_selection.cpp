#include "engine/output_selection.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <stdexcept>
#include <string>

#include "engine/duration.hpp"

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
        std::optional<double> interval;
        if (const auto at_sign = item.find('@'); at_sign != std::string_view::npos) {
            const std::string_view text = item.substr(at_sign + 1);
            interval = parse_duration_s(text);
            if (!interval || *interval <= 0.0) {
                throw std::invalid_argument("'" + std::string(item) +
                                            "': the output interval after @ is no duration (say "
                                            "series@15min or traffic@1h)");
            }
            item = item.substr(0, at_sign);
            if (item == "events" || item == "kpi") {
                throw std::invalid_argument(
                    "'" + std::string(item) + "@" + std::string(text) +
                    "': an output interval is for series (series@15min, a model, a series)");
            }
            interval_texts_[std::string(item)] = "@" + std::string(text);
        }
        if (interval) intervals_s_[std::string(item)] = *interval;
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

double OutputSelection::interval_s(std::string_view group, std::string_view name) const {
    std::string dataset(group);
    dataset += '/';
    dataset += name;
    for (const std::string_view selector :
         {std::string_view(dataset), group, std::string_view("series")}) {
        if (const auto it = intervals_s_.find(selector); it != intervals_s_.end())
            return it->second;
    }
    return 0.0;
}

std::vector<double> OutputSelection::intervals_s() const {
    std::vector<double> all;
    for (const auto& [selector, seconds] : intervals_s_) all.push_back(seconds);
    return all;
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
        if (const auto it = interval_texts_.find(item); it != interval_texts_.end())
            text += it->second;
    };
    if (all_series_) add("series");
    if (all_events_) add("events");
    for (const auto& selector : named_) add(selector);
    return text.empty() ? std::string("kpi") : text;
}

}  // namespace tuntas::engine
