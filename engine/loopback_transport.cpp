#include "engine/loopback_transport.hpp"

#include <algorithm>
#include <utility>

#include "engine/error.hpp"

namespace tuntas::engine {

LoopbackNetwork::LoopbackNetwork(int ranks)
    : barrier_(std::max(ranks, 1)),
      mail_(static_cast<std::size_t>(std::max(ranks, 1))),
      next_time_(static_cast<std::size_t>(std::max(ranks, 1)), ticks_max),
      stop_(static_cast<std::size_t>(std::max(ranks, 1)), 0),
      gathered_(static_cast<std::size_t>(std::max(ranks, 1))),
      bytes_(static_cast<std::size_t>(std::max(ranks, 1))) {
    if (ranks < 1) throw UsageError("LoopbackNetwork: a network needs at least one rank");
}

LoopbackTransport::LoopbackTransport(LoopbackNetwork& network, int rank)
    : network_(&network),
      rank_(rank) {
    if (rank < 0 || rank >= network.size()) {
        throw UsageError("LoopbackTransport: rank outside the network");
    }
}

// Each collective: every rank writes its own slot, all meet, each reads what it needs, all meet
// again before any slot is written for the next one.
std::vector<std::vector<Event>>
LoopbackTransport::exchange(std::vector<std::vector<Event>> outgoing) {
    const auto ranks = static_cast<std::size_t>(size());
    const auto me = static_cast<std::size_t>(rank_);
    outgoing.resize(ranks);
    network_->mail_[me] = std::move(outgoing);
    network_->barrier_.arrive_and_wait();
    std::vector<std::vector<Event>> incoming(ranks);
    for (std::size_t from = 0; from < ranks; ++from) {
        if (from != me) incoming[from] = std::move(network_->mail_[from][me]);
    }
    network_->barrier_.arrive_and_wait();
    return incoming;
}

WindowAgreement LoopbackTransport::agree(Ticks next_time, bool stop) {
    const auto me = static_cast<std::size_t>(rank_);
    network_->next_time_[me] = next_time;
    network_->stop_[me] = stop ? 1 : 0;
    network_->barrier_.arrive_and_wait();
    WindowAgreement agreed;
    for (std::size_t r = 0; r < network_->next_time_.size(); ++r) {
        agreed.next_time = std::min(agreed.next_time, network_->next_time_[r]);
        agreed.stop = agreed.stop || network_->stop_[r] != 0;
    }
    network_->barrier_.arrive_and_wait();
    return agreed;
}

std::vector<std::uint64_t> LoopbackTransport::all_gather(const std::vector<std::uint64_t>& values) {
    network_->gathered_[static_cast<std::size_t>(rank_)] = values;
    network_->barrier_.arrive_and_wait();
    std::vector<std::uint64_t> all;
    for (const auto& part : network_->gathered_) all.insert(all.end(), part.begin(), part.end());
    network_->barrier_.arrive_and_wait();
    return all;
}

std::vector<std::vector<std::uint8_t>>
LoopbackTransport::gather_to_root(std::vector<std::uint8_t> bytes) {
    network_->bytes_[static_cast<std::size_t>(rank_)] = std::move(bytes);
    network_->barrier_.arrive_and_wait();
    std::vector<std::vector<std::uint8_t>> all;
    if (rank_ == 0) {
        for (auto& part : network_->bytes_) all.push_back(std::move(part));
    }
    network_->barrier_.arrive_and_wait();
    return all;
}

}  // namespace tuntas::engine
