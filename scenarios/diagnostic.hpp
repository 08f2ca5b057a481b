#pragma once

#include <string>

namespace tuntas::scenarios {

/// One problem found in a scenario, located in its file (or on the command line).
struct Diagnostic {
    std::string file;     ///< the scenario file, or "--set" for a command-line override
    int line{0};          ///< 1-based; 0 when unknown
    int column{0};        ///< 1-based; 0 when unknown
    std::string message;  ///< names the key and what was expected

    /// "file:line:col: error: message", as compilers write it.
    [[nodiscard]] std::string format() const;
};

}  // namespace tuntas::scenarios
