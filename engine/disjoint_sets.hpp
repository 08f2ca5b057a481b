#pragma once

#include <cstddef>
#include <numeric>
#include <utility>
#include <vector>

namespace tuntas::engine {

/// Elements 0 .. n - 1 in disjoint sets (union-find with path halving): which junction exits
/// share a lane, which locality groups a quick link joins, which models share memory. A set is
/// named by its least element, so the sets do not depend on the order of the joins.
class DisjointSets {
public:
    /// `count` elements, each alone.
    explicit DisjointSets(std::size_t count) : parent_(count) {
        std::iota(parent_.begin(), parent_.end(), std::size_t{0});
    }

    /// The least element of `element`'s set.
    [[nodiscard]] std::size_t find(std::size_t element) {
        while (parent_[element] != element) element = parent_[element] = parent_[parent_[element]];
        return element;
    }

    /// Puts `a`'s and `b`'s sets together.
    void join(std::size_t a, std::size_t b) {
        a = find(a);
        b = find(b);
        if (a != b) parent_[std::max(a, b)] = std::min(a, b);
    }

    /// Each element's set numbered 0, 1, ... in the order of the sets' least elements.
    [[nodiscard]] std::vector<std::size_t> numbered() {
        const std::size_t count = parent_.size();
        std::vector<std::size_t> number_of_root(count, count);
        std::vector<std::size_t> numbers(count);
        std::size_t next = 0;
        for (std::size_t element = 0; element < count; ++element) {
            std::size_t& number = number_of_root[find(element)];
            if (number == count) number = next++;
            numbers[element] = number;
        }
        return numbers;
    }

private:
    std::vector<std::size_t> parent_;
};

}  // namespace tuntas::engine
