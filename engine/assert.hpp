#pragma once

#include <source_location>
#include <string_view>

namespace tuntas::engine {

/// Reports a broken programmer invariant (with its source location) by throwing
/// engine::InternalError; libraries never abort the process.
[[noreturn]] void assertion_failed(std::string_view condition, std::string_view message,
                                   std::source_location where = std::source_location::current());

}  // namespace tuntas::engine

/// Checks a programmer invariant, in every build type; on failure throws engine::InternalError
/// naming the condition, the message and the file:line where it failed.
#define TUNTAS_ASSERT(condition, message)                                                          \
    do {                                                                                           \
        if (!(condition)) [[unlikely]]                                                             \
            ::tuntas::engine::assertion_failed(#condition, message);                               \
    } while (false)
