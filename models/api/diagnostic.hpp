#pragma once

#include <string>

namespace tuntas::model {

/// Where a value was written: a file (or "--set KEY=VALUE" for a command-line override), and
/// its 1-based line and column (0 when unknown).
struct SourceLocation {
    std::string file;
    int line{0};
    int column{0};
};

/// One problem found in a scenario, located in its file (or on the command line).
struct Diagnostic {
    std::string file;     ///< the scenario file, or "--set ..." for a command-line override
    int line{0};          ///< 1-based; 0 when unknown
    int column{0};        ///< 1-based; 0 when unknown
    std::string message;  ///< names the key and what was expected

    /// A problem with the value written at `where`.
    [[nodiscard]] static Diagnostic at(const SourceLocation& where, std::string message) {
        return {where.file, where.line, where.column, std::move(message)};
    }

    /// "file:line:col: error: message", as compilers write it.
    [[nodiscard]] std::string format() const;
};

}  // namespace tuntas::model
