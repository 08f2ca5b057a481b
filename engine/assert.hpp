#pragma once

#include <string_view>

namespace tuntas::engine {

/// Reports a broken programmer invariant (with its file, line and function) by throwing
/// engine::InternalError; libraries never abort the process. (Not std::source_location: clang
/// 14, which builds the fuzz targets, cannot use libstdc++ 12's.)
[[noreturn]] void assertion_failed(std::string_view condition, std::string_view message,
                                   const char* file, int line, const char* function);

}  // namespace tuntas::engine

/// Checks a programmer invariant, in every build type; on failure throws engine::InternalError
/// naming the condition, the message and the file:line where it failed.
#define TUNTAS_ASSERT(condition, message)                                                          \
    do {                                                                                           \
        if (!(condition)) [[unlikely]]                                                             \
            ::tuntas::engine::assertion_failed(#condition, message, __FILE__, __LINE__, __func__); \
    } while (false)
