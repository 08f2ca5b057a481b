#include <array>
#include <stdexcept>

#include <catch2/catch.hpp>

#include "models/api/param_bindings.hpp"

using tuntas::model::KeySpec;
using tuntas::model::ParamBindings;
using tuntas::model::SectionValues;
using tuntas::model::ValueType;

namespace {

/// A model's parameters with one field of each kind a binding takes.
struct ExampleParams {
    double rate_per_s{2.5};
    unsigned servers{3};
    tuntas::engine::Ticks step{tuntas::engine::ticks_from_seconds(300.0)};
    double wait_s{1.5};
    bool enabled{true};
    std::string file{"a.xml"};
    std::array<double, 2> shares{0.25, 0.75};
    int mode{0};
};

ParamBindings<ExampleParams> example_bindings() {
    using P = ExampleParams;
    return ParamBindings<P>()
        .real("rate_per_s", &P::rate_per_s, "1/s", 0.0, 10.0, "a rate")
        .integer("servers", &P::servers, "1", 1.0, 9.0, "a count")
        .duration("step", &P::step, 1.0, 3600.0, "a step in ticks")
        .duration_s("wait", &P::wait_s, 0.0, {}, "a wait in seconds")
        .boolean("enabled", &P::enabled, "a switch")
        .text("file", &P::file, "a file", true)
        .custom({"first_share", ValueType::real, "1", 0.0, 1.0, 0.25, "an array element"},
                [](const SectionValues& values, const std::string& key, P& params) {
                    params.shares[0] = values.real(key);
                })
        .custom({"mode", ValueType::text, "1", {}, {}, std::string{"slow"}, "an enum by name"},
                [](const SectionValues& values, const std::string& key, P& params) {
                    const std::string& name = values.text(key);
                    if (name != "slow" && name != "fast")
                        throw std::invalid_argument("bad mode " + name);
                    params.mode = name == "fast" ? 1 : 0;
                });
}

}  // namespace

TEST_CASE("model::ParamBindings: each key's spec takes its default from the parameter struct",
          "[scenarios][unit]") {
    const auto bindings = example_bindings();
    const auto& specs = bindings.specs();
    REQUIRE(specs.size() == 8);
    CHECK(specs[0].name == "rate_per_s");
    CHECK(specs[0].type == ValueType::real);
    CHECK(std::get<double>(specs[0].default_value) == 2.5);
    CHECK(specs[0].min == 0.0);
    CHECK(specs[0].max == 10.0);
    CHECK(std::get<std::int64_t>(specs[1].default_value) == 3);
    CHECK(specs[2].type == ValueType::duration);
    CHECK(specs[2].unit == "s");
    CHECK(std::get<double>(specs[2].default_value) == 300.0);  // ticks shown in seconds
    CHECK(std::get<double>(specs[3].default_value) == 1.5);
    CHECK_FALSE(specs[3].max.has_value());
    CHECK(std::get<bool>(specs[4].default_value));
    CHECK(std::get<std::string>(specs[5].default_value) == "a.xml");
    CHECK(specs[5].is_path);
    CHECK_FALSE(specs[0].is_path);
    CHECK(specs[7].name == "mode");
}

TEST_CASE("model::ParamBindings: read puts every validated value into its field",
          "[scenarios][unit]") {
    SectionValues values;
    values.set("rate_per_s", 7.0);
    values.set("servers", std::int64_t{5});
    values.set("step", 60.0);  // durations are validated into seconds
    values.set("wait", 0.25);
    values.set("enabled", false);
    values.set("file", std::string{"b.xml"});
    values.set("first_share", 0.4);
    values.set("mode", std::string{"fast"});
    ExampleParams params;
    example_bindings().read(values, params);
    CHECK(params.rate_per_s == 7.0);
    CHECK(params.servers == 5U);
    CHECK(params.step == tuntas::engine::ticks_from_seconds(60.0));
    CHECK(params.wait_s == 0.25);
    CHECK_FALSE(params.enabled);
    CHECK(params.file == "b.xml");
    CHECK(params.shares[0] == 0.4);
    CHECK(params.shares[1] == 0.75);  // untouched: no key for it
    CHECK(params.mode == 1);
    values.set("mode", std::string{"sideways"});
    CHECK_THROWS_AS(example_bindings().read(values, params), std::invalid_argument);
}
