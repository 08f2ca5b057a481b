#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tuntas::model {

/// The number of single-character insertions, deletions and substitutions from `a` to `b`
/// (Levenshtein distance).
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate nearest to `word` by edit_distance, if it is closer than `below` (ties: the
/// first); "" when none is: a "did you mean" suggestion.
[[nodiscard]] std::string closest_name(std::string_view word,
                                       const std::vector<std::string>& candidates,
                                       std::size_t below = 4);

}  // namespace tuntas::model
