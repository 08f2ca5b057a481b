#include "engine/hdf5_process.hpp"

#include <hdf5.h>

namespace tuntas::engine {

void prepare_hdf5_for_process() {
    H5dont_atexit();
    quiet_hdf5_errors();
}

void quiet_hdf5_errors() {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

}  // namespace tuntas::engine
