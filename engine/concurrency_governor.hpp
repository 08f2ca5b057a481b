#pragma once

// Internal to the engine: chooses, epoch by epoch, whether the parallel scheduler runs a window's
// partitions on all its threads or one after another on the calling thread. Results do not depend
// on the choice (windows and per-LP event order are the same), only speed does.

#include <algorithm>
#include <array>
#include <cstdint>

namespace tuntas::engine::detail {

/// How the partitions of a window are run.
enum class WindowMode : std::uint8_t { serial = 0, parallel = 1 };

/// Decides from measurements whether windows run in parallel. In parallel mode it compares, over
/// epochs of about 20 ms, the wall time of the windows with the CPU time their partitions used:
/// one thread would have needed that CPU time, so cpu / wall is the speedup parallelism actually
/// gives, measured on the same windows (machine noise affects both alike). Below 1.15 (another
/// process holds a core, or windows are too small to share) it falls back to serial windows, and
/// re-tries parallel for 5 ms after one epoch, backing off to every 64 epochs while serial stays
/// better. So the threads never wait at a barrier for a core that another process needs. The
/// run's first epoch is as short as a trial: a run whose windows are too small to share (a
/// small network's short lookahead: tens of events a window) turns serial after 5 ms, not 20;
/// and since a run's first milliseconds (an empty network filling) say little about the rest,
/// the first re-try comes one epoch later (SUMO's DRT network over 5 h: 2,781-3,889 of its
/// 3,889 windows then ran in parallel in six runs, against 232-3,889 in four with the first
/// re-try four epochs on).
class ConcurrencyGovernor {
public:
    /// `parallel_allowed` false (one thread or one partition) pins the serial mode.
    explicit ConcurrencyGovernor(bool parallel_allowed) noexcept
        : parallel_allowed_(parallel_allowed),
          mode_(parallel_allowed ? WindowMode::parallel : WindowMode::serial) {}

    /// The mode for the next window.
    [[nodiscard]] WindowMode mode() const noexcept { return mode_; }

    /// Records a window that took `wall_seconds`; in parallel mode `cpu_seconds` is the CPU time
    /// its partitions used (ignored in serial mode).
    void record(double wall_seconds, double cpu_seconds) noexcept {
        if (!parallel_allowed_) return;
        epoch_wall_ += wall_seconds;
        epoch_cpu_ += cpu_seconds;
        const bool trial = mode_ == WindowMode::parallel && (on_trial_ || first_epoch_);
        if (epoch_wall_ < (trial ? trial_seconds : epoch_seconds)) return;
        finish_epoch();
        epoch_wall_ = 0.0;
        epoch_cpu_ = 0.0;
    }

private:
    static constexpr double trial_seconds = 0.005;
    static constexpr double epoch_seconds = 0.02;
    static constexpr double required_speedup = 1.15;
    static constexpr unsigned first_trial_after = 1;
    static constexpr unsigned last_trial_after = 64;

    void finish_epoch() noexcept {
        if (mode_ == WindowMode::parallel) {
            const bool worth_it = epoch_cpu_ > required_speedup * epoch_wall_;
            if (!worth_it) {
                mode_ = WindowMode::serial;
                trial_after_ =
                    on_trial_ ? std::min(2 * trial_after_, last_trial_after) : first_trial_after;
                serial_epochs_ = 0;
            }
            on_trial_ = false;
            first_epoch_ = false;
            return;
        }
        if (++serial_epochs_ >= trial_after_) {
            mode_ = WindowMode::parallel;
            on_trial_ = true;
        }
    }

    bool parallel_allowed_;
    WindowMode mode_;
    bool on_trial_{false};
    bool first_epoch_{true};
    unsigned trial_after_{first_trial_after};
    unsigned serial_epochs_{0};
    double epoch_wall_{0.0};
    double epoch_cpu_{0.0};
};

}  // namespace tuntas::engine::detail
