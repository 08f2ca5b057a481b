// libFuzzer target: the result reader behind `tuntas inspect` and `compare` (the summary,
// provenance and KPIs of an HDF5 result). A damaged file must be bad input, at once.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/result_summary.hpp"
#include "tests/fuzz/fuzz_input.hpp"

using namespace tuntas;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = fuzz::scratch_folder() / "result.h5";
    fuzz::write_bytes(file, std::string_view(reinterpret_cast<const char*>(data), size));
    fuzz::expect_clean([&] { static_cast<void>(engine::read_result_summary(file)); });
    return 0;
}
