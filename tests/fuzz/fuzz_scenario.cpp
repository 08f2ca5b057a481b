// libFuzzer target: the scenario loader (TOML, `extends`, every model's keys and edits) with
// `--set` overrides. The input is a scenario file; the lines after a line "#--set" are
// overrides, one a line, as `tuntas run --set` takes them.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/model_registry.hpp"
#include "scenarios/scenario_loader.hpp"
#include "tests/fuzz/fuzz_input.hpp"

using namespace tuntas;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto registry = scenarios::default_registry();
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    constexpr std::string_view marker = "\n#--set\n";
    const std::size_t split = input.find(marker);
    std::vector<std::string> overrides;
    if (split != std::string_view::npos) {
        std::string_view rest = input.substr(split + marker.size());
        while (!rest.empty()) {
            const std::size_t end = std::min(rest.find('\n'), rest.size());
            if (end > 0) overrides.emplace_back(rest.substr(0, end));
            rest.remove_prefix(std::min(end + 1, rest.size()));
        }
    }
    const auto file = fuzz::scratch_folder() / "scenario.toml";
    fuzz::write_bytes(file, input.substr(0, split));
    fuzz::expect_clean(
        [&] { static_cast<void>(scenarios::load_scenario(file, overrides, registry.schema())); });
    return 0;
}
