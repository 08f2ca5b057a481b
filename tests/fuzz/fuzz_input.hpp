#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

#include <unistd.h>

#include "engine/error.hpp"
#include "models/api/input_error.hpp"

namespace tuntas::fuzz {

/// This process's own scratch folder (fuzz jobs run side by side): made once, under the
/// system's temporary folder.
inline const std::filesystem::path& scratch_folder() {
    static const std::filesystem::path folder = [] {
        auto path =
            std::filesystem::temp_directory_path() / ("tuntas-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(path);
        return path;
    }();
    return folder;
}

/// Writes the fuzzer's bytes as `file` (replacing it).
inline void write_bytes(const std::filesystem::path& file, std::string_view bytes) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// Runs `reader` on one input: it may succeed or reject the input the way the command line
/// turns into exit 2 (model::InputError, a filesystem error, engine::UsageError,
/// std::invalid_argument). Anything else — an internal error (a broken invariant), another
/// exception — is a bug: the input is reported and the process aborts, so libFuzzer keeps
/// it as a crash. Crashes, hangs and sanitizer reports are libFuzzer's own.
template <class Reader>
void expect_clean(Reader&& reader) {
    try {
        reader();
    } catch (const model::InputError&) {
    } catch (const std::filesystem::filesystem_error&) {
    } catch (const engine::UsageError&) {
    } catch (const std::invalid_argument&) {
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fuzz: not a bad-input error but %s\n", e.what());
        std::abort();
    }
}

}  // namespace tuntas::fuzz
