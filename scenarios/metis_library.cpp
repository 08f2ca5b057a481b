#include "scenarios/metis_library.hpp"

#include "engine/shared_library.hpp"

#ifndef TUNTAS_METIS_SONAME
#error "TUNTAS_METIS_SONAME names the METIS library to load (set by scenarios/CMakeLists.txt)"
#endif

namespace tuntas::scenarios {
namespace {

MetisLibrary load_metis() {
    const engine::SharedLibrary shared(TUNTAS_METIS_SONAME, "partitioning", false);
    MetisLibrary library;
    shared.bind(library.set_default_options, "METIS_SetDefaultOptions");
    shared.bind(library.part_graph_kway, "METIS_PartGraphKway");
    return library;
}

}  // namespace

const MetisLibrary& metis_library() {
    static const MetisLibrary library = load_metis();
    return library;
}

}  // namespace tuntas::scenarios
