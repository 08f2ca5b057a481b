#pragma once

#include <cstddef>

namespace tuntas::engine {

/// Sets up the C heap (glibc's malloc) for a command-line process; call first in main(), before
/// any thread starts. Returns the bytes of heap it advised the kernel to back with transparent
/// huge pages (0 where it did nothing: another C library, a sanitizer's allocator, a system
/// without huge pages, too little memory or address space to reserve).
///
/// A first touch of a 4 KiB page costs about 3 us on this project's machines (a page fault,
/// zeroing, the memory cgroup's charge), so a small run spends a sixth of its CPU on page faults:
/// Bologna's joined network, 1,465 of them in a 22 ms process. Three settings cut that:
/// - the rest of the main arena starts on a 2 MiB boundary (an untouched spacer block fills the
///   gap, which costs address space, not memory) and is extended at once by `reserve` (at most
///   1 GiB, an eighth of the machine's memory), advised MADV_HUGEPAGE: one fault a 2 MiB page;
/// - glibc never trims that heap by itself (a trimmed and regrown heap loses the advice; an
///   explicit malloc_trim, as traffic calls at each day's join, still gives the unused top
///   back, and the heap grows in 4 KiB pages after it) and blocks up to
///   32 MiB come from it, not from mmap (what glibc's own threshold rises to on the first free);
/// - every thread allocates from that one arena, not from per-thread arenas grown 4 KiB at a
///   time (one mprotect and one fault each). Small blocks are served by each thread's cache
///   without the arena's lock.
/// The first 4 MiB are faulted in by a detached thread of their own (MADV_POPULATE_WRITE) while
/// main() goes on. Joined's process: 447 page faults instead of 1,465; of its two 2 MiB pages,
/// main()'s next allocation takes the first itself (0.23 ms), the thread the second.
std::size_t prepare_heap_for_process();

}  // namespace tuntas::engine
