#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace tuntas::engine {

/// Which series and event tables a run writes; KPIs, static tables (what labels the rest) and
/// /time are always written. Selectors, comma-separated: `series` (every series), `events`
/// (every event table), a model (`traffic`: its series and event tables), a dataset
/// (`traffic/link_flow`, `traffic/trips`), or `kpi` (nothing beyond what is always written).
/// The default, "series,events", writes everything.
///
/// A series selector may end in `@DURATION` (`series@15min`, `traffic@1h`,
/// `traffic/link_flow@30min`): those series are written at that output interval, a multiple of
/// the sample interval, instead of every sample (a row averages the samples of its interval
/// for series of means, and takes the last for series of points; SeriesCell). The most
/// specific selector with an interval wins: a dataset's over its model's over `series@`.
class OutputSelection {
public:
    /// Everything.
    OutputSelection() = default;
    /// Parses a comma-separated list of selectors; throws std::invalid_argument naming one that
    /// is empty or not of a selector's form.
    explicit OutputSelection(std::string_view list);

    /// True when every series and event table is selected at every sample (the default).
    [[nodiscard]] bool everything() const noexcept {
        return all_series_ && all_events_ && intervals_s_.empty();
    }
    /// True when the series /series/group/name is written.
    [[nodiscard]] bool wants_series(std::string_view group, std::string_view name) const;
    /// True when the event table /events/group/name is written.
    [[nodiscard]] bool wants_events(std::string_view group, std::string_view name) const;
    /// The output interval of the series /series/group/name, s; 0 when written every sample.
    [[nodiscard]] double interval_s(std::string_view group, std::string_view name) const;
    /// Every output interval given, s (to check each against the sample interval).
    [[nodiscard]] std::vector<double> intervals_s() const;
    /// The model and dataset selectors that name none of `declared` ("group/name" of every
    /// series and event table the models declared), in the order given.
    [[nodiscard]] std::vector<std::string>
    unmatched(const std::vector<std::string>& declared) const;
    /// The selectors, normalised ("series,events" for the default).
    [[nodiscard]] std::string text() const;
    /// The model and dataset selectors, as given.
    [[nodiscard]] const std::vector<std::string>& named() const noexcept { return named_; }

private:
    [[nodiscard]] bool selects(std::string_view group, std::string_view name) const;

    bool all_series_{true};
    bool all_events_{true};
    std::vector<std::string> named_;  ///< models and group/name datasets, as given
    std::set<std::string, std::less<>> lookup_;
    /// By selector ("series", a model, a group/name dataset): its output interval, s.
    std::map<std::string, double, std::less<>> intervals_s_;
    std::map<std::string, std::string, std::less<>> interval_texts_;  ///< "@15min" as given
};

}  // namespace tuntas::engine
