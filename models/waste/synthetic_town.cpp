#include "models/waste/synthetic_town.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace tuntas::waste {

FleetProblem synthetic_town(const SyntheticTown& town) {
    std::mt19937_64 random(town.seed);
    std::uniform_real_distribution<double> where(0.0, town.side_m);
    std::uniform_real_distribution<double> kg(town.min_kg_per_day, town.max_kg_per_day);
    FleetProblem p;
    std::vector<double> x{0.0}, y{0.0};
    const std::size_t gates = std::max<std::size_t>(1, town.gates);
    for (std::size_t g = 0; g < gates; ++g) {
        x.push_back(gates == 1 ? town.side_m + 3000.0
                               : town.side_m * (static_cast<double>(g) + 0.5) /
                                     static_cast<double>(gates));
        y.push_back(town.side_m + 3000.0);
        p.gate_node.push_back(static_cast<std::uint32_t>(1 + g));
        p.gate_service_s.push_back(360.0);
    }
    for (std::size_t c = 0; c < town.containers; ++c) {
        x.push_back(where(random));
        y.push_back(where(random));
        p.daily_kg.push_back(kg(random));
        p.capacity_kg.push_back(c % 3 == 0 ? 4500.0 : 1500.0);
        p.node.push_back(static_cast<std::uint32_t>(1 + gates + c));
        std::uint32_t nearest = 0;
        for (std::uint32_t g = 1; g < gates; ++g) {
            if (std::hypot(x.back() - x[1 + g], y.back() - y[1 + g]) <
                std::hypot(x.back() - x[1 + nearest], y.back() - y[1 + nearest]))
                nearest = g;
        }
        p.gate.push_back(nearest);
    }
    for (int t = 0; t < town.dump_trucks; ++t) p.fleet.push_back(TruckKind::dump_truck);
    for (int t = 0; t < town.arm_roll_trucks; ++t) p.fleet.push_back(TruckKind::arm_roll);
    p.dump_capacity_kg = town.dump_capacity_kg;
    p.depot_node = 0;
    p.time_s = [x, y, speed = town.speed_m_per_s](std::uint32_t a, std::uint32_t b) {
        return std::hypot(x[a] - x[b], y[a] - y[b]) / speed;
    };
    return p;
}

}  // namespace tuntas::waste
