#include "models/waste/leg_table.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

#include "engine/parallel_for.hpp"
#include "engine/ticks.hpp"
#include "models/traffic/paths_to.hpp"
#include "models/traffic/traffic_network.hpp"

namespace tuntas::waste {
namespace {

LegTable::Leg leg_in(const traffic::PathsTo& paths, std::uint32_t node) {
    return {engine::seconds_from_ticks(paths.time[node]), paths.length_m[node]};
}

std::invalid_argument island(std::uint32_t from, std::uint32_t to) {
    return std::invalid_argument("waste: no road from node " + std::to_string(from) + " to node " +
                                 std::to_string(to) + " (a truck stop on a road island)");
}

}  // namespace

LegTable LegTable::dense(std::vector<std::uint32_t> slot_of_node, std::vector<double> time_s,
                         std::vector<double> length_m) {
    LegTable table;
    table.slot_of_node_ = std::move(slot_of_node);
    table.dense_.resize(time_s.size());
    for (std::size_t k = 0; k < time_s.size(); ++k) table.dense_[k] = {time_s[k], length_m[k]};
    const auto slots = static_cast<std::size_t>(
        std::count_if(table.slot_of_node_.begin(), table.slot_of_node_.end(),
                      [](std::uint32_t slot) { return slot != no_slot; }));
    table.slot_nodes_.assign(slots, 0);
    for (std::uint32_t node = 0; node < table.slot_of_node_.size(); ++node) {
        if (table.slot_of_node_[node] != no_slot)
            table.slot_nodes_[table.slot_of_node_[node]] = node;
    }
    return table;
}

LegTable::LegTable(const traffic::TrafficNetwork& network, std::vector<std::uint32_t> slot_nodes,
                   const std::vector<bool>& hub)
    : network_(&network),
      slot_nodes_(std::move(slot_nodes)) {
    const std::size_t slots = slot_nodes_.size();
    slot_of_node_.assign(network.in_links.size(), no_slot);
    for (std::uint32_t s = 0; s < slots; ++s) slot_of_node_[slot_nodes_[s]] = s;
    hub_of_slot_.assign(slots, none);
    std::vector<std::uint32_t> hubs;
    for (std::uint32_t s = 0; s < slots; ++s) {
        if (!hub[s]) continue;
        hub_of_slot_[s] = static_cast<std::uint32_t>(hubs.size());
        hubs.push_back(s);
    }
    into_hub_.assign(hubs.size(), std::vector<Leg>(slots));
    from_hub_.assign(hubs.size(), std::vector<Leg>(slots));
    catchment_of_slot_.assign(slots, none);
    place_in_catchment_.assign(slots, none);
    // A tree into each hub; a slot that cannot reach one is reported for the first such pair.
    std::vector<std::size_t> unreachable_from(hubs.size(), slots);
    engine::parallel_for_index(hubs.size(), [&](std::size_t h) {
        const traffic::PathsTo paths = traffic::paths_to(network, slot_nodes_[hubs[h]]);
        for (std::size_t from = 0; from < slots; ++from) {
            const std::uint32_t node = slot_nodes_[from];
            if (paths.time[node] == engine::ticks_max) {
                unreachable_from[h] = std::min(unreachable_from[h], from);
                continue;
            }
            into_hub_[h][from] = leg_in(paths, node);
        }
    });
    for (std::size_t h = 0; h < hubs.size(); ++h) {
        if (unreachable_from[h] != slots)
            throw island(slot_nodes_[unreachable_from[h]], slot_nodes_[hubs[h]]);
    }
    // Hub to hub: the trees into hubs have them.
    for (std::size_t h = 0; h < hubs.size(); ++h) {
        for (std::size_t to = 0; to < hubs.size(); ++to)
            from_hub_[h][hubs[to]] = into_hub_[to][hubs[h]];
    }
}

void LegTable::add_catchments(const std::vector<std::vector<std::uint32_t>>& catchments) {
    const std::size_t slots = slot_nodes_.size();
    within_.assign(catchments.size(), {});
    catchment_size_.assign(catchments.size(), 0);
    for (std::uint32_t c = 0; c < catchments.size(); ++c) {
        const std::size_t size = catchments[c].size();
        catchment_size_[c] = static_cast<std::uint32_t>(size);
        within_[c].assign(size * size, Leg{});
        for (std::uint32_t place = 0; place < size; ++place) {
            const std::uint32_t slot = catchments[c][place];
            if (hub_of_slot_[slot] != none || catchment_of_slot_[slot] != none)
                throw std::logic_error("LegTable: a catchment holds a hub or a slot twice");
            catchment_of_slot_[slot] = c;
            place_in_catchment_[slot] = place;
        }
    }
    std::vector<std::uint32_t> hub_slots;
    for (std::uint32_t s = 0; s < slots; ++s) {
        if (hub_of_slot_[s] != none) hub_slots.push_back(s);
    }
    // A tree into each slot that is no hub: the rows of the hubs and the slot's column in its
    // catchment (each tree writes only entries of its own `to`).
    std::vector<std::size_t> unreachable_hub(slots, hub_slots.size());
    engine::parallel_for_index(slots, [&](std::size_t to) {
        if (hub_of_slot_[to] != none) return;
        const traffic::PathsTo paths = traffic::paths_to(*network_, slot_nodes_[to]);
        for (std::size_t h = 0; h < hub_slots.size(); ++h) {
            const std::uint32_t node = slot_nodes_[hub_slots[h]];
            if (paths.time[node] == engine::ticks_max) {
                unreachable_hub[to] = std::min(unreachable_hub[to], h);
                continue;
            }
            from_hub_[h][to] = leg_in(paths, node);
        }
        const std::uint32_t c = catchment_of_slot_[to];
        if (c == none) return;
        const auto& members = catchments[c];
        for (std::size_t from = 0; from < members.size(); ++from) {
            within_[c][from * members.size() + place_in_catchment_[to]] =
                leg_in(paths, slot_nodes_[members[from]]);
        }
    });
    for (std::size_t to = 0; to < slots; ++to) {
        if (unreachable_hub[to] != hub_slots.size())
            throw island(slot_nodes_[hub_slots[unreachable_hub[to]]], slot_nodes_[to]);
    }
}

bool LegTable::holds(std::uint32_t from, std::uint32_t to) const {
    const std::uint32_t from_slot = slot_of_node_[from];
    const std::uint32_t to_slot = slot_of_node_[to];
    if (!dense_.empty() || hub_of_slot_[to_slot] != none || hub_of_slot_[from_slot] != none)
        return true;
    const std::uint32_t c = catchment_of_slot_[from_slot];
    return from == to || (c != none && c == catchment_of_slot_[to_slot]);
}

std::vector<double> LegTable::times_into(std::uint32_t to,
                                         const std::vector<std::uint32_t>& from) const {
    std::vector<double> times(from.size());
    std::vector<std::size_t> searched;  // the starts whose legs are not held
    for (std::size_t k = 0; k < from.size(); ++k) {
        if (holds(from[k], to)) {
            times[k] = time_s(from[k], to);
        } else {
            searched.push_back(k);
        }
    }
    if (searched.empty()) return times;
    // One whole tree into `to` for the rest: the values each pair's own search would give.
    const traffic::PathsTo paths = traffic::paths_to(*network_, to);
    for (const std::size_t k : searched) times[k] = engine::seconds_from_ticks(paths.time[from[k]]);
    return times;
}

LegTable::Leg LegTable::leg(std::uint32_t from, std::uint32_t to) const {
    const std::uint32_t from_slot = slot_of_node_[from];
    const std::uint32_t to_slot = slot_of_node_[to];
    if (!dense_.empty()) return dense_[std::size_t{from_slot} * slot_nodes_.size() + to_slot];
    if (const std::uint32_t h = hub_of_slot_[to_slot]; h != none) return into_hub_[h][from_slot];
    if (const std::uint32_t h = hub_of_slot_[from_slot]; h != none) return from_hub_[h][to_slot];
    const std::uint32_t c = catchment_of_slot_[from_slot];
    if (c != none && c == catchment_of_slot_[to_slot]) {
        return within_[c][std::size_t{place_in_catchment_[from_slot]} * catchment_size_[c] +
                          place_in_catchment_[to_slot]];
    }
    if (from == to) return {};
    const traffic::PathsTo paths = traffic::paths_to(*network_, to, from);
    return leg_in(paths, from);
}

std::size_t LegTable::stored_pairs() const {
    if (!dense_.empty()) return dense_.size();
    std::size_t pairs = 0;
    for (const auto& column : into_hub_) pairs += column.size();
    for (const auto& row : from_hub_) pairs += row.size();
    for (const auto& square : within_) pairs += square.size();
    return pairs;
}

}  // namespace tuntas::waste
