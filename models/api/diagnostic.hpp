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

/// One problem found in an input (a scenario, a district, an imported network, a command line),
/// located in its file: by line and column where the file has them, otherwise by a context
/// ("feature 12: property 'class'", "edge 'BQ'").
struct Diagnostic {
    enum class Severity { error, warning };

    std::string file;     ///< the file, "--set ..." for a command-line override, or "tuntas"
    int line{0};          ///< 1-based; 0 when unknown
    int column{0};        ///< 1-based; 0 when unknown
    std::string message;  ///< names the key and what was expected
    std::string context;  ///< where in the file when line and column do not say it (may be empty)
    Severity severity{Severity::error};

    /// A problem with the value written at `where`.
    [[nodiscard]] static Diagnostic at(const SourceLocation& where, std::string message) {
        return {where.file, where.line, where.column, std::move(message)};
    }

    /// "file:line:col: error: message", as compilers write it ("file: context: warning: ..."
    /// without a line; the column is left out when unknown).
    [[nodiscard]] std::string format() const;
};

}  // namespace tuntas::model
