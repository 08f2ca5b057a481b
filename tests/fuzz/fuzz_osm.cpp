// libFuzzer target: `tuntas import osm` on an OSM XML file (ways split at junctions, highway,
// lanes, maxspeed, oneway and place tags), and the district it makes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "models/district/district.hpp"
#include "models/district/osm_import.hpp"
#include "tests/fuzz/fuzz_input.hpp"

using namespace tuntas;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = fuzz::scratch_folder() / "map.osm";
    fuzz::write_bytes(file, std::string_view(reinterpret_cast<const char*>(data), size));
    fuzz::expect_clean([&] {
        const district::District district(district::import_osm(file));
        static_cast<void>(district);
    });
    return 0;
}
