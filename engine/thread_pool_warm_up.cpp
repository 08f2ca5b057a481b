#include "engine/thread_pool_warm_up.hpp"

#include <atomic>

#include <tbb/concurrent_queue.h>
#include <tbb/task_arena.h>

namespace tuntas::engine {

ThreadPoolWarmUp::ThreadPoolWarmUp() {
    static std::atomic<bool> started{false};
    if (started.exchange(true)) return;
    thread_ = std::thread([] {
        // TBB's cache-aligned allocator (a concurrent queue's) loads libtbbmalloc; an arena's
        // initialisation makes the market and looks for the worker pool's libraries.
        tbb::concurrent_bounded_queue<int> queue;
        queue.push(0);
        tbb::task_arena arena(1);
        arena.initialize();
    });
}

ThreadPoolWarmUp::~ThreadPoolWarmUp() {
    if (thread_.joinable()) thread_.join();
}

}  // namespace tuntas::engine
