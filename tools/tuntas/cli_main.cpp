#include "tools/tuntas/cli_main.hpp"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "engine/error.hpp"
#include "engine/sanitizer_build.hpp"
#include "models/api/input_error.hpp"

namespace tuntas::cli {
namespace {

/// Bad input (arguments, parameters, files) exits 2; everything else is an internal error.
bool is_input_error(const std::exception& e) {
    return dynamic_cast<const engine::UsageError*>(&e) != nullptr ||
           dynamic_cast<const std::invalid_argument*>(&e) != nullptr;
}

}  // namespace

int exit_code_of(const std::function<int()>& parse_and_run) {
    try {
        return parse_and_run();
    } catch (const model::InputError& e) {
        fmt::print(stderr, "{}\n", e.what());  // already file:line:col: error: ...
        return 2;
    } catch (const std::filesystem::filesystem_error& e) {
        // A path the user gave, or its state (too long, not a folder, no permission): input.
        fmt::print(stderr, "tuntas: error: {}: {}\n",
                   e.path1().empty() ? std::string{"a path"} : e.path1().string(),
                   e.code().message());
        return 2;
    } catch (const engine::IoError& e) {
        // The system would not store the result (a full disk): one line with its reason; a
        // run's .partial keeps what was flushed (complete = 0).
        const std::string what = e.what();
        fmt::print(stderr, "tuntas: error: {}{}\n", what,
                   what.find(".partial:") != std::string::npos
                       ? "; the run stopped, and what it flushed before stays in that .partial "
                         "(complete = 0)"
                       : "");
        return 1;
    } catch (const engine::RunsFailed& e) {
        fmt::print(stderr, "tuntas: {}\n", e.what());
        return 1;
    } catch (const std::exception& e) {
        if (is_input_error(e)) {
            fmt::print(stderr, "tuntas: error: {}\n", e.what());
            return 2;
        }
        fmt::print(stderr, "tuntas: internal error: {}\n", e.what());
        return 1;
    }
}

bool exit_skips_cleanup() {
    return !engine::sanitizer_build;
}

void exit_after_command(int exit_code) {
    if (!exit_skips_cleanup()) std::exit(exit_code);
    std::fflush(nullptr);
    std::_Exit(exit_code);
}

}  // namespace tuntas::cli
