#include "models/telecom/flow_network.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace tuntas::telecom {

std::uint32_t FlowNetwork::add_link(double capacity) {
    if (!(capacity >= 0.0)) throw std::invalid_argument("FlowNetwork: a link's capacity must be >= 0");
    links_.push_back({capacity, {}});
    link_mark_.push_back(0);
    return static_cast<std::uint32_t>(links_.size() - 1);
}

void FlowNetwork::set_capacity(std::uint32_t link, double capacity) {
    if (!(capacity >= 0.0)) throw std::invalid_argument("FlowNetwork: a link's capacity must be >= 0");
    links_.at(link).capacity = capacity;
    solve({link});
}

std::uint32_t FlowNetwork::start_flow(const std::vector<std::uint32_t>& links, double rate_cap) {
    if (!(rate_cap >= 0.0)) throw std::invalid_argument("FlowNetwork: a flow's rate cap must be >= 0");
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
    flow.links = links;
    flow.rate_cap = rate_cap;
    flow.rate = 0.0;
    flow.active = true;
    flow.slots.clear();
    for (const auto l : links) {
        flow.slots.push_back(static_cast<std::uint32_t>(links_.at(l).flows.size()));
        links_[l].flows.push_back(id);
    }
    ++active_;
    if (std::isfinite(rate_cap)) ++capped_;
    solve(links);
    if (links.empty()) {  // touches no link: only its cap holds it
        flow.rate = rate_cap;
        changed_.assign(1, id);
    }
    return id;
}

void FlowNetwork::end_flow(std::uint32_t id) {
    Flow& flow = flows_.at(id);
    if (!flow.active) throw std::invalid_argument("FlowNetwork: the flow has ended already");
    for (std::size_t k = 0; k < flow.links.size(); ++k) {
        // Swap-remove from the link's list, and tell the flow moved into the gap where it is.
        auto& list = links_[flow.links[k]].flows;
        const std::uint32_t slot = flow.slots[k];
        const std::uint32_t moved = list.back();
        list[slot] = moved;
        list.pop_back();
        if (moved != id) {
            Flow& other = flows_[moved];
            for (std::size_t j = 0; j < other.links.size(); ++j) {
                if (other.links[j] == flow.links[k]) other.slots[j] = slot;
            }
        }
    }
    flow.active = false;
    flow.rate = 0.0;
    --active_;
    if (std::isfinite(flow.rate_cap)) --capped_;
    free_ids_.push_back(id);
    const auto seeds = flow.links;
    solve(seeds);
}

double FlowNetwork::load(std::uint32_t link) const {
    double sum = 0.0;
    for (const auto f : links_.at(link).flows) sum += flows_[f].rate;
    return sum;
}

void FlowNetwork::solve(const std::vector<std::uint32_t>& seed_links) {
    // The component: flows and links reachable from the seeds through shared links.
    ++epoch_;
    component_flows_.clear();
    component_links_.clear();
    for (const auto l : seed_links) {
        if (link_mark_[l] == epoch_) continue;
        link_mark_[l] = epoch_;
        component_links_.push_back(l);
    }
    for (std::size_t k = 0; k < component_links_.size(); ++k) {
        for (const auto f : links_[component_links_[k]].flows) {
            if (flow_mark_[f] == epoch_) continue;
            flow_mark_[f] = epoch_;
            component_flows_.push_back(f);
            for (const auto l : flows_[f].links) {
                if (link_mark_[l] == epoch_) continue;
                link_mark_[l] = epoch_;
                component_links_.push_back(l);
            }
        }
    }
    // Progressive filling: raise every unfrozen flow's rate together; the link (or flow cap)
    // that fills first freezes its flows at that level.
    std::vector<double> old_rate;
    old_rate.reserve(component_flows_.size());
    for (const auto f : component_flows_) old_rate.push_back(flows_[f].rate);
    std::vector<double> remaining;
    std::vector<std::uint32_t> unfrozen;  // per component link: its flows not yet frozen
    remaining.reserve(component_links_.size());
    unfrozen.reserve(component_links_.size());
    for (const auto l : component_links_) {
        remaining.push_back(links_[l].capacity);
        unfrozen.push_back(static_cast<std::uint32_t>(links_[l].flows.size()));
        link_mark_[l] = static_cast<std::uint32_t>(remaining.size() - 1);  // index (epoch reused below)
    }
    std::vector<bool> frozen(component_flows_.size(), false);
    std::size_t left = component_flows_.size();
    double level = 0.0;  // the rate every unfrozen flow has reached
    while (left > 0) {
        // The next level at which something fills.
        double next = std::numeric_limits<double>::infinity();
        for (std::size_t k = 0; k < component_links_.size(); ++k) {
            if (unfrozen[k] > 0) next = std::min(next, level + remaining[k] / unfrozen[k]);
        }
        if (capped_ > 0) {
            for (std::size_t i = 0; i < component_flows_.size(); ++i) {
                if (!frozen[i]) next = std::min(next, flows_[component_flows_[i]].rate_cap);
            }
        }
        // Every link's unfrozen flows go up to `next`.
        const double raise = next - level;
        for (std::size_t k = 0; k < component_links_.size(); ++k) remaining[k] -= raise * unfrozen[k];
        level = next;
        // Freeze the flows of links that are full and flows at their cap.
        const double tolerance = 1e-12 * std::max(1.0, level);
        for (std::size_t i = 0; i < component_flows_.size(); ++i) {
            if (frozen[i]) continue;
            const Flow& flow = flows_[component_flows_[i]];
            bool stop = flow.rate_cap <= level + tolerance;
            for (const auto l : flow.links) stop = stop || remaining[link_mark_[l]] <= tolerance;
            if (!stop) continue;
            frozen[i] = true;
            --left;
            flows_[component_flows_[i]].rate = level;
            for (const auto l : flow.links) --unfrozen[link_mark_[l]];
        }
    }
    ++epoch_;  // link_mark_ held indices: retire them
    for (const auto l : component_links_) link_mark_[l] = 0;
    changed_.clear();
    for (std::size_t i = 0; i < component_flows_.size(); ++i) {
        if (flows_[component_flows_[i]].rate != old_rate[i]) changed_.push_back(component_flows_[i]);
    }
}

}  // namespace tuntas::telecom
