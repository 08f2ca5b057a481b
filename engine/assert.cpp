#include "engine/assert.hpp"

#include <fmt/format.h>

#include "engine/error.hpp"

namespace tuntas::engine {

void assertion_failed(std::string_view condition, std::string_view message, const char* file,
                      int line, const char* function) {
    throw InternalError(fmt::format("{}:{}: internal error in {}: assertion '{}' failed: {}", file,
                                    line, function, condition, message));
}

}  // namespace tuntas::engine
