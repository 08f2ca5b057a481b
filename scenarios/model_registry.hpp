#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "scenarios/model_plugin.hpp"
#include "scenarios/schema.hpp"

namespace tuntas::scenarios {

/// The models a scenario may use, by section name. Each model library registers itself through
/// one explicit function (no static initialisers).
class ModelRegistry {
public:
    /// Adds a plugin; its section name must be new.
    void add(std::unique_ptr<ModelPlugin> plugin);
    /// The plugin of section `name`, or null.
    [[nodiscard]] const ModelPlugin* find(const std::string& name) const;
    /// The whole scenario schema: top-level keys, every section, every edit kind.
    [[nodiscard]] Schema schema() const;
    /// Every plugin by section name.
    [[nodiscard]] const std::map<std::string, std::unique_ptr<ModelPlugin>>& plugins() const {
        return plugins_;
    }
    /// Section names in the order they were added: models assemble in this order, so a model
    /// comes after those it couples to (traffic before waste).
    [[nodiscard]] const std::vector<std::string>& order() const noexcept { return order_; }

private:
    std::map<std::string, std::unique_ptr<ModelPlugin>> plugins_;
    std::vector<std::string> order_;
};

/// A registry with every model tuntas ships (mm1, phold, traffic, waste), in coupling order.
[[nodiscard]] ModelRegistry default_registry();

}  // namespace tuntas::scenarios
