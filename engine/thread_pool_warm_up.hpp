#pragma once

#include <memory>
#include <thread>

namespace tuntas::engine {

/// Does on a thread of its own, while its owner goes on, what oneTBB does the first time a
/// process uses it: load its allocator library (libtbbmalloc, by dlopen) and look for the
/// optional libraries its worker pool would use (libirml, libiomp5: about forty failed opens
/// along the library path). A run's start is single-threaded (its scenario, then its district
/// and route file on two threads), and those 1.1 ms fell on its critical path, half when the
/// result writer's queue was made and half when the event loop's arena was (4 % of a whole
/// `tuntas run` of a small Bologna network). Joins the thread when destroyed. Only the first
/// in a process starts one: later ones (a sweep's runs) do nothing.
class ThreadPoolWarmUp {
public:
    ThreadPoolWarmUp();
    ~ThreadPoolWarmUp();
    ThreadPoolWarmUp(const ThreadPoolWarmUp&) = delete;
    ThreadPoolWarmUp& operator=(const ThreadPoolWarmUp&) = delete;

private:
    std::thread thread_;
    std::shared_ptr<void> made_;  ///< what the thread made, kept until it is joined
};

}  // namespace tuntas::engine
