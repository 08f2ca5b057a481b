#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>
#include <unistd.h>

#include "engine/process_heap.hpp"
#include "engine/sanitizer_build.hpp"

namespace {

/// The kernel's flags for the mapping that holds `address` (/proc/self/smaps's VmFlags line).
std::string mapping_flags(const void* address) {
    const auto where = reinterpret_cast<std::uintptr_t>(address);
    std::ifstream smaps("/proc/self/smaps");
    std::string line;
    bool inside = false;
    while (std::getline(smaps, line)) {
        unsigned long begin = 0;
        unsigned long end = 0;
        char dash = 0;
        std::istringstream head(line);
        if (head >> std::hex >> begin >> dash >> end && dash == '-' &&
            line.find(':') > line.find(' ')) {
            inside = begin <= where && where < end;
            continue;
        }
        if (inside && line.rfind("VmFlags:", 0) == 0) return line.substr(8) + " ";
    }
    return {};
}

std::uintptr_t program_break() {
    return reinterpret_cast<std::uintptr_t>(sbrk(0));
}

}  // namespace

TEST_CASE("engine::prepare_heap_for_process: later blocks come from a heap advised huge pages, "
          "kept, not mmapped",
          "[engine][unit]") {
    const std::size_t advised = tuntas::engine::prepare_heap_for_process();
    if constexpr (tuntas::engine::sanitizer_build) {
        CHECK(advised == 0);  // the sanitizer's allocator is not glibc's
        return;
    }
    constexpr std::size_t huge_page = std::size_t{2} << 20;
    REQUIRE(advised >= huge_page);
    CHECK(advised % huge_page == 0);

    // A 4 MiB block (above glibc's default mmap threshold of 128 KiB) lies in the heap, below the
    // program break, in a mapping the kernel has marked for huge pages ("hg").
    auto* block = static_cast<char*>(std::malloc(std::size_t{4} << 20));
    REQUIRE(block != nullptr);
    std::memset(block, 0x5a, std::size_t{4} << 20);
    CHECK(reinterpret_cast<std::uintptr_t>(block) < program_break());
    CHECK(mapping_flags(block).find(" hg ") != std::string::npos);

    // 20 MiB still comes from the heap, and freeing it gives nothing back to the system (a
    // trimmed heap regrows without the advice).
    auto* large = static_cast<char*>(std::malloc(std::size_t{20} << 20));
    REQUIRE(large != nullptr);
    CHECK(reinterpret_cast<std::uintptr_t>(large) < program_break());
    CHECK(mapping_flags(large + (std::size_t{10} << 20)).find(" hg ") != std::string::npos);
    const std::uintptr_t break_before_free = program_break();
    std::free(large);
    std::free(block);
    CHECK(program_break() == break_before_free);
}
