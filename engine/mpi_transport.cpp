#include "engine/mpi_transport.hpp"

#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>

#include <mpi.h>

#include "engine/error.hpp"

namespace tuntas::engine {
namespace {

static_assert(std::is_trivially_copyable_v<Event>, "events cross ranks as bytes");

void check(int code, const char* what) {
    if (code != MPI_SUCCESS) throw std::runtime_error(std::string("MPI: ") + what + " failed");
}

}  // namespace

MpiSession::MpiSession(int& argc, char**& argv) {
    int provided = MPI_THREAD_SINGLE;
    check(MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
    if (provided < MPI_THREAD_FUNNELED) {
        MPI_Finalize();
        throw UsageError("MPI: this MPI library does not give MPI_THREAD_FUNNELED");
    }
}

MpiSession::MpiSession() {
    int provided = MPI_THREAD_SINGLE;
    check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
    if (provided < MPI_THREAD_FUNNELED) {
        MPI_Finalize();
        throw UsageError("MPI: this MPI library does not give MPI_THREAD_FUNNELED");
    }
}

void MpiSession::abort_all(int exit_code) {
    MPI_Abort(MPI_COMM_WORLD, exit_code);
    std::abort();  // MPI_Abort does not return
}

MpiSession::~MpiSession() {
    MPI_Finalize();
}

MpiTransport::MpiTransport() {
    check(MPI_Comm_rank(MPI_COMM_WORLD, &rank_), "MPI_Comm_rank");
    check(MPI_Comm_size(MPI_COMM_WORLD, &size_), "MPI_Comm_size");
}

MpiTransport::~MpiTransport() = default;

std::vector<std::vector<Event>> MpiTransport::exchange(std::vector<std::vector<Event>> outgoing) {
    const auto ranks = static_cast<std::size_t>(size_);
    outgoing.resize(ranks);
    outgoing[static_cast<std::size_t>(rank_)].clear();
    std::vector<int> send_counts(ranks), send_offsets(ranks), receive_counts(ranks),
        receive_offsets(ranks);
    std::vector<char> send_bytes;
    for (std::size_t r = 0; r < ranks; ++r) {
        send_offsets[r] = static_cast<int>(send_bytes.size());
        const std::size_t bytes = outgoing[r].size() * sizeof(Event);
        send_counts[r] = static_cast<int>(bytes);
        send_bytes.resize(send_bytes.size() + bytes);
        if (bytes > 0) std::memcpy(send_bytes.data() + send_offsets[r], outgoing[r].data(), bytes);
    }
    check(MPI_Alltoall(send_counts.data(), 1, MPI_INT, receive_counts.data(), 1, MPI_INT,
                       MPI_COMM_WORLD),
          "MPI_Alltoall");
    int total = 0;
    for (std::size_t r = 0; r < ranks; ++r) {
        receive_offsets[r] = total;
        total += receive_counts[r];
    }
    std::vector<char> receive_bytes(static_cast<std::size_t>(total));
    check(MPI_Alltoallv(send_bytes.data(), send_counts.data(), send_offsets.data(), MPI_BYTE,
                        receive_bytes.data(), receive_counts.data(), receive_offsets.data(),
                        MPI_BYTE, MPI_COMM_WORLD),
          "MPI_Alltoallv");
    std::vector<std::vector<Event>> incoming(ranks);
    for (std::size_t r = 0; r < ranks; ++r) {
        incoming[r].resize(static_cast<std::size_t>(receive_counts[r]) / sizeof(Event));
        if (receive_counts[r] > 0) {
            std::memcpy(incoming[r].data(), receive_bytes.data() + receive_offsets[r],
                        static_cast<std::size_t>(receive_counts[r]));
        }
    }
    return incoming;
}

WindowAgreement MpiTransport::agree(Ticks next_time, bool stop) {
    static_assert(sizeof(Ticks) == sizeof(std::int64_t));
    const std::int64_t mine[2] = {next_time, stop ? -1 : 0};
    std::int64_t agreed[2] = {0, 0};
    check(MPI_Allreduce(mine, agreed, 2, MPI_INT64_T, MPI_MIN, MPI_COMM_WORLD), "MPI_Allreduce");
    return {.next_time = agreed[0], .stop = agreed[1] < 0};
}

std::vector<std::uint64_t> MpiTransport::all_gather(const std::vector<std::uint64_t>& values) {
    std::vector<std::uint64_t> all(values.size() * static_cast<std::size_t>(size_));
    check(MPI_Allgather(values.data(), static_cast<int>(values.size()), MPI_UINT64_T, all.data(),
                        static_cast<int>(values.size()), MPI_UINT64_T, MPI_COMM_WORLD),
          "MPI_Allgather");
    return all;
}

std::vector<std::vector<std::uint8_t>>
MpiTransport::gather_to_root(std::vector<std::uint8_t> bytes) {
    const int count = static_cast<int>(bytes.size());
    if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw std::runtime_error("MPI: more than 2 GiB to gather from one rank");
    std::vector<int> counts(rank_ == 0 ? static_cast<std::size_t>(size_) : 0);
    check(MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD),
          "MPI_Gather");
    std::vector<int> offsets(counts.size());
    std::size_t total = 0;
    for (std::size_t r = 0; r < counts.size(); ++r) {
        offsets[r] = static_cast<int>(total);
        total += static_cast<std::size_t>(counts[r]);
    }
    if (total > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw std::runtime_error("MPI: more than 2 GiB to gather on rank 0");
    std::vector<std::uint8_t> all(total);
    check(MPI_Gatherv(bytes.data(), count, MPI_BYTE, all.data(), counts.data(), offsets.data(),
                      MPI_BYTE, 0, MPI_COMM_WORLD),
          "MPI_Gatherv");
    std::vector<std::vector<std::uint8_t>> by_rank(counts.size());
    for (std::size_t r = 0; r < counts.size(); ++r) {
        by_rank[r].assign(all.begin() + offsets[r], all.begin() + offsets[r] + counts[r]);
    }
    return by_rank;
}

}  // namespace tuntas::engine
