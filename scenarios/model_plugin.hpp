#pragma once

#include <memory>
#include <vector>

#include "scenarios/assembly.hpp"
#include "scenarios/model_instance.hpp"
#include "scenarios/schema.hpp"
#include "scenarios/section_values.hpp"

namespace tuntas::scenarios {

/// How a model plugs into scenarios: the keys of its section, its what-if edit kinds, and how
/// it assembles itself into a simulation.
class ModelPlugin {
public:
    virtual ~ModelPlugin() = default;

    /// The [section] this model reads, with its documented keys.
    [[nodiscard]] virtual SectionSpec section() const = 0;
    /// The edit kinds it handles ("<section>.<edit>").
    [[nodiscard]] virtual std::vector<EditKindSpec> edit_kinds() const = 0;
    /// Adds the model's LPs to `assembly`, applying `edits` (its own kinds only, in file order).
    [[nodiscard]] virtual std::unique_ptr<ModelInstance> assemble(
        const SectionValues& values, const std::vector<const Edit*>& edits,
        Assembly& assembly) const = 0;

protected:
    ModelPlugin() = default;
    ModelPlugin(const ModelPlugin&) = default;
    ModelPlugin& operator=(const ModelPlugin&) = default;
};

}  // namespace tuntas::scenarios
