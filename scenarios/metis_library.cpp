#include "scenarios/metis_library.hpp"

#include <stdexcept>
#include <string>
#include <type_traits>

#include <dlfcn.h>

#ifndef TUNTAS_METIS_SONAME
#error "TUNTAS_METIS_SONAME names the METIS library to load (set by scenarios/CMakeLists.txt)"
#endif

namespace tuntas::scenarios {
namespace {

MetisLibrary load_metis() {
    // Never closed: the functions stay in use until the process ends.
    void* handle = dlopen(TUNTAS_METIS_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        throw std::runtime_error(
            std::string("partitioning: cannot load METIS (" TUNTAS_METIS_SONAME "): ") + dlerror());
    }
    const auto bind = [handle](auto& function, const char* name) {
        function =
            reinterpret_cast<std::remove_reference_t<decltype(function)>>(dlsym(handle, name));
        if (function == nullptr) {
            throw std::runtime_error(std::string("partitioning: " TUNTAS_METIS_SONAME " has no ") +
                                     name);
        }
    };
    MetisLibrary library;
    bind(library.set_default_options, "METIS_SetDefaultOptions");
    bind(library.part_graph_kway, "METIS_PartGraphKway");
    return library;
}

}  // namespace

const MetisLibrary& metis_library() {
    static const MetisLibrary library = load_metis();
    return library;
}

}  // namespace tuntas::scenarios
