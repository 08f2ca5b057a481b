#pragma once

#include <map>
#include <string>
#include <vector>

#include "models/api/key_spec.hpp"

namespace tuntas::model {

/// A what-if edit kind a model accepts: `kind = "<name>"` in an [[edits]] table, with `at`
/// (optional, default 0) and these keys.
struct EditKindSpec {
    std::string name;  ///< "<model>.<edit>", e.g. "mm1.scale_arrivals"
    std::string doc;
    std::vector<KeySpec> keys;
};

/// A model's section of a scenario: [<name>] with these keys.
struct SectionSpec {
    std::string name;
    std::string doc;
    std::vector<KeySpec> keys;
};

/// Everything a scenario file may say: the top-level keys, each model's section, each edit kind.
struct Schema {
    std::vector<KeySpec> top_level;
    std::map<std::string, SectionSpec> sections;
    std::map<std::string, EditKindSpec> edit_kinds;
};

}  // namespace tuntas::model
