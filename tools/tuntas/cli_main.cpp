#include "tools/tuntas/cli_main.hpp"

#include <exception>
#include <stdexcept>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "engine/error.hpp"
#include "models/api/input_error.hpp"

namespace tuntas::cli {
namespace {

/// Bad input (arguments, parameters, files) exits 2; everything else is an internal error.
bool is_input_error(const std::exception& e) {
    return dynamic_cast<const engine::UsageError*>(&e) != nullptr ||
           dynamic_cast<const std::invalid_argument*>(&e) != nullptr;
}

}  // namespace

int run_cli(CLI::App& app, int argc, char** argv) {
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    } catch (const model::InputError& e) {
        fmt::print(stderr, "{}\n", e.what());  // already file:line:col: error: ...
        return 2;
    } catch (const std::exception& e) {
        if (is_input_error(e)) {
            fmt::print(stderr, "tuntas: error: {}\n", e.what());
            return 2;
        }
        fmt::print(stderr, "tuntas: internal error: {}\n", e.what());
        return 1;
    }
    return 0;
}

}  // namespace tuntas::cli
