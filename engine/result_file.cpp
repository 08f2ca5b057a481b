#include "engine/result_file.hpp"

#include <type_traits>

#include <fmt/format.h>
#include <hdf5.h>

#include "engine/error.hpp"

namespace tuntas::engine {

static_assert(std::is_same_v<hid_t, std::int64_t>, "ResultFile::id() hands out an hid_t");

ResultFile::ResultFile(const std::filesystem::path& file) {
    if (!std::filesystem::exists(file)) throw Error(fmt::format("{}: no such file", file.string()));
    const hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_libver_bounds(fapl, H5F_LIBVER_LATEST, H5F_LIBVER_LATEST);
    // SWMR read first: a run that died or still runs leaves its file open for SWMR write.
    H5E_BEGIN_TRY {
        id_ = H5Fopen(file.c_str(), H5F_ACC_RDONLY | H5F_ACC_SWMR_READ, fapl);
    }
    H5E_END_TRY;
    H5Pclose(fapl);
    if (id_ < 0) {
        H5E_BEGIN_TRY {
            id_ = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
        }
        H5E_END_TRY;
    }
    if (id_ < 0) throw Error(fmt::format("{}: not a readable HDF5 file", file.string()));
}

ResultFile::~ResultFile() {
    H5Fclose(id_);
}

}  // namespace tuntas::engine
