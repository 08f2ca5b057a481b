#include "scenarios/model_registry.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "engine/error.hpp"
#include "models/api/input_error.hpp"
#include "models/mm1/mm1_plugin.hpp"
#include "models/phold/phold_plugin.hpp"
#include "models/telecom/telecom_plugin.hpp"
#include "models/traffic/traffic_plugin.hpp"
#include "models/waste/waste_plugin.hpp"
#include "scenarios/scenario_loader.hpp"

namespace tuntas::scenarios {

void ModelRegistry::add(std::unique_ptr<model::ModelPlugin> plugin) {
    std::string name = plugin->section().name;
    if (plugins_.contains(name)) {
        throw engine::UsageError("model registry: section [" + name + "] registered twice");
    }
    order_.push_back(name);
    plugins_.emplace(std::move(name), std::move(plugin));
}

const model::ModelPlugin* ModelRegistry::find(const std::string& name) const {
    const auto it = plugins_.find(name);
    return it == plugins_.end() ? nullptr : it->second.get();
}

model::Schema ModelRegistry::schema() const {
    model::Schema schema;
    schema.top_level = top_level_keys();
    for (const auto& [name, plugin] : plugins_) {
        schema.sections.emplace(name, plugin->section());
        for (auto& kind : plugin->edit_kinds()) schema.edit_kinds.emplace(kind.name, kind);
    }
    return schema;
}

std::vector<std::string> ModelRegistry::assembly_order(const std::vector<std::string>& sections,
                                                       const std::vector<std::string>& offered,
                                                       const std::string& scenario_file) const {
    std::set<std::string> present(sections.begin(), sections.end());
    std::map<std::string, std::string> provider;  // service -> the present model providing it
    for (const auto& name : order_) {
        if (!present.contains(name)) continue;
        for (const auto& service : find(name)->provides()) provider.emplace(service, name);
    }
    const std::set<std::string> by_driver(offered.begin(), offered.end());
    std::vector<model::Diagnostic> problems;
    for (const auto& name : order_) {
        if (!present.contains(name)) continue;
        for (const auto& need : find(name)->needs()) {
            if (by_driver.contains(need.name) || provider.contains(need.name)) continue;
            std::vector<std::string> could;
            for (const auto& other : order_) {
                const auto provides = find(other)->provides();
                if (std::find(provides.begin(), provides.end(), need.name) != provides.end()) {
                    could.push_back("[" + other + "]");
                }
            }
            problems.push_back(model::Diagnostic{
                scenario_file, 0, 0,
                fmt::format("[{}] needs the {} ({}), which no model in this scenario provides{}",
                            name, need.name, need.why,
                            could.empty() ? std::string{}
                                          : fmt::format(": add {}", fmt::join(could, " or ")))});
        }
    }
    if (!problems.empty()) throw model::InputError(std::move(problems));
    // Kahn's algorithm over registration order: deterministic, providers first.
    std::vector<std::string> order;
    std::set<std::string> placed;
    while (order.size() < present.size()) {
        bool progressed = false;
        for (const auto& name : order_) {
            if (!present.contains(name) || placed.contains(name)) continue;
            const auto needs = find(name)->needs();
            const bool ready =
                std::all_of(needs.begin(), needs.end(), [&](const model::ServiceNeed& need) {
                    return by_driver.contains(need.name) || placed.contains(provider.at(need.name));
                });
            if (!ready) continue;
            order.push_back(name);
            placed.insert(name);
            progressed = true;
            break;  // restart from the first registered: registration order among the ready
        }
        if (!progressed) {
            std::vector<std::string> waiting;
            for (const auto& name : order_) {
                if (present.contains(name) && !placed.contains(name))
                    waiting.push_back("[" + name + "]");
            }
            throw model::InputError(model::Diagnostic{
                scenario_file, 0, 0,
                fmt::format("the models {} need each other's services in a circle",
                            fmt::join(waiting, ", "))});
        }
    }
    return order;
}

ModelRegistry default_registry() {
    ModelRegistry registry;
    registry.add(mm1::make_plugin());
    registry.add(phold::make_plugin());
    registry.add(traffic::make_plugin());
    registry.add(waste::make_plugin());
    registry.add(telecom::make_plugin());
    return registry;
}

}  // namespace tuntas::scenarios
