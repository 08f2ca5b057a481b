#pragma once

#include <barrier>
#include <cstdint>
#include <vector>

#include "engine/rank_transport.hpp"

namespace tuntas::engine {

/// N ranks in one process, each on a thread of its own, meeting at a barrier: the window
/// protocol of RankTransport tested without MPI. Every rank builds its own Simulation (as a
/// process would) and runs it with its LoopbackTransport.
class LoopbackNetwork {
public:
    /// A network of `ranks` ranks (>= 1).
    explicit LoopbackNetwork(int ranks);
    [[nodiscard]] int size() const noexcept { return static_cast<int>(next_time_.size()); }

private:
    friend class LoopbackTransport;
    std::barrier<> barrier_;
    std::vector<std::vector<std::vector<Event>>> mail_;  ///< [from][to], between two barriers
    std::vector<Ticks> next_time_;
    std::vector<char> stop_;
    std::vector<std::vector<std::uint64_t>> gathered_;
    std::vector<std::vector<std::uint8_t>> bytes_;
};

/// One rank's end of a LoopbackNetwork.
class LoopbackTransport final : public RankTransport {
public:
    LoopbackTransport(LoopbackNetwork& network, int rank);

    [[nodiscard]] int rank() const override { return rank_; }
    [[nodiscard]] int size() const override { return network_->size(); }
    [[nodiscard]] std::vector<std::vector<Event>>
    exchange(std::vector<std::vector<Event>> outgoing) override;
    [[nodiscard]] WindowAgreement agree(Ticks next_time, bool stop) override;
    [[nodiscard]] std::vector<std::uint64_t>
    all_gather(const std::vector<std::uint64_t>& values) override;
    [[nodiscard]] std::vector<std::vector<std::uint8_t>>
    gather_to_root(std::vector<std::uint8_t> bytes) override;

private:
    LoopbackNetwork* network_;
    int rank_;
};

}  // namespace tuntas::engine
