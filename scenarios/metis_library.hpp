#pragma once

#include <metis.h>

namespace tuntas::scenarios {

/// The METIS functions the partitioning calls, from METIS's shared library loaded the first time
/// they are needed: most runs are one partition and never call them, and a process linking
/// libmetis paid for loading it before main() (0.18 ms of an empty program's start, 400
/// alternating runs).
struct MetisLibrary {
    decltype(&METIS_SetDefaultOptions) set_default_options{nullptr};
    decltype(&METIS_PartGraphKway) part_graph_kway{nullptr};
};

/// METIS, loaded once (safe from any thread); throws std::runtime_error naming the library when
/// it cannot be loaded or lacks a function.
[[nodiscard]] const MetisLibrary& metis_library();

}  // namespace tuntas::scenarios
