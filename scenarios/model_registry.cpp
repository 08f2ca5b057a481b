#include "scenarios/model_registry.hpp"

#include "engine/error.hpp"
#include "scenarios/mm1_plugin.hpp"
#include "scenarios/phold_plugin.hpp"
#include "scenarios/telecom_plugin.hpp"
#include "scenarios/traffic_plugin.hpp"
#include "scenarios/waste_plugin.hpp"
#include "scenarios/scenario_loader.hpp"

namespace tuntas::scenarios {

void ModelRegistry::add(std::unique_ptr<ModelPlugin> plugin) {
    std::string name = plugin->section().name;
    if (plugins_.contains(name)) {
        throw engine::UsageError("model registry: section [" + name + "] registered twice");
    }
    order_.push_back(name);
    plugins_.emplace(std::move(name), std::move(plugin));
}

const ModelPlugin* ModelRegistry::find(const std::string& name) const {
    const auto it = plugins_.find(name);
    return it == plugins_.end() ? nullptr : it->second.get();
}

Schema ModelRegistry::schema() const {
    Schema schema;
    schema.top_level = top_level_keys();
    for (const auto& [name, plugin] : plugins_) {
        schema.sections.emplace(name, plugin->section());
        for (auto& kind : plugin->edit_kinds()) schema.edit_kinds.emplace(kind.name, kind);
    }
    return schema;
}

ModelRegistry default_registry() {
    ModelRegistry registry;
    register_mm1(registry);
    register_phold(registry);
    register_traffic(registry);
    register_waste(registry);
    register_telecom(registry);
    return registry;
}

}  // namespace tuntas::scenarios
