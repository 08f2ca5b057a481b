#include "tools/tuntas/kpi_table.hpp"

#include <cmath>

#include <fmt/format.h>

#include "models/api/kpi_format.hpp"
#include "scenarios/clock_time.hpp"

namespace tuntas::cli {

std::string duration_text(double seconds) {
    if (!(seconds > 0.0)) return "0 s";
    const auto whole = static_cast<long long>(std::llround(seconds));
    if (whole < 60) return fmt::format("{:g} s", seconds);
    const long long days = whole / 86400, hours = whole % 86400 / 3600, minutes = whole % 3600 / 60,
                    rest = whole % 60;
    std::string text;
    const auto add = [&](long long count, const char* unit) {
        if (count == 0) return;
        if (!text.empty()) text += ' ';
        text += fmt::format("{} {}", count, unit);
    };
    add(days, "d");
    add(hours, "h");
    add(minutes, "min");
    add(rest, "s");
    return text;
}

void print_kpi_table(const KpiTableTitle& title, const std::vector<engine::Kpi>& kpis,
                     bool explain) {
    std::string when = fmt::format("{} from {} WITA", duration_text(title.duration_s),
                                   scenarios::local_clock_text(title.start, 0.0));
    if (title.warmup_s > 0.0)
        when += fmt::format(", after {} of warm-up (not measured)", duration_text(title.warmup_s));
    fmt::print("{}  ({})\n{}\n", title.name.empty() ? title.file : title.name, title.file, when);

    std::size_t label_width = 8;
    for (const auto& kpi : kpis)
        label_width = std::max(label_width, model::kpi_label(kpi.name).size());
    label_width = std::min<std::size_t>(label_width, 40);
    const auto row = [&](const engine::Kpi& kpi) {
        const model::KpiText text = model::format_kpi(kpi.name, kpi.value, kpi.unit);
        const model::Better better = model::better_of(kpi.description);
        const char* way = better == model::Better::higher  ? "higher"
                          : better == model::Better::lower ? "lower"
                                                           : "";
        fmt::print("  {:<{}} {:>14}  {:<9} {}\n", model::kpi_label(kpi.name), label_width,
                   text.value, text.unit, way);
        if (explain) fmt::print("      {}: {}\n", kpi.name, kpi.description);
    };
    const auto header = [&](const std::string& section) {
        fmt::print("\n{:<{}} {:>14}  {:<9} {}\n", section, label_width + 2, "value", "unit",
                   "better");
    };
    std::string model_name;
    std::vector<const engine::Kpi*> diagnostics;
    for (const auto& kpi : kpis) {
        if (model::is_diagnostic(kpi.name, kpi.description)) {
            diagnostics.push_back(&kpi);
            continue;
        }
        const std::string group = kpi.name.substr(0, kpi.name.find('.'));
        if (group != model_name) {
            model_name = group;
            header(model_name);
        }
        row(kpi);
    }
    if (!diagnostics.empty()) {
        header("diagnostics (checks of the run, not answers)");
        for (const engine::Kpi* kpi : diagnostics) row(*kpi);
    }
    if (!explain) fmt::print("(--explain: each KPI's name and what it measures)\n");
}

}  // namespace tuntas::cli
