#pragma once

#include <cstdint>

namespace tuntas::waste {

/// When a class of trucks works: the local hour its shift starts, the shift's length (a long
/// one stands for several crews in turn) and the weekdays it works.
struct ShiftParams {
    double start_h{6.0};              ///< local hour the shift starts
    double hours{8.0};                ///< shift length on a full day
    std::uint8_t working_days{0x3f};  ///< bit d: weekday d (0 Monday ... 6 Sunday) is worked;
                                      ///< Monday to Saturday by default
};

}  // namespace tuntas::waste
