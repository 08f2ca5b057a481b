#pragma once

#include <string>
#include <vector>

#include "engine/recorder.hpp"

namespace tuntas::cli {

/// What a KPI table is of: the scenario's name and file, its local start, and how long it ran.
struct KpiTableTitle {
    std::string name;        ///< the scenario's name
    std::string file;        ///< the scenario file (or result)
    std::string start;       ///< local start, "2025-03-03T00:00:00" (an offset after it is dropped)
    double duration_s{0.0};  ///< measured
    double warmup_s{0.0};    ///< run before the start, not measured
};

/// A section of a KPI table: one model's KPIs, or the diagnostics (checks of the run itself).
struct KpiSection {
    std::string title;              ///< the model's name, or the diagnostics' heading
    std::vector<std::size_t> kpis;  ///< indices into the KPIs given, in their order
};

/// KPIs (`names` and `descriptions` index by index) in the sections a table shows them in: each
/// model's where its first KPI comes, then the diagnostics.
[[nodiscard]] std::vector<KpiSection> kpi_sections(const std::vector<std::string>& names,
                                                   const std::vector<std::string>& descriptions);

/// "7 d", "2 h 30 min", "45 s": a duration as people say it.
[[nodiscard]] std::string duration_text(double seconds);

/// Prints KPIs for people: a title with the duration run, then the KPIs grouped by model, each
/// a label, its value in the units planners use (thousands separators, %, minutes), and which
/// way is better; the diagnostics (checks of the run itself) in their own section at the end.
/// With `explain`, each KPI's name (what `compare --kpi` and the result's /kpi take) and
/// description under it.
void print_kpi_table(const KpiTableTitle& title, const std::vector<engine::Kpi>& kpis,
                     bool explain);

}  // namespace tuntas::cli
