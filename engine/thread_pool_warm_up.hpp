#pragma once

#include <memory>
#include <thread>

namespace tuntas::engine {

/// Does on a thread of its own, while its owner goes on, what oneTBB does the first time a
/// process uses it: load its allocator library (libtbbmalloc, by dlopen) and look for the
/// optional libraries its worker pool would use (libirml, libiomp5: about forty failed opens
/// along the library path). A run's set-up leaves the second core idle while its scenario loads
/// (its district and route file then take both), and those 1.1 ms fell on its critical path,
/// half when the result writer's queue was made and half when the event loop's arena was (a whole
/// `tuntas run` of Bologna's small joined network: 0.906x the wall time, 150 alternating
/// pairs). What the thread makes (a queue, an arena) is kept until the destructor has joined
/// it, so none of its memory reaches the owner's own queues and arenas unordered.
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
