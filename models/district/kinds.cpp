#include <array>
#include <utility>

#include "models/district/facility_kind.hpp"
#include "models/district/road_class.hpp"

namespace tuntas::district {
namespace {
constexpr std::array<std::pair<RoadClass, std::string_view>, 4> road_names{{
    {RoadClass::national, "national"},
    {RoadClass::provincial, "provincial"},
    {RoadClass::district, "district"},
    {RoadClass::local, "local"},
}};
constexpr std::array<std::pair<FacilityKind, std::string_view>, 8> facility_names{{
    {FacilityKind::tps, "tps"},
    {FacilityKind::tps3r, "tps3r"},
    {FacilityKind::waste_bank, "waste_bank"},
    {FacilityKind::transfer_depot, "transfer_depot"},
    {FacilityKind::landfill, "landfill"},
    {FacilityKind::truck_depot, "truck_depot"},
    {FacilityKind::cell_site, "cell_site"},
    {FacilityKind::aggregation_node, "aggregation_node"},
}};

template <class Enum, std::size_t N>
std::optional<Enum> parse(const std::array<std::pair<Enum, std::string_view>, N>& table,
                          std::string_view name) {
    for (const auto& [value, text] : table) {
        if (text == name) return value;
    }
    return std::nullopt;
}

template <class Enum, std::size_t N>
std::string_view name(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
    for (const auto& [v, text] : table) {
        if (v == value) return text;
    }
    return "?";
}
}  // namespace

RoadClassDefaults defaults_of(RoadClass road_class) {
    switch (road_class) {
    case RoadClass::national:
        return {1, 60.0, 1550.0};
    case RoadClass::provincial:
        return {1, 50.0, 1450.0};
    case RoadClass::district:
        return {1, 40.0, 1300.0};
    case RoadClass::local:
        return {1, 30.0, 1100.0};
    }
    return {1, 30.0, 1100.0};
}

std::string_view name_of(RoadClass road_class) {
    return name(road_names, road_class);
}
std::optional<RoadClass> parse_road_class(std::string_view text) {
    return parse(road_names, text);
}
std::string_view name_of(FacilityKind kind) {
    return name(facility_names, kind);
}
std::optional<FacilityKind> parse_facility_kind(std::string_view text) {
    return parse(facility_names, text);
}

}  // namespace tuntas::district
