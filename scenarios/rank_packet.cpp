#include "scenarios/rank_packet.hpp"

#include <cstring>
#include <stdexcept>
#include <type_traits>
#include <variant>

namespace tuntas::scenarios {

void RankPacket::put_bytes(const void* data, std::size_t count) {
    const auto* first = static_cast<const std::uint8_t*>(data);
    bytes_.insert(bytes_.end(), first, first + count);
}

void RankPacket::get_bytes(void* data, std::size_t count) {
    if (count > bytes_.size() - read_)
        throw std::runtime_error("a packet from another rank ends before its values do");
    if (count > 0) std::memcpy(data, bytes_.data() + read_, count);
    read_ += count;
}

template <class T>
void RankPacket::put_array(const std::vector<T>& values) {
    static_assert(std::is_trivially_copyable_v<T>);
    put_u64(values.size());
    put_bytes(values.data(), values.size() * sizeof(T));
}

template <class T>
std::vector<T> RankPacket::get_array() {
    const std::uint64_t size = get_u64();
    if (size > (bytes_.size() - read_) / sizeof(T))
        throw std::runtime_error("a packet from another rank ends before its values do");
    std::vector<T> values(size);
    get_bytes(values.data(), size * sizeof(T));
    return values;
}

void RankPacket::put_u64(std::uint64_t value) {
    put_bytes(&value, sizeof value);
}

void RankPacket::put_double(double value) {
    put_bytes(&value, sizeof value);
}

void RankPacket::put_string(const std::string& text) {
    put_u64(text.size());
    put_bytes(text.data(), text.size());
}

void RankPacket::put_doubles(const std::vector<double>& values) {
    put_array(values);
}

void RankPacket::put_columns(const engine::TableColumns& columns) {
    put_u64(columns.size());
    for (const auto& column : columns) {
        put_u64(column.index());
        if (const auto* integers = std::get_if<std::vector<std::int64_t>>(&column)) {
            put_array(*integers);
        } else if (const auto* reals = std::get_if<std::vector<double>>(&column)) {
            put_array(*reals);
        } else {
            const auto& texts = std::get<std::vector<std::string>>(column);
            put_u64(texts.size());
            for (const auto& text : texts) put_string(text);
        }
    }
}

std::uint64_t RankPacket::get_u64() {
    std::uint64_t value = 0;
    get_bytes(&value, sizeof value);
    return value;
}

double RankPacket::get_double() {
    double value = 0.0;
    get_bytes(&value, sizeof value);
    return value;
}

std::string RankPacket::get_string() {
    const auto characters = get_array<char>();
    return {characters.begin(), characters.end()};
}

std::vector<double> RankPacket::get_doubles() {
    return get_array<double>();
}

engine::TableColumns RankPacket::get_columns() {
    const std::uint64_t count = get_u64();
    engine::TableColumns columns;
    for (std::uint64_t c = 0; c < count; ++c) {
        const std::uint64_t kind = get_u64();
        if (kind == 0) {
            columns.emplace_back(get_array<std::int64_t>());
        } else if (kind == 1) {
            columns.emplace_back(get_array<double>());
        } else if (kind == 2) {
            const std::uint64_t size = get_u64();
            std::vector<std::string> texts;
            for (std::uint64_t k = 0; k < size; ++k) texts.push_back(get_string());
            columns.emplace_back(std::move(texts));
        } else {
            throw std::runtime_error("a packet from another rank holds an unknown column kind");
        }
    }
    return columns;
}

}  // namespace tuntas::scenarios
