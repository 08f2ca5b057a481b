#include "models/district/projection.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>

#include <boost/geometry/core/cs.hpp>
#include <boost/geometry/geometries/point.hpp>
#include <boost/geometry/srs/projection.hpp>
#include <proj.h>

#include "engine/shared_library.hpp"

#ifndef TUNTAS_PROJ_SONAME
#error "TUNTAS_PROJ_SONAME names the PROJ library to load (set by models/district/CMakeLists.txt)"
#endif

namespace tuntas::district {

namespace {

/// The PROJ functions tuntas calls, loaded from the library on first use. PROJ and what it links
/// (libcurl, GnuTLS, libtiff, SQLite and theirs: some 40 shared libraries) take about 9 ms to
/// map and relocate; linked, every process paid that before main(), the critical path of a short
/// run. Loaded here, only for a CRS that needs it (not UTM on WGS 84), the cost falls on the
/// thread that builds the first such Projection, or on the one Projection::load_library_early
/// starts (load_district does, before reading its layers). The types come from proj.h, so a
/// call that does not match PROJ's declaration does not compile.
struct ProjLibrary {
    decltype(&proj_context_create) context_create{};
    decltype(&proj_context_destroy) context_destroy{};
    decltype(&proj_create) create{};
    decltype(&proj_create_crs_to_crs) create_crs_to_crs{};
    decltype(&proj_normalize_for_visualization) normalize_for_visualization{};
    decltype(&proj_get_type) get_type{};
    decltype(&proj_crs_get_geodetic_crs) crs_get_geodetic_crs{};
    decltype(&proj_crs_get_coordoperation) crs_get_coordoperation{};
    decltype(&proj_get_id_auth_name) get_id_auth_name{};
    decltype(&proj_get_id_code) get_id_code{};
    decltype(&proj_trans) trans{};
    decltype(&proj_destroy) destroy{};
    decltype(&proj_log_func) log_func{};

    /// Loads the library and every function; throws std::runtime_error naming what is missing.
    ProjLibrary() {
        // Lazy: the functions of PROJ's dependencies that tuntas never reaches (libcurl's,
        // GnuTLS's) are not bound (about 1.3 ms of the load); the ones used are looked up below.
        // Never closed: PJ objects may outlive any one Projection until the process ends.
        const engine::SharedLibrary library(TUNTAS_PROJ_SONAME, "projection", true);
        library.bind(context_create, "proj_context_create");
        library.bind(context_destroy, "proj_context_destroy");
        library.bind(create, "proj_create");
        library.bind(create_crs_to_crs, "proj_create_crs_to_crs");
        library.bind(normalize_for_visualization, "proj_normalize_for_visualization");
        library.bind(get_type, "proj_get_type");
        library.bind(crs_get_geodetic_crs, "proj_crs_get_geodetic_crs");
        library.bind(crs_get_coordoperation, "proj_crs_get_coordoperation");
        library.bind(get_id_auth_name, "proj_get_id_auth_name");
        library.bind(get_id_code, "proj_get_id_code");
        library.bind(trans, "proj_trans");
        library.bind(destroy, "proj_destroy");
        library.bind(log_func, "proj_log_func");
    }
};

/// The process's PROJ, loaded by the first caller (thread-safe); a failed load throws again on
/// the next call.
const ProjLibrary& proj() {
    static const ProjLibrary library;
    return library;
}

}  // namespace

namespace bg = boost::geometry;
using GeographicDegrees = bg::model::point<double, 2, bg::cs::geographic<bg::degree>>;
using Cartesian = bg::model::point<double, 2, bg::cs::cartesian>;

struct Projection::State {
    /// A WGS 84 / UTM zone: Boost.Geometry's port of PROJ's exact transverse Mercator
    /// (Poder/Engsager), so a district in UTM never loads PROJ. Empty: PROJ's transform.
    std::optional<bg::srs::projection<>> utm;
    PJ_CONTEXT* context{nullptr};
    PJ* transform{nullptr};
    ~State() {
        if (transform != nullptr) proj().destroy(transform);
        if (context != nullptr) proj().context_destroy(context);
    }
};

namespace {

/// For a projected CRS on WGS 84 (EPSG:4326), its own conversion: the operation that
/// proj_create_crs_to_crs finds for it (same pipeline, bit-identical results), without searching
/// the database for candidate operations (about 1 ms instead of 7-8 ms, once per process).
/// Null for any other CRS.
PJ* conversion_from_wgs84(PJ_CONTEXT* context, const std::string& crs) {
    const ProjLibrary& api = proj();
    PJ* target = api.create(context, crs.c_str());
    if (target == nullptr) return nullptr;
    PJ* conversion = nullptr;
    if (api.get_type(target) == PJ_TYPE_PROJECTED_CRS) {
        if (PJ* base = api.crs_get_geodetic_crs(context, target)) {
            const char* authority = api.get_id_auth_name(base, 0);
            const char* code = api.get_id_code(base, 0);
            if (authority != nullptr && code != nullptr && std::strcmp(authority, "EPSG") == 0 &&
                std::strcmp(code, "4326") == 0) {
                conversion = api.crs_get_coordoperation(context, target);
            }
            api.destroy(base);
        }
    }
    api.destroy(target);
    return conversion;
}

/// The UTM zone (1-60, negative in the south) of a WGS 84 / UTM CRS written as an EPSG code
/// (EPSG:32601-32660 north, EPSG:32701-32760 south) or as the PROJ string SUMO and GDAL write
/// for one (`+proj=utm +zone=33 +ellps=WGS84 +datum=WGS84 +units=m +no_defs`: every token one
/// of those, `+south` or `+type=crs`, in any order; the datum or ellipsoid WGS 84). 0 for any
/// other CRS.
int wgs84_utm_zone(const std::string& crs) {
    constexpr std::string_view prefix = "EPSG:";
    if (crs.starts_with(prefix)) {
        int code = 0;
        const char* digits = crs.data() + prefix.size();
        const auto [end, error] = std::from_chars(digits, crs.data() + crs.size(), code);
        if (error != std::errc{} || end != crs.data() + crs.size()) return 0;
        if (code >= 32601 && code <= 32660) return code % 100;
        if (code >= 32701 && code <= 32760) return -(code % 100);
        return 0;
    }
    int zone = 0;
    bool utm = false;
    bool south = false;
    bool wgs84 = false;
    std::string_view rest = crs;
    while (!rest.empty()) {
        const auto start = rest.find_first_not_of(' ');
        if (start == std::string_view::npos) break;
        rest.remove_prefix(start);
        const std::string_view token = rest.substr(0, rest.find(' '));
        rest.remove_prefix(token.size());
        if (token == "+proj=utm") {
            utm = true;
        } else if (token.starts_with("+zone=")) {
            const auto digits = token.substr(6);
            const auto [end, error] =
                std::from_chars(digits.data(), digits.data() + digits.size(), zone);
            if (error != std::errc{} || end != digits.data() + digits.size()) return 0;
        } else if (token == "+south") {
            south = true;
        } else if (token == "+ellps=WGS84" || token == "+datum=WGS84") {
            wgs84 = true;
        } else if (token != "+units=m" && token != "+no_defs" && token != "+type=crs") {
            return 0;
        }
    }
    if (!utm || !wgs84 || zone < 1 || zone > 60) return 0;
    return south ? -zone : zone;
}

/// The lon/lat (degrees) to `crs` transform, found in PROJ's database; throws when PROJ does
/// not know `crs`.
PJ* transform_from_database(PJ_CONTEXT* context, const std::string& crs) {
    const ProjLibrary& api = proj();
    api.log_func(context, nullptr, [](void*, int, const char*) {});  // errors come as ours
    PJ* raw = conversion_from_wgs84(context, crs);
    if (raw == nullptr) raw = api.create_crs_to_crs(context, "EPSG:4326", crs.c_str(), nullptr);
    if (raw == nullptr) {
        throw std::invalid_argument("PROJ does not know the projection '" + crs + "'");
    }
    // EPSG:4326 is lat/lon by the book; normalise to lon/lat, x/y order.
    PJ* transform = api.normalize_for_visualization(context, raw);
    api.destroy(raw);
    if (transform == nullptr) {
        throw std::invalid_argument("PROJ cannot normalise the transform to '" + crs + "'");
    }
    return transform;
}

/// Throws std::invalid_argument unless `crs` is a form PROJ reads without searching its
/// database by name: an authority code (EPSG:32750), a PROJ string (+proj=utm ...), WKT
/// (PROJCRS[...], PROJCS[...]) or PROJJSON ({...}). A name search takes seconds for some texts
/// (a SUMO projParameter of "0,100" took 11 s), and a name is ambiguous anyway.
void check_crs_text(const std::string& crs) {
    const auto is_code = [&] {
        const auto colon = crs.find(':');
        if (colon == std::string::npos || colon == 0 || colon + 1 == crs.size()) return false;
        const auto word = [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' ||
                   c == '.';
        };
        return std::all_of(crs.begin(), crs.begin() + static_cast<long>(colon), word) &&
               std::all_of(crs.begin() + static_cast<long>(colon) + 1, crs.end(), word);
    };
    const auto is_wkt = [&] {
        const auto bracket = crs.find('[');
        return bracket != std::string::npos && bracket > 0 &&
               std::all_of(crs.begin(), crs.begin() + static_cast<long>(bracket), [](char c) {
                   return std::isupper(static_cast<unsigned char>(c)) != 0 || c == '_';
               });
    };
    const bool proj_string = crs.starts_with("+proj=") || crs.find(" +proj=") != std::string::npos;
    if (is_code() || is_wkt() || proj_string || crs.starts_with('{')) return;
    throw std::invalid_argument(
        "'" + crs +
        "' is no projection tuntas reads: give an authority code (EPSG:32750), a PROJ string "
        "(+proj=utm +zone=50 +south +datum=WGS84) or WKT");
}

}  // namespace

Projection::Projection(const std::string& crs) {
    check_crs_text(crs);
    if (const int zone = wgs84_utm_zone(crs); zone != 0) {
        state_ = std::make_unique<State>();
        state_->utm.emplace(bg::srs::proj4("+proj=utm +zone=" + std::to_string(std::abs(zone)) +
                                           (zone < 0 ? " +south" : "") + " +ellps=WGS84"));
        return;
    }
    const ProjLibrary& api = proj();  // before State exists: its destructor calls into PROJ
    state_ = std::make_unique<State>();
    state_->context = api.context_create();
    state_->transform = transform_from_database(state_->context, crs);
}

bool Projection::needs_proj(const std::string& crs) {
    return wgs84_utm_zone(crs) == 0;
}

void Projection::load_library_early(const std::string& crs) {
    if (!needs_proj(crs)) return;
    static const std::jthread loader([] {
        try {
            static_cast<void>(proj());
        } catch (const std::exception&) {
            // Reported by the first Projection, which loads again.
        }
    });
}

Projection::~Projection() = default;
Projection::Projection(Projection&&) noexcept = default;
Projection& Projection::operator=(Projection&&) noexcept = default;

LonLat Projection::inverse(XY point) const {
    if (state_->utm) {
        GeographicDegrees out;
        try {
            state_->utm->inverse(Cartesian(point.x_m, point.y_m), out);
        } catch (const bg::projection_exception&) {
            constexpr double nowhere = std::numeric_limits<double>::infinity();  // as PROJ's
            return {nowhere, nowhere};
        }
        return {bg::get<0>(out), bg::get<1>(out)};
    }
    PJ_COORD in{};
    in.xy = {point.x_m, point.y_m};
    const PJ_COORD out = proj().trans(state_->transform, PJ_INV, in);
    return {out.lp.lam, out.lp.phi};
}

XY Projection::forward(LonLat point) const {
    if (state_->utm) {
        Cartesian out;
        try {
            state_->utm->forward(GeographicDegrees(point.lon, point.lat), out);
        } catch (const bg::projection_exception&) {
            constexpr double nowhere = std::numeric_limits<double>::infinity();  // as PROJ's
            return {nowhere, nowhere};
        }
        return {bg::get<0>(out), bg::get<1>(out)};
    }
    PJ_COORD in{};
    in.lp = {point.lon, point.lat};
    const PJ_COORD out = proj().trans(state_->transform, PJ_FWD, in);
    return {out.xy.x, out.xy.y};
}

}  // namespace tuntas::district
