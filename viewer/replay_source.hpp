#pragma once

#include <filesystem>
#include <memory>

#include "viewer/frame_source.hpp"

namespace tuntas::viewer {

/// Opens a result file (NAME.h5, or the NAME.h5.partial of a run that died or still runs, read
/// in SWMR mode) and reads its time series, static tables and KPIs into memory. Throws
/// std::runtime_error naming the file when it cannot be read as a tuntas result.
[[nodiscard]] std::unique_ptr<FrameSource> open_replay(const std::filesystem::path& file);

}  // namespace tuntas::viewer
