#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/rank_transport.hpp"

namespace tuntas::engine {

/// MPI for the process's lifetime: MPI_Init_thread asking for MPI_THREAD_FUNNELED (only the
/// thread that runs the scheduler calls MPI; oneTBB's workers never do), MPI_Finalize at the
/// end. One per process, before any MpiTransport. Built with -DTUNTAS_MPI=ON only.
class MpiSession {
public:
    /// Ends every rank of the run at once with `exit_code` (MPI_Abort): after an error one rank
    /// met alone, the others would wait for it forever.
    [[noreturn]] static void abort_all(int exit_code);

    MpiSession(int& argc, char**& argv);
    /// MPI for a process that has no argc/argv at hand (a command, not main).
    MpiSession();
    ~MpiSession();
    MpiSession(const MpiSession&) = delete;
    MpiSession& operator=(const MpiSession&) = delete;
};

/// The window protocol over MPI_COMM_WORLD: events as bytes by MPI_Alltoall (counts) and
/// MPI_Alltoallv (one buffer for every rank, empty ones too), the next window's start and the
/// stop flag in one MPI_Allreduce(MIN) (stop as -1), the end's figures by MPI_Allgather of
/// integers (no floating-point sums through MPI: the run's sums are taken in entity order).
class MpiTransport final : public RankTransport {
public:
    MpiTransport();
    ~MpiTransport() override;

    [[nodiscard]] int rank() const override { return rank_; }
    [[nodiscard]] int size() const override { return size_; }
    [[nodiscard]] std::vector<std::vector<Event>>
    exchange(std::vector<std::vector<Event>> outgoing) override;
    [[nodiscard]] WindowAgreement agree(Ticks next_time, bool stop) override;
    [[nodiscard]] std::vector<std::uint64_t>
    all_gather(const std::vector<std::uint64_t>& values) override;
    [[nodiscard]] std::vector<std::vector<std::uint8_t>>
    gather_to_root(std::vector<std::uint8_t> bytes) override;

private:
    int rank_{0};
    int size_{1};
};

}  // namespace tuntas::engine
