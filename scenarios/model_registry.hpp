#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/api/model_plugin.hpp"
#include "models/api/schema.hpp"

namespace tuntas::scenarios {

/// The models a scenario may use, by section name: the one place that names every model.
/// Each model library makes its plugin through one explicit function (no static initialisers).
class ModelRegistry {
public:
    /// Adds a plugin; its section name must be new.
    void add(std::unique_ptr<model::ModelPlugin> plugin);
    /// The plugin of section `name`, or null.
    [[nodiscard]] const model::ModelPlugin* find(const std::string& name) const;
    /// The whole scenario schema: top-level keys, every section, every edit kind.
    [[nodiscard]] model::Schema schema() const;
    /// Every plugin by section name.
    [[nodiscard]] const std::map<std::string, std::unique_ptr<model::ModelPlugin>>&
    plugins() const {
        return plugins_;
    }
    /// The order in which the models of `sections` (registered names) assemble: every model
    /// after the models that provide the services it needs, otherwise in registration order.
    /// `offered` names the services the run driver provides itself. Throws model::InputError
    /// naming the model, the service and why it needs it (and which registered models would
    /// provide it) when no model among `sections` provides a needed service, or when needs go
    /// round in a circle; `scenario_file` locates the message.
    [[nodiscard]] std::vector<std::string> assembly_order(const std::vector<std::string>& sections,
                                                          const std::vector<std::string>& offered,
                                                          const std::string& scenario_file) const;

private:
    std::map<std::string, std::unique_ptr<model::ModelPlugin>> plugins_;
    std::vector<std::string> order_;
};

/// A registry with every model tuntas ships (mm1, phold, traffic, waste, telecom).
[[nodiscard]] ModelRegistry default_registry();

}  // namespace tuntas::scenarios
