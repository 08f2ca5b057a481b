#pragma once

#include <string>

#include "models/api/diagnostic.hpp"

namespace tuntas::district {

/// One problem found in a district's files: where (file, feature, property) and what.
struct LoadProblem {
    enum class Severity { error, warning };
    Severity severity{Severity::error};
    std::string file;      ///< e.g. "data/paser/roads.geojson"
    long feature{-1};      ///< 0-based feature index; -1 for the whole file
    std::string property;  ///< the offending property, or empty
    std::string message;

    /// The same as a diagnostic (context "feature 12: property 'class'"), for model::InputError.
    [[nodiscard]] model::Diagnostic diagnostic() const;
    /// "file: feature 12: property 'class': error: unknown road class 'highway'".
    [[nodiscard]] std::string format() const;
};

}  // namespace tuntas::district
