#pragma once

#include <algorithm>
#include <thread>

namespace tuntas::cli {

/// The worker threads `run` and a live `view` use when --threads is not given: the machine's
/// cores (a sweep gives each of its J runs cores / J). Results are the same at any count.
[[nodiscard]] inline unsigned default_threads() {
    return std::max(1U, std::thread::hardware_concurrency());
}

}  // namespace tuntas::cli
