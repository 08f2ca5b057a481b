// libFuzzer target: the SUMO route file reader (vTypes and distributions, routes, vehicles,
// trips, flows, persons, stops) and the routes' resolution on a network: the test network
// `tri` (tests/models/data/sumo), imported once.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

#include "models/district/district.hpp"
#include "models/district/sumo_import.hpp"
#include "models/traffic/sumo_route_file.hpp"
#include "models/traffic/sumo_routes.hpp"
#include "models/traffic/traffic_builder.hpp"
#include "tests/fuzz/fuzz_input.hpp"

using namespace tuntas;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const district::District network_district(
        district::import_sumo(TUNTAS_FUZZ_SUMO_DIR "/tri").data);
    const auto file = fuzz::scratch_folder() / "routes.rou.xml";
    fuzz::write_bytes(file, std::string_view(reinterpret_cast<const char*>(data), size));
    fuzz::expect_clean([&] {
        const auto routes = traffic::read_sumo_route_file(file, 7);
        auto network = traffic::make_network(network_district, traffic::TrafficParams{});
        static_cast<void>(traffic::resolve_sumo_routes(routes, network_district, *network,
                                                       24 * 3600 * engine::ticks_per_second, 7));
    });
    return 0;
}
