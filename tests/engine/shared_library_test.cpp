#include <cmath>
#include <stdexcept>

#include <catch2/catch.hpp>

#include "engine/shared_library.hpp"

using tuntas::engine::SharedLibrary;

TEST_CASE("engine::SharedLibrary: binds a library's function by name, of the caller's type",
          "[engine][unit]") {
    const SharedLibrary libm("libm.so.6", "test", false);
    double (*cosine)(double) = nullptr;
    libm.bind(cosine, "cos");
    REQUIRE(cosine != nullptr);
    CHECK(cosine(0.5) == std::cos(0.5));
}

TEST_CASE("engine::SharedLibrary: a library or function that is not there names itself",
          "[engine][unit]") {
    CHECK_THROWS_WITH(SharedLibrary("libtuntas-no-such.so.1", "partitioning", true),
                      Catch::Contains("partitioning: cannot load libtuntas-no-such.so.1"));
    const SharedLibrary libm("libm.so.6", "projection", true);
    double (*missing)(double) = nullptr;
    CHECK_THROWS_WITH(libm.bind(missing, "tuntas_no_such_function"),
                      "projection: libm.so.6 has no tuntas_no_such_function");
    CHECK(missing == nullptr);
}
