#pragma once

#include "models/phold/phold_params.hpp"

namespace tuntas::testing {

/// A PHOLD small enough for a test yet with over 50,000 events and half of them remote: 512 LPs,
/// 4 events each, 0.1 s lookahead, 30 s.
inline phold::PholdParams small_phold() {
    return phold::PholdParams{.lp_count = 512,
                              .start_events = 4,
                              .remote_fraction = 0.5,
                              .mean = 1.0,
                              .lookahead = 0.1,
                              .end = 30.0};
}

}  // namespace tuntas::testing
