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

std::vector<KpiSection> kpi_sections(const std::vector<std::string>& names,
                                     const std::vector<std::string>& descriptions) {
    std::vector<KpiSection> sections;
    KpiSection diagnostics{.title = "diagnostics (checks of the run, not answers)", .kpis = {}};
    for (std::size_t k = 0; k < names.size(); ++k) {
        if (model::is_diagnostic(names[k], descriptions[k])) {
            diagnostics.kpis.push_back(k);
            continue;
        }
        const std::string group = names[k].substr(0, names[k].find('.'));
        if (sections.empty() || sections.back().title != group)
            sections.push_back({.title = group, .kpis = {}});
        sections.back().kpis.push_back(k);
    }
    if (!diagnostics.kpis.empty()) sections.push_back(std::move(diagnostics));
    return sections;
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
        fmt::print("  {:<{}} {:>14}  {:<9} {}\n", model::kpi_label(kpi.name), label_width,
                   text.value, text.unit, model::better_word(model::better_of(kpi.description)));
        if (explain) fmt::print("      {}: {}\n", kpi.name, kpi.description);
    };
    const auto header = [&](const std::string& section) {
        fmt::print("\n{:<{}} {:>14}  {:<9} {}\n", section, label_width + 2, "value", "unit",
                   "better");
    };
    std::vector<std::string> names, descriptions;
    for (const auto& kpi : kpis) {
        names.push_back(kpi.name);
        descriptions.push_back(kpi.description);
    }
    for (const auto& section : kpi_sections(names, descriptions)) {
        header(section.title);
        for (const std::size_t k : section.kpis) row(kpis[k]);
    }
    if (!explain) fmt::print("(--explain: each KPI's name and what it measures)\n");
}

}  // namespace tuntas::cli
