#pragma once

#include <string>
#include <vector>

namespace tuntas::cli {

/// `tuntas compare A.h5 B.h5 ... | SWEEP_DIR [--plot DIR]`.
struct CompareArgs {
    std::vector<std::string> inputs;  ///< results or a sweep directory; the first is the baseline
    std::string plot;                 ///< folder for matplotlib figures (empty: none)
};

/// Prints the KPIs of the inputs side by side (a sweep's variants with confidence intervals).
void compare(const CompareArgs& args);

}  // namespace tuntas::cli
