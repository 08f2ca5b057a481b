#pragma once

#include <memory>
#include <string>
#include <vector>

#include "models/api/assembly.hpp"
#include "models/api/model_instance.hpp"
#include "models/api/schema.hpp"
#include "models/api/section_values.hpp"

namespace tuntas::model {

/// A service a model needs from another (or from the run driver), and why: the run driver says
/// so when no model in the scenario provides it.
struct ServiceNeed {
    std::string name;  ///< a service type's service_name, e.g. "road network"
    std::string why;   ///< e.g. "its trucks drive in road traffic"
    /// True when the service hands out memory the two models' LPs both touch while the run
    /// goes (waste trucks' routes read by the traffic model's junctions), not only events and
    /// values fixed at assembly: a run over ranks then keeps both models in one process.
    bool shares_state{false};
};

/// How a model plugs into scenarios: the keys of its section, its what-if edit kinds, the
/// services it provides and needs, and how it assembles itself into a simulation.
class ModelPlugin {
public:
    virtual ~ModelPlugin() = default;

    /// The [section] this model reads, with its documented keys.
    [[nodiscard]] virtual SectionSpec section() const = 0;
    /// The edit kinds it handles ("<section>.<edit>").
    [[nodiscard]] virtual std::vector<EditKindSpec> edit_kinds() const = 0;
    /// The services it puts into Assembly::services when it assembles.
    [[nodiscard]] virtual std::vector<std::string> provides() const { return {}; }
    /// The services it takes from Assembly::services: models that provide them assemble first.
    [[nodiscard]] virtual std::vector<ServiceNeed> needs() const { return {}; }
    /// Adds the model's LPs to `assembly`, applying `edits` (its own kinds only, in file order).
    /// Throws InputError (located with SectionValues::problem) for values it cannot use.
    [[nodiscard]] virtual std::unique_ptr<ModelInstance>
    assemble(const SectionValues& values, const std::vector<const Edit*>& edits,
             Assembly& assembly) const = 0;

protected:
    ModelPlugin() = default;
    ModelPlugin(const ModelPlugin&) = default;
    ModelPlugin& operator=(const ModelPlugin&) = default;
};

}  // namespace tuntas::model
