#include "models/telecom/flow_network.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace tuntas::telecom {

std::uint32_t FlowNetwork::add_link(double capacity) {
    if (!(capacity >= 0.0))
        throw std::invalid_argument("FlowNetwork: a link's capacity must be >= 0");
    links_.push_back({capacity, 0.0, {}});
    link_mark_.push_back(0);
    link_slot_.push_back(0);
    return static_cast<std::uint32_t>(links_.size() - 1);
}

void FlowNetwork::set_capacity(std::uint32_t link, double capacity) {
    if (!(capacity >= 0.0))
        throw std::invalid_argument("FlowNetwork: a link's capacity must be >= 0");
    links_.at(link).capacity = capacity;
    solve({link});
}

std::uint32_t FlowNetwork::start_flow(const std::vector<std::uint32_t>& links, double rate_cap,
                                      std::uint32_t weight) {
    if (!(rate_cap >= 0.0))
        throw std::invalid_argument("FlowNetwork: a flow's rate cap must be >= 0");
    if (weight == 0) throw std::invalid_argument("FlowNetwork: a flow's weight must be >= 1");
    std::uint32_t id = 0;
    if (free_ids_.empty()) {
        id = static_cast<std::uint32_t>(flows_.size());
        flows_.emplace_back();
        flow_mark_.push_back(0);
    } else {
        id = free_ids_.back();
        free_ids_.pop_back();
    }
    Flow& flow = flows_[id];
    flow.links.assign(links.begin(), links.end());
    flow.rate_cap = rate_cap;
    flow.rate = 0.0;
    flow.weight = weight;
    flow.active = true;
    flow.slots.clear();
    for (const auto l : links) {
        flow.slots.push_back(static_cast<std::uint32_t>(links_.at(l).flows.size()));
        links_[l].flows.push_back(id);
        links_[l].weight += weight;
    }
    if (std::isfinite(rate_cap)) ++capped_;
    solve({}, id);
    if (links.empty()) {  // touches no link: only its cap holds it
        flow.rate = rate_cap;
        changed_.assign(1, id);
    }
    return id;
}

void FlowNetwork::end_flow(std::uint32_t id) {
    Flow& flow = flows_.at(id);
    if (!flow.active) throw std::invalid_argument("FlowNetwork: the flow has ended already");
    const std::vector<std::uint32_t>& seeds = saturated_links(flow);
    for (std::size_t k = 0; k < flow.links.size(); ++k) {
        // Swap-remove from the link's list, and tell the flow moved into the gap where it is.
        Link& link = links_[flow.links[k]];
        link.load = std::max(0.0, link.load - flow.rate * flow.weight);
        link.weight -= flow.weight;
        auto& list = link.flows;
        const std::uint32_t slot = flow.slots[k];
        const std::uint32_t moved = list.back();
        list[slot] = moved;
        list.pop_back();
        if (list.empty()) link.load = 0.0;
        if (moved != id) {
            Flow& other = flows_[moved];
            for (std::size_t j = 0; j < other.links.size(); ++j) {
                if (other.links[j] == flow.links[k]) other.slots[j] = slot;
            }
        }
    }
    flow.active = false;
    flow.rate = 0.0;
    if (std::isfinite(flow.rate_cap)) --capped_;
    free_ids_.push_back(id);
    solve(seeds);
}

void FlowNetwork::set_weight(std::uint32_t id, std::uint32_t weight) {
    Flow& flow = flows_.at(id);
    if (!flow.active) throw std::invalid_argument("FlowNetwork: the flow has ended");
    if (weight == 0)
        throw std::invalid_argument("FlowNetwork: a flow's weight must be >= 1 (end it instead)");
    if (weight == flow.weight) return;
    const bool more = weight > flow.weight;
    // More: it takes share where links are full (solved from the flow itself). Fewer: as an end,
    // from the links that were full before it shrinks.
    if (!more) saturated_links(flow);
    for (const auto l : flow.links) {
        Link& link = links_[l];
        link.weight = link.weight - flow.weight + weight;
        link.load =
            std::max(0.0, link.load + flow.rate * (static_cast<double>(weight) - flow.weight));
    }
    flow.weight = weight;
    if (more) {
        solve({}, id);
    } else {
        solve(seeds_);
    }
}

const std::vector<std::uint32_t>& FlowNetwork::saturated_links(const Flow& flow) {
    seeds_.clear();
    for (const auto l : flow.links) {
        if (saturated(links_[l])) seeds_.push_back(l);
    }
    return seeds_;
}

void FlowNetwork::add_to_component(std::uint32_t f) {
    flow_mark_[f] = epoch_;
    component_flows_.push_back(f);
    new_rate_.push_back(flows_[f].rate);
    for (const auto m : flows_[f].links) {
        if (link_mark_[m] == epoch_) continue;
        if (saturated(links_[m])) {
            link_mark_[m] = epoch_;  // a bottleneck: all its flows take part
            component_links_.push_back(m);
        } else if (link_mark_[m] != epoch_ + 1) {
            link_mark_[m] = epoch_ + 1;  // room to spare: a constraint, others fixed
            touched_links_.push_back(m);
        }
    }
}

void FlowNetwork::draw_in(std::uint32_t l) {
    if (link_mark_[l] != epoch_) {
        link_mark_[l] = epoch_;
        component_links_.push_back(l);
    }
    draw_in_pending();
}

void FlowNetwork::draw_in_pending() {
    for (; drawn_cursor_ < component_links_.size(); ++drawn_cursor_) {
        for (const auto f : links_[component_links_[drawn_cursor_]].flows) {
            if (flow_mark_[f] != epoch_) add_to_component(f);
        }
    }
}

void FlowNetwork::solve(const std::vector<std::uint32_t>& seed_links, std::uint32_t new_flow) {
    epoch_ += 2;
    component_flows_.clear();
    component_links_.clear();
    touched_links_.clear();
    new_rate_.clear();
    drawn_cursor_ = 0;
    if (new_flow != no_flow) {
        add_to_component(new_flow);
        draw_in_pending();
    }
    for (const auto l : seed_links) draw_in(l);

    // Progressive filling: raise every unfrozen flow's rate together; the link (or flow cap)
    // that fills first freezes its flows at that level. A touched link carries flows that are
    // not re-solved (their rates stay); if it fills, they must be, and the filling starts over.
    // New rates go to new_rate_ and replace the old ones at the end.
    auto& constraints = constraints_;
    auto& remaining = remaining_;
    auto& unfrozen = unfrozen_;
    auto& has_outside = has_outside_;
    auto& frozen = frozen_;
    auto& inside_rate = inside_rate_;
    std::size_t drawn = 0;
    for (;;) {
        constraints.clear();
        for (const auto l : component_links_) constraints.push_back(l);
        for (const auto l : touched_links_) {
            if (link_mark_[l] == epoch_ + 1) constraints.push_back(l);
        }
        remaining.assign(constraints.size(), 0.0);
        unfrozen.assign(constraints.size(), 0);
        has_outside.assign(constraints.size(), 0);
        for (std::uint32_t k = 0; k < constraints.size(); ++k) link_slot_[constraints[k]] = k;
        drawn = component_links_.size();
        for (std::size_t k = 0; k < drawn; ++k) {
            const Link& link = links_[constraints[k]];
            remaining[k] = link.capacity;
            unfrozen[k] = link.weight;
        }
        // A touched link's room: its capacity less what its other (fixed) flows use.
        inside_rate.assign(constraints.size() - drawn, 0.0);
        for (std::size_t i = 0; i < component_flows_.size() && drawn < constraints.size(); ++i) {
            const Flow& flow = flows_[component_flows_[i]];
            for (const auto l : flow.links) {
                const std::uint32_t k = link_slot_[l];
                if (k < drawn) continue;
                unfrozen[k] += flow.weight;
                inside_rate[k - drawn] += flow.rate * flow.weight;
            }
        }
        for (std::size_t k = drawn; k < constraints.size(); ++k) {
            const Link& link = links_[constraints[k]];
            remaining[k] = std::max(0.0, link.capacity - (link.load - inside_rate[k - drawn]));
            has_outside[k] = unfrozen[k] < link.weight ? 1 : 0;
        }
        frozen.assign(component_flows_.size(), 0);
        std::size_t left = component_flows_.size();
        double level = 0.0;  // the rate every unfrozen flow has reached
        bool restart = false;
        while (left > 0) {
            double next = std::numeric_limits<double>::infinity();
            for (std::size_t k = 0; k < constraints.size(); ++k) {
                if (unfrozen[k] > 0)
                    next = std::min(next, level + remaining[k] / static_cast<double>(unfrozen[k]));
            }
            if (capped_ > 0) {
                for (std::size_t i = 0; i < component_flows_.size(); ++i) {
                    if (!frozen[i]) next = std::min(next, flows_[component_flows_[i]].rate_cap);
                }
            }
            if (!std::isfinite(next)) break;  // unbounded (infinite capacities): leave as is
            const double raise = next - level;
            for (std::size_t k = 0; k < constraints.size(); ++k)
                remaining[k] -= raise * static_cast<double>(unfrozen[k]);
            level = next;
            full_.resize(constraints.size());
            for (std::size_t k = 0; k < constraints.size(); ++k) {
                full_[k] =
                    remaining[k] <= 1e-12 * std::max(1.0, links_[constraints[k]].capacity) ? 1 : 0;
            }
            for (std::size_t k = drawn; k < constraints.size(); ++k) {
                if (has_outside[k] && unfrozen[k] > 0 && full_[k]) {
                    draw_in(constraints[k]);  // it binds now: its fixed flows join
                    restart = true;
                }
            }
            if (restart) {
                for (std::size_t i = 0; i < component_flows_.size(); ++i)
                    new_rate_[i] = flows_[component_flows_[i]].rate;
                break;
            }
            const double cap_tolerance = 1e-12 * std::max(1.0, level);
            for (std::size_t i = 0; i < component_flows_.size(); ++i) {
                if (frozen[i]) continue;
                const Flow& flow = flows_[component_flows_[i]];
                bool stop = flow.rate_cap <= level + cap_tolerance;
                for (const auto l : flow.links) stop = stop || full_[link_slot_[l]] != 0;
                if (!stop) continue;
                frozen[i] = 1;
                --left;
                new_rate_[i] = level;
                for (const auto l : flow.links) unfrozen[link_slot_[l]] -= flow.weight;
            }
        }
        if (!restart) break;
    }
    // Commit: the changed flows, and the links' loads: a drawn link's is what the filling used
    // of it, a touched one's moves by its flows' changes.
    changed_.clear();
    for (std::size_t i = 0; i < component_flows_.size(); ++i) {
        Flow& flow = flows_[component_flows_[i]];
        const double old = flow.rate;
        const double now = new_rate_[i];
        if (now == old) continue;
        for (const auto l : flow.links) {
            if (link_slot_[l] >= drawn)
                links_[l].load = std::max(0.0, links_[l].load + (now - old) * flow.weight);
        }
        flow.rate = now;
        changed_.push_back(component_flows_[i]);
    }
    for (std::size_t k = 0; k < drawn; ++k) {
        Link& link = links_[constraints[k]];
        link.load =
            link.flows.empty() ? 0.0 : std::clamp(link.capacity - remaining[k], 0.0, link.capacity);
    }
}

}  // namespace tuntas::telecom
