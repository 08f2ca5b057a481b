#pragma once

#include <string>
#include <vector>

namespace tuntas::cli {

/// `tuntas compare A.h5 B.h5 ... | SWEEP_DIR ... [--plot DIR] [--json | --csv] [--force]
/// [--by kecamatan|road] [--window HH:MM-HH:MM ...] [--kpi TEXT ...] [--explain]`.
struct CompareArgs {
    std::vector<std::string> inputs;   ///< results or sweep directories; the first is the baseline
    std::string plot;                  ///< folder for matplotlib figures (empty: none)
    bool json{false};                  ///< print the comparison as JSON
    bool csv{false};                   ///< print one CSV row per KPI and variant
    bool force{false};                 ///< compare runs of different districts, starts or durations
    std::string by;                    ///< traffic KPIs per "kecamatan" or "road" too (empty: no)
    std::vector<std::string> windows;  ///< traffic KPIs of these times of day too
    std::vector<std::string> kpi_filters;  ///< only KPIs whose name contains one of these
    bool explain{false};                   ///< each KPI's name and description under its row
};

/// Compares the KPIs of variants with the baseline: paired differences over common seeds (Welch
/// otherwise), 95 % confidence intervals, Holm's correction across each variant's KPIs. Throws
/// an input error (exit 2) for runs that do not compare (district, start or duration differ)
/// unless `force`.
void compare(const CompareArgs& args);

}  // namespace tuntas::cli
