// libFuzzer target: the district loader (district.toml and its GeoJSON layers, the road graph
// and backhaul checks). A generated district of 10,000 people is the base; the input's first
// byte picks the layer it replaces (district.toml, zones, roads, facilities, backhaul) and the
// rest is that file. With TUNTAS_FUZZ_SEEDS=DIR set, the base's layers are written there as
// seed inputs first. Differential too: on every input the layers' fast JSON reader
// (json_sax_fast) either declines or gives the events nlohmann::json's parser gives, and on
// every roads layer the fast road reader gives the reference reader's records or problems.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <variant>

#include "models/district/district_generator.hpp"
#include "models/district/district_io.hpp"
#include "models/district/json_sax_fast.hpp"
#include "tests/fuzz/fuzz_input.hpp"
#include "tests/models/json_event_log.hpp"

using namespace tuntas;

namespace {

constexpr std::array<const char*, 5> layers{"district.toml", "zones.geojson", "roads.geojson",
                                            "facilities.geojson", "backhaul.geojson"};

std::string read_all(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const std::filesystem::path& base_district() {
    static const std::filesystem::path folder = [] {
        auto path = fuzz::scratch_folder() / "district";
        district::write_district(district::generate_district(
                                     {.population = 10'000, .seed = 3, .centre = {116.19, -1.90}}),
                                 path);
        return path;
    }();
    return folder;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    if (const char* seeds = std::getenv("TUNTAS_FUZZ_SEEDS")) {
        std::filesystem::create_directories(seeds);
        for (std::size_t k = 0; k < layers.size(); ++k) {
            const std::string layer = read_all(base_district() / layers[k]);
            fuzz::write_bytes(std::filesystem::path(seeds) / (std::string("base-") + layers[k]),
                              std::string(1, static_cast<char>(k)) + layer);
        }
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const auto& folder = base_district();
    const std::filesystem::path layer = folder / layers[data[0] % layers.size()];
    const std::string original = read_all(layer);
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    if (testing::JsonEventLog fast; district::json_sax_fast(text, fast)) {
        testing::JsonEventLog reference;
        nlohmann::json::sax_parse(text.begin(), text.end(), &reference);
        if (fast.events != reference.events) __builtin_trap();
    }
    if (layers[data[0] % layers.size()] == std::string_view("roads.geojson")) {
        const std::string roads(text);
        const auto fast = district::read_road_layer(layer, roads, district::LayerReader::fastest);
        const auto reference =
            district::read_road_layer(layer, roads, district::LayerReader::reference);
        if (fast.index() != reference.index()) __builtin_trap();
        if (const auto* records = std::get_if<district::RoadLayer>(&reference)) {
            const auto& fast_records = std::get<district::RoadLayer>(fast);
            if (!(fast_records.roads == records->roads) ||
                !(fast_records.signals == records->signals) ||
                !(fast_records.signal_programs == records->signal_programs))
                __builtin_trap();
        } else {
            const auto& fast_problems = std::get<1>(fast);
            const auto& reference_problems = std::get<1>(reference);
            if (fast_problems.size() != reference_problems.size()) __builtin_trap();
            for (std::size_t k = 0; k < fast_problems.size(); ++k) {
                if (fast_problems[k].format() != reference_problems[k].format()) __builtin_trap();
            }
        }
    }
    fuzz::write_bytes(layer, text);
    fuzz::expect_clean([&] { static_cast<void>(district::load_district(folder)); });
    fuzz::write_bytes(layer, original);
    return 0;
}
