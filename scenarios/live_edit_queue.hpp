#pragma once

#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "models/api/section_values.hpp"

namespace tuntas::scenarios {

/// A what-if asked for while a scenario runs (a viewer's knob): its kind and values; the run
/// gives it the time of the sample instant it is applied at.
struct LiveEditRequest {
    std::string kind;
    model::SectionValues values;
};

/// Edits asked for from any thread, taken by the run between windows.
class LiveEditQueue {
public:
    /// Queues an edit (any thread).
    void push(LiveEditRequest request) {
        const std::lock_guard lock(mutex_);
        requests_.push_back(std::move(request));
    }
    /// Takes every queued edit, in the order they came (the run, between windows).
    [[nodiscard]] std::vector<LiveEditRequest> take() {
        const std::lock_guard lock(mutex_);
        return std::exchange(requests_, {});
    }

private:
    std::mutex mutex_;
    std::vector<LiveEditRequest> requests_;
};

}  // namespace tuntas::scenarios
