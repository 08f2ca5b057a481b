#pragma once

#include <array>
#include <cstddef>
#include <cstring>
#include <type_traits>

namespace tuntas::engine {

/// The model-defined content of an event: a small trivially copyable value stored inline, so
/// events stay plain values (no heap message per event, and they can cross an MPI boundary).
class Payload {
public:
    /// Bytes available to a model's event struct.
    static constexpr std::size_t capacity_bytes = 24;

    /// True when T can travel as a payload.
    template <class T>
    static constexpr bool fits = std::is_trivially_copyable_v<T> && sizeof(T) <= capacity_bytes &&
                                 alignof(T) <= alignof(std::max_align_t);

    Payload() = default;

    /// Stores `value`; the unused bytes stay zero so equal values give equal payloads.
    template <class T>
    requires fits<T>
    [[nodiscard]] static Payload of(const T& value) {
        Payload payload;
        std::memcpy(payload.bytes_.data(), &value, sizeof(T));
        return payload;
    }

    /// Reads the payload back as the T it was made from.
    template <class T>
    requires fits<T>
    [[nodiscard]] T as() const {
        T value;
        std::memcpy(&value, bytes_.data(), sizeof(T));
        return value;
    }

private:
    alignas(8) std::array<std::byte, capacity_bytes> bytes_{};
};

}  // namespace tuntas::engine
