#pragma once

#include <cstdint>
#include <filesystem>

namespace tuntas::engine {

/// A result file open for reading: a finished result, or the .partial of a run that died or still
/// runs (read under SWMR, the way it was written). Closes on destruction. The header keeps HDF5
/// out of its includers; id() is the hid_t to hand to the HDF5 C API.
class ResultFile {
public:
    /// Opens `file`; throws engine::Error when it does not exist or is not a readable HDF5 file.
    explicit ResultFile(const std::filesystem::path& file);
    ~ResultFile();
    ResultFile(const ResultFile&) = delete;
    ResultFile& operator=(const ResultFile&) = delete;

    /// The HDF5 file identifier (an hid_t).
    [[nodiscard]] std::int64_t id() const noexcept { return id_; }

private:
    std::int64_t id_{-1};
};

}  // namespace tuntas::engine
