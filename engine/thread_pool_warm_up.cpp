#include "engine/thread_pool_warm_up.hpp"

#include <memory>

#include <tbb/concurrent_queue.h>
#include <tbb/task_arena.h>

namespace tuntas::engine {
namespace {

/// What the warm-up made. Kept until the owner has joined the thread: freed there (in libtbb's
/// allocator), its memory could be handed to the owner's own queues and arenas meanwhile, a
/// hand-over inside the uninstrumented library that ThreadSanitizer would report as a race.
struct WarmedUp {
    tbb::concurrent_bounded_queue<int> queue;
    tbb::task_arena arena{1};
};

}  // namespace

ThreadPoolWarmUp::ThreadPoolWarmUp() {
    thread_ = std::thread([this] {
        // TBB's cache-aligned allocator (a concurrent queue's) loads libtbbmalloc; an arena's
        // initialisation makes the market and looks for the worker pool's libraries.
        auto made = std::make_shared<WarmedUp>();
        made->queue.push(0);
        made->arena.initialize();
        made_ = std::move(made);
    });
}

ThreadPoolWarmUp::~ThreadPoolWarmUp() {
    if (thread_.joinable()) thread_.join();
    made_.reset();  // after the join: the thread's accesses happen before these
}

}  // namespace tuntas::engine
