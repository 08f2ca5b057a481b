#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <boost/math/distributions/students_t.hpp>
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/support/run_file.hpp"
#include "tests/support/small_district.hpp"

using namespace tuntas;
namespace fs = std::filesystem;

namespace {

constexpr int seeds = 6;

/// The KPIs of the scenario `text` (on the district above) for seeds 1..seeds, one map a seed.
std::vector<std::map<std::string, double>> kpis_over_seeds(const std::string& name,
                                                           const std::string& text) {
    const fs::path file = testing::small_district_folder() / (name + ".toml");
    std::ofstream(file) << "district = \"district\"\n" << text;
    std::vector<std::map<std::string, double>> runs;
    for (int seed = 1; seed <= seeds; ++seed) {
        std::map<std::string, double>& kpis = runs.emplace_back();
        for (const auto& k : testing::run_file(file, {fmt::format("seed={}", seed)}, 2).kpis)
            kpis[k.name] = k.value;
    }
    return runs;
}

/// `kpi` of each run.
std::vector<double> values_of(const std::vector<std::map<std::string, double>>& runs,
                              const std::string& kpi) {
    std::vector<double> values;
    for (const auto& run : runs) values.push_back(run.at(kpi));
    return values;
}

/// The 95 % confidence interval of the mean paired difference variant - base (Student's t with
/// n - 1 degrees of freedom: the tolerance comes from the differences' own standard error).
std::pair<double, double> paired_ci(const std::vector<double>& base,
                                    const std::vector<double>& variant) {
    const auto n = static_cast<double>(base.size());
    double mean = 0.0;
    for (std::size_t k = 0; k < base.size(); ++k) mean += (variant[k] - base[k]) / n;
    double ss = 0.0;
    for (std::size_t k = 0; k < base.size(); ++k) {
        const double d = variant[k] - base[k] - mean;
        ss += d * d;
    }
    const double se = std::sqrt(ss / (n - 1.0) / n);
    const boost::math::students_t t(n - 1.0);
    const double half = boost::math::quantile(boost::math::complement(t, 0.025)) * se;
    return {mean - half, mean + half};
}

/// Checks that the what-if raises each of `kpis` beyond noise: the lower end of the paired 95 %
/// interval over the seeds is above zero.
void check_raises(const std::string& name, const std::string& base, const std::string& variant,
                  const std::vector<std::string>& kpis) {
    const auto before = kpis_over_seeds(name + "-base", base);
    const auto after = kpis_over_seeds(name + "-variant", variant);
    for (const auto& kpi : kpis) {
        const auto [low, high] = paired_ci(values_of(before, kpi), values_of(after, kpi));
        CAPTURE(name, kpi, low, high);
        CHECK(low > 0.0);
    }
}

}  // namespace

TEST_CASE("what-ifs: closing the town's edge roads raises vehicle-hours and unfinished trips "
          "beyond noise",
          "[scenarios][traffic][validation][slow]") {
    const std::string base = "duration = \"12h\"\n[traffic]\n";
    const std::string closed = base + "[[edits]]\nkind = \"traffic.close_road\"\n"
                                      "road = \"Jl. Raya 0\"\nat = \"5h\"\nuntil = \"10h\"\n";
    check_raises("road", base, closed, {"traffic.vehicle_hours", "traffic.unfinished_trips"});
}

TEST_CASE("what-ifs: cutting a village site's backhaul raises unserved data beyond noise",
          "[scenarios][telecom][validation][slow]") {
    // Site 7 is a village's own site on a microwave hop: cut, its people fall back on a
    // neighbour's sectors, which refuse what they cannot carry. (A town site's fibre, cut at
    // 01:00, only drops the 0-3 sessions then running, and the other town sites absorb the
    // rest: too small an effect for six seeds.)
    const std::string base = "duration = \"12h\"\n[traffic]\n[telecom]\nrandom_failures = false\n";
    const std::string cut = base + "[[edits]]\nkind = \"telecom.cut_link\"\nlink = \"bh-site-7\"\n"
                                   "at = \"1h\"\nuntil = \"11h\"\n";
    check_raises("backhaul", base, cut, {"telecom.unserved_gb"});
}

TEST_CASE("what-ifs: more waste per person means more collected beyond noise",
          "[scenarios][waste][validation][slow]") {
    const std::string base = "duration = \"2d\"\n[traffic]\n[waste]\n";
    const std::string more = base + "[[edits]]\nkind = \"waste.set_generation\"\n"
                                    "kg_per_person_per_day = 0.75\n";
    check_raises("generation", base, more, {"waste.collected_t_per_day"});
}

TEST_CASE("what-ifs: a truck more never collects less or lets more overflow, beyond noise",
          "[scenarios][waste][validation][slow]") {
    // A fleet too small for the town (one dump truck, one arm-roll) and one dump truck more:
    // every truck is a resource, so the planner gives the new one work. Collection must not fall
    // and overflow must not rise beyond noise (the paired 95 % interval does not lie wholly on
    // the wrong side of zero); with the fleet this short, the new truck collects more.
    const std::string base = "warmup = \"1d\"\nduration = \"2d\"\n[traffic]\n[waste]\n"
                             "arm_roll_trucks = 1\n";
    const std::string one = base + "dump_trucks = 1\n";
    const std::string two = base + "dump_trucks = 2\n";
    const auto short_fleet = kpis_over_seeds("fleet-1", one);
    const auto more_fleet = kpis_over_seeds("fleet-2", two);
    const auto collected = paired_ci(values_of(short_fleet, "waste.collected_t_per_day"),
                                     values_of(more_fleet, "waste.collected_t_per_day"));
    CAPTURE(collected.first, collected.second);
    CHECK(collected.first > 0.0);
    const auto overflowed = paired_ci(values_of(short_fleet, "waste.overflowed_t_per_day"),
                                      values_of(more_fleet, "waste.overflowed_t_per_day"));
    CAPTURE(overflowed.first, overflowed.second);
    CHECK(overflowed.first <= 0.0);
}
