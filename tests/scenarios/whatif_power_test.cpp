#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <boost/math/distributions/students_t.hpp>
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "models/district/district_generator.hpp"
#include "models/district/district_io.hpp"
#include "scenarios/model_registry.hpp"
#include "scenarios/scenario_loader.hpp"
#include "scenarios/scenario_run.hpp"

using namespace tuntas;
namespace fs = std::filesystem;

namespace {

constexpr int seeds = 6;

/// The generated 20,000-person district of the coupled tests, written once.
fs::path district_dir() {
    const fs::path dir = fs::temp_directory_path() / "tuntas-tests" / "whatif-power";
    if (!fs::exists(dir / "district" / "district.toml")) {
        fs::create_directories(dir);
        district::write_district(district::generate_district({.population = 20'000, .seed = 3}),
                                 dir / "district");
    }
    return dir;
}

/// `kpi` of the scenario `text` (on the district above) for seeds 1..seeds.
std::vector<double> kpi_over_seeds(const std::string& name, const std::string& text,
                                   const std::string& kpi) {
    const auto registry = scenarios::default_registry();
    const fs::path file = district_dir() / (name + ".toml");
    std::ofstream(file) << "district = \"district\"\n" << text;
    std::vector<double> values;
    for (int seed = 1; seed <= seeds; ++seed) {
        const auto scenario =
            scenarios::load_scenario(file, {fmt::format("seed={}", seed)}, registry.schema());
        scenarios::RunOptions options;
        options.threads = 2;
        const auto result = scenarios::run_scenario(scenario, registry, options);
        for (const auto& k : result.kpis) {
            if (k.name == kpi) values.push_back(k.value);
        }
    }
    REQUIRE(values.size() == static_cast<std::size_t>(seeds));
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

}  // namespace

TEST_CASE("what-ifs: closing the town's edge roads raises vehicle-hours and unfinished trips "
          "beyond noise",
          "[scenarios][traffic][validation][slow]") {
    const std::string base = "duration = \"12h\"\n[traffic]\n";
    const std::string closed = base + "[[edits]]\nkind = \"traffic.close_road\"\n"
                                      "road = \"Jl. Raya 0\"\nat = \"5h\"\nuntil = \"10h\"\n";
    for (const char* kpi : {"traffic.vehicle_hours", "traffic.unfinished_trips"}) {
        CAPTURE(kpi);
        const auto [low, high] = paired_ci(kpi_over_seeds("road-base", base, kpi),
                                           kpi_over_seeds("road-closed", closed, kpi));
        CAPTURE(low, high);
        CHECK(low > 0.0);
    }
}

TEST_CASE("what-ifs: cutting a site's fibre raises unserved data beyond noise",
          "[scenarios][telecom][validation][slow]") {
    const std::string base = "duration = \"12h\"\n[traffic]\n[telecom]\nrandom_failures = false\n";
    const std::string cut = base + "[[edits]]\nkind = \"telecom.cut_link\"\nlink = \"bh-site-0\"\n"
                                   "at = \"1h\"\nuntil = \"11h\"\n";
    const auto [low, high] = paired_ci(kpi_over_seeds("fibre-base", base, "telecom.unserved_gb"),
                                       kpi_over_seeds("fibre-cut", cut, "telecom.unserved_gb"));
    CAPTURE(low, high);
    CHECK(low > 0.0);
}

TEST_CASE("what-ifs: more waste per person means more collected beyond noise",
          "[scenarios][waste][validation][slow]") {
    const std::string base = "duration = \"2d\"\n[traffic]\n[waste]\n";
    const std::string more = base + "[[edits]]\nkind = \"waste.set_generation\"\n"
                                    "kg_per_person_per_day = 0.75\n";
    const auto [low, high] =
        paired_ci(kpi_over_seeds("generation-base", base, "waste.collected_t_per_day"),
                  kpi_over_seeds("generation-more", more, "waste.collected_t_per_day"));
    CAPTURE(low, high);
    CHECK(low > 0.0);
}
