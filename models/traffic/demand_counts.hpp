#pragma once

#include <cstdint>
#include <vector>

#include "models/traffic/trip.hpp"

namespace tuntas::traffic {

/// What generated demand made besides the trips on the network: counted as its days are
/// drawn, so final once the run's last batch is made.
struct DemandCounts {
    std::uint64_t local_trips{0};     ///< vehicle trips inside one zone: not on the network
    std::uint64_t walk_trips{0};      ///< trips on foot or by bicycle
    std::uint64_t external_trips{0};  ///< trips with a gateway at one end or both
    /// Trips that were to leave while a road was closed and had no path around it: they never
    /// depart (counted as not departed, from their departure to the end of the run).
    std::vector<Trip> unroutable;
    std::vector<double> away_at_start;      ///< per zone: residents already out when the run
                                            ///< starts (their tour left before it)
    std::vector<double> visiting_at_start;  ///< per zone: those people, where they are

    /// Adds what a later day made (its trips counted, those with no path); who is away at the
    /// start is day 0's alone.
    void add_day(const DemandCounts& day) {
        local_trips += day.local_trips;
        walk_trips += day.walk_trips;
        external_trips += day.external_trips;
        unroutable.insert(unroutable.end(), day.unroutable.begin(), day.unroutable.end());
    }
};

}  // namespace tuntas::traffic
