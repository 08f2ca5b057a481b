#pragma once

#include <stdexcept>

namespace tuntas::district {

/// An input file an importer cannot use (missing, malformed, naming unknown nodes); the message
/// names the file and the element.
class ImportError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace tuntas::district
