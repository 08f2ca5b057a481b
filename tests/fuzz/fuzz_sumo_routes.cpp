// libFuzzer target: the SUMO route file reader (vTypes and distributions, routes, vehicles,
// trips, flows, persons, stops) and the routes' resolution on a network: the test network
// `tri` (tests/models/data/sumo), imported once. Differential as well: read the fastest way
// (RapidXML where the reader trusts it, expat otherwise) in one pass and in three pieces, the
// file must give what expat gives in one pass, or fail with the same message.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "models/api/input_error.hpp"
#include "models/district/district.hpp"
#include "models/district/sumo_import.hpp"
#include "models/traffic/sumo_route_file.hpp"
#include "models/traffic/sumo_routes.hpp"
#include "models/traffic/traffic_builder.hpp"
#include "tests/fuzz/fuzz_input.hpp"

using namespace tuntas;

namespace {

bool same(const traffic::SumoRouteFile& a, const traffic::SumoRouteFile& b) {
    if (a.edge_names != b.edge_names || a.route_edges != b.route_edges ||
        a.warnings != b.warnings || a.vehicles.size() != b.vehicles.size() ||
        a.types.size() != b.types.size() || a.distributions.size() != b.distributions.size())
        return false;
    for (std::size_t v = 0; v < a.vehicles.size(); ++v) {
        const auto& x = a.vehicles[v];
        const auto& y = b.vehicles[v];
        if (x.id != y.id ||
            !(x.depart_s == y.depart_s || (x.depart_s != x.depart_s && y.depart_s != y.depart_s)) ||
            x.line != y.line || x.route_begin != y.route_begin || x.route_end != y.route_end ||
            x.from_edge != y.from_edge || x.to_edge != y.to_edge || x.type != y.type)
            return false;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const district::District network_district(
        district::import_sumo(TUNTAS_FUZZ_SUMO_DIR "/tri").data);
    const auto file = fuzz::scratch_folder() / "routes.rou.xml";
    fuzz::write_bytes(file, std::string_view(reinterpret_cast<const char*>(data), size));
    fuzz::expect_clean([&] {
        // expat alone, in one pass, is the reference: RapidXML (where the reader trusts it) in
        // one pass and in three pieces must give the same file or name the same problem.
        const auto read = [&](unsigned pieces, traffic::RouteFileParser parser,
                              std::string& problem) -> std::optional<traffic::SumoRouteFile> {
            try {
                return traffic::read_sumo_route_file(file, 7, pieces, parser);
            } catch (const model::InputError& e) {
                problem = e.what();
                return std::nullopt;
            }
        };
        std::string reference_problem;
        const auto reference = read(1, traffic::RouteFileParser::expat, reference_problem);
        for (const unsigned pieces : {1U, 3U}) {
            std::string problem;
            const auto fast = read(pieces, traffic::RouteFileParser::fastest, problem);
            if (problem != reference_problem || fast.has_value() != reference.has_value() ||
                (fast && !same(*reference, *fast))) {
                std::fprintf(stderr,
                             "fuzz: %u piece(s), the fastest way differs from expat in one pass "
                             "('%s' against '%s')\n",
                             pieces, problem.c_str(), reference_problem.c_str());
                std::abort();
            }
        }
        if (!reference) return;  // a problem named, alike: a clean refusal
        const traffic::SumoRouteFile& routes = *reference;
        auto network = traffic::make_network(network_district, traffic::TrafficParams{});
        static_cast<void>(traffic::resolve_sumo_routes(routes, network_district, *network,
                                                       24 * 3600 * engine::ticks_per_second, 7));
    });
    return 0;
}
