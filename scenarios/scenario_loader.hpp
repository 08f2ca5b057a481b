#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "models/api/scenario.hpp"
#include "models/api/schema.hpp"

namespace tuntas::scenarios {

/// Loads a scenario file: follows `extends = "base.toml"` (paths relative to the file; the
/// variant's keys replace the base's, its [[edits]] come after the base's), applies the
/// `overrides` ("key.path=value", as `--set` gives them; a value that is not valid TOML is taken
/// as a string), and validates everything against `schema`. Throws model::InputError with every
/// problem found (file:line:col, the key, what was expected); nothing is returned on a bad file.
[[nodiscard]] model::Scenario load_scenario(const std::filesystem::path& file,
                                            const std::vector<std::string>& overrides,
                                            const model::Schema& schema);

/// Loads a scenario written out as TOML `text` as load_scenario loads a file. `origin` stands for
/// the file it would be: problems are located at `origin`:line:col, and relative paths
/// (`district`, `extends`, route files) are taken from `origin`'s folder.
[[nodiscard]] model::Scenario load_scenario_text(const std::string& text,
                                                 const std::filesystem::path& origin,
                                                 const std::vector<std::string>& overrides,
                                                 const model::Schema& schema);

/// The top-level keys every scenario has (name, start, duration, seed, sample_interval, ...).
[[nodiscard]] std::vector<model::KeySpec> top_level_keys();

}  // namespace tuntas::scenarios
