#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/recorder.hpp"

namespace tuntas::scenarios {

/// Values packed into bytes for another rank of the same build (a run over ranks ships what its
/// models sampled and summed up to rank 0), and read back in the order they were put. Numbers
/// travel as their bytes, so a double arrives bit for bit.
class RankPacket {
public:
    RankPacket() = default;
    /// A packet to read: bytes another rank's RankPacket::take gave.
    explicit RankPacket(std::vector<std::uint8_t> bytes) : bytes_(std::move(bytes)) {}

    void put_u64(std::uint64_t value);
    void put_double(double value);
    void put_string(const std::string& text);
    void put_doubles(const std::vector<double>& values);
    /// A table's columns (each an int64, double or text column).
    void put_columns(const engine::TableColumns& columns);

    [[nodiscard]] std::uint64_t get_u64();
    [[nodiscard]] double get_double();
    [[nodiscard]] std::string get_string();
    [[nodiscard]] std::vector<double> get_doubles();
    [[nodiscard]] engine::TableColumns get_columns();

    /// True when everything put has been read.
    [[nodiscard]] bool at_end() const noexcept { return read_ == bytes_.size(); }
    /// The bytes put, leaving the packet empty.
    [[nodiscard]] std::vector<std::uint8_t> take() {
        read_ = 0;
        return std::move(bytes_);
    }

private:
    void put_bytes(const void* data, std::size_t count);
    void get_bytes(void* data, std::size_t count);
    /// A count, then that many plain values as their bytes.
    template <class T>
    void put_array(const std::vector<T>& values);
    template <class T>
    [[nodiscard]] std::vector<T> get_array();

    std::vector<std::uint8_t> bytes_;
    std::size_t read_{0};
};

}  // namespace tuntas::scenarios
