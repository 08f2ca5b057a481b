#pragma once

#include <filesystem>
#include <memory>

#include "viewer/frame_source.hpp"

namespace tuntas::viewer {

/// Two results of the same district and times as one: each sample's series are A's values less
/// B's (B is the baseline), its KPIs A's less B's, its edits A's; difference() is true, so the
/// map colours by the change. Throws std::runtime_error naming what does not match (another
/// district's entities, other sample times) or a file that does not read.
[[nodiscard]] std::unique_ptr<FrameSource> open_difference(const std::filesystem::path& a,
                                                           const std::filesystem::path& b);

}  // namespace tuntas::viewer
