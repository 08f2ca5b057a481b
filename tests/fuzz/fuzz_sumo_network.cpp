// libFuzzer target: `tuntas import sumo` on a .net.xml (edges, lanes and their permissions,
// connections, traffic-light programs, the location and its projection), and the district it
// makes (its road graph checks).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

#include "models/district/district.hpp"
#include "models/district/sumo_import.hpp"
#include "tests/fuzz/fuzz_input.hpp"

using namespace tuntas;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = fuzz::scratch_folder() / "network.net.xml";
    fuzz::write_bytes(file, std::string_view(reinterpret_cast<const char*>(data), size));
    fuzz::expect_clean([&] {
        auto imported = district::import_sumo(file);
        const district::District district(std::move(imported.data));
        static_cast<void>(district);
    });
    return 0;
}
