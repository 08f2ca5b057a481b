#pragma once

#include <atomic>
#include <cstddef>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

namespace tuntas::engine {

/// tbb::parallel_for over [begin, end) in blocks of at least `grain` indices, `body` called with
/// each block (a tbb::blocked_range<std::size_t>), with explicit happens-before edges from the
/// caller into every block and from every block back to the caller: oneTBB orders them already,
/// but inside an uninstrumented libtbb, where ThreadSanitizer cannot see it. For work the
/// caller set up before and reads after (the assembly's trees, tables and routes).
template <class Body>
void parallel_for_blocks(std::size_t begin, std::size_t end, std::size_t grain, const Body& body) {
    if (begin >= end) return;
    std::atomic<std::size_t> handed_over{0};
    std::atomic<std::size_t> done{0};
    handed_over.store(end - begin, std::memory_order_release);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(begin, end, grain),
                      [&](const tbb::blocked_range<std::size_t>& block) {
                          static_cast<void>(handed_over.load(std::memory_order_acquire));
                          body(block);
                          done.fetch_add(1, std::memory_order_release);
                      });
    static_cast<void>(done.load(std::memory_order_acquire));
}

/// `body(k)` for every k in [0, count), on all cores, as parallel_for_blocks runs it (one
/// happens-before edge a block, not an atomic an index).
template <class Body>
void parallel_for_index(std::size_t count, const Body& body) {
    parallel_for_blocks(0, count, 1, [&](const tbb::blocked_range<std::size_t>& block) {
        for (std::size_t k = block.begin(); k != block.end(); ++k) body(k);
    });
}

}  // namespace tuntas::engine
