#pragma once

#include <stdexcept>

namespace tuntas::cli {

/// Bad command-line input that parsing alone cannot catch; `tuntas` exits with code 2.
class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace tuntas::cli
