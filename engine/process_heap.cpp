#include "engine/process_heap.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <system_error>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>
#endif

#include "engine/sanitizer_build.hpp"

namespace tuntas::engine {
namespace {

#if defined(__GLIBC__)

constexpr std::uintptr_t huge_page_bytes = std::uintptr_t{2} << 20;
constexpr std::size_t max_reserve_bytes = std::size_t{1} << 30;
constexpr std::size_t prefault_bytes = std::size_t{4} << 20;

/// The heap to reserve: an eighth of the machine's memory, at most 1 GiB, and none when a limit
/// on the process's data or address space would make a quarter of it fail.
std::size_t reserve_bytes() {
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long page_size = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page_size <= 0) return 0;
    std::size_t reserve = std::min(max_reserve_bytes, static_cast<std::size_t>(pages) *
                                                          static_cast<std::size_t>(page_size) / 8);
    for (const int resource : {RLIMIT_DATA, RLIMIT_AS}) {
        rlimit limit{};
        if (getrlimit(resource, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY &&
            limit.rlim_cur / 4 < reserve)
            return 0;
    }
    return reserve & ~(huge_page_bytes - 1);
}

/// Faults in [begin, begin + bytes) on a detached thread (MADV_POPULATE_WRITE, Linux 5.14; an
/// older kernel refuses it and the pages fault on first use as before).
void prefault_in_background(std::uintptr_t begin, std::size_t bytes) {
    try {
        std::thread([begin, bytes] {
            madvise(reinterpret_cast<void*>(begin), bytes, MADV_POPULATE_WRITE);
        }).detach();
    } catch (const std::system_error&) {
        // No thread to spare: the pages fault on first use.
    }
}

std::uintptr_t program_break() {
    return reinterpret_cast<std::uintptr_t>(sbrk(0));
}

#endif

}  // namespace

std::size_t prepare_heap_for_process() {
#if defined(__GLIBC__)
    if constexpr (sanitizer_build) return 0;  // its own allocator
    mallopt(M_ARENA_MAX, 1);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, -1);  // glibc trims only when asked (malloc_trim)
    const std::size_t reserve = reserve_bytes();
    if (reserve < huge_page_bytes) return 0;

    // The main arena's free top chunk ends at the program break. A block that takes it up to
    // 16 bytes short of the next 2 MiB boundary leaves the new top chunk's header below the
    // boundary and its first byte on it; the block is never touched, so never backed by memory.
    const std::uintptr_t break_before = program_break();
    const std::uintptr_t top_begin = break_before - mallinfo2().keepcost;
    std::uintptr_t aligned = (break_before + huge_page_bytes - 1) & ~(huge_page_bytes - 1);
    constexpr std::uintptr_t header_bytes = 2 * sizeof(std::size_t);
    if (aligned - top_begin < 4 * header_bytes) aligned += huge_page_bytes;
    // The block extends the heap by `reserve` beyond itself (the top pad), in the same call.
    mallopt(M_TOP_PAD, static_cast<int>(reserve));
    void* volatile spacer = std::malloc(aligned - top_begin - header_bytes - sizeof(std::size_t));
    mallopt(M_TOP_PAD, 128 << 10);  // glibc's default again
    if (spacer == nullptr) return 0;
    const std::uintptr_t end = program_break() & ~(huge_page_bytes - 1);
    // Nothing has written past `aligned` yet: a 2 MiB range with any 4 KiB page in it would
    // stay in 4 KiB pages.
    if (end <= aligned ||
        madvise(reinterpret_cast<void*>(aligned), end - aligned, MADV_HUGEPAGE) != 0)
        return 0;
    // Its first 4 MiB (all that a run of Bologna's joined network uses; 5 h of the DRT network
    // use 14) are faulted in by a thread of its own while main() goes on: the second core is
    // idle this early. main()'s next allocation mostly faults the first 2 MiB itself before the
    // thread runs; the thread saves the rest. Populating leaves their contents alone, so it may
    // race with the allocations that use them.
    prefault_in_background(aligned, std::min<std::size_t>(end - aligned, prefault_bytes));
    return end - aligned;
#else
    return 0;
#endif
}

}  // namespace tuntas::engine
