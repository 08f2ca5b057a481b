#include "engine/assert.hpp"

#include <fmt/format.h>

#include "engine/error.hpp"

namespace tuntas::engine {

void assertion_failed(std::string_view condition, std::string_view message,
                      std::source_location where) {
    throw InternalError(fmt::format("{}:{}: internal error in {}: assertion '{}' failed: {}",
                                    where.file_name(), where.line(), where.function_name(),
                                    condition, message));
}

}  // namespace tuntas::engine
