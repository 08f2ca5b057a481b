// toml++ compiled once into tuntas (its "header-only = 0" mode: every other file includes
// <toml++/toml.h> for declarations only, tuntas::toml sets TOML_HEADER_ONLY=0). Debian's shared
// libtomlplusplus.so is the same code, but loading it cost every tuntas process 0.19 ms before
// main() (an empty program with and without it, 400 alternating runs).
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
