#pragma once

#include <algorithm>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace tuntas::model {

/// What a reader of a foreign file left out or assumed, counted by kind with a few examples
/// each, so that nothing is dropped without a word (one line per kind at the end).
class WarningTally {
public:
    /// Counts one `what`; keeps `example` among the first three distinct ones.
    void add(const std::string& what, const std::string& example = {}) {
        auto& entry = entries_[what];
        ++entry.count;
        if (!example.empty() && entry.examples.size() < 3 &&
            std::find(entry.examples.begin(), entry.examples.end(), example) ==
                entry.examples.end()) {
            entry.examples.push_back(example);
        }
    }
    /// Adds what `later` counted (read after what this one counted): the counts summed, its
    /// examples after these up to three, as if one tally had counted both in turn.
    void merge(const WarningTally& later) {
        for (const auto& [what, counted] : later.entries_) {
            auto& entry = entries_[what];
            entry.count += counted.count;
            for (const auto& example : counted.examples) {
                if (entry.examples.size() < 3 &&
                    std::find(entry.examples.begin(), entry.examples.end(), example) ==
                        entry.examples.end())
                    entry.examples.push_back(example);
            }
        }
    }
    /// One line per kind, in alphabetical order: "what: N (e.g. a, b, c)"; a note counted once
    /// without examples is its text alone.
    [[nodiscard]] std::vector<std::string> lines() const {
        std::vector<std::string> out;
        for (const auto& [what, entry] : entries_) {
            if (entry.examples.empty()) {
                out.push_back(entry.count == 1 ? what : fmt::format("{}: {}", what, entry.count));
            } else {
                out.push_back(fmt::format("{}: {} (e.g. {})", what, entry.count,
                                          fmt::join(entry.examples, ", ")));
            }
        }
        return out;
    }

private:
    struct Entry {
        std::size_t count{0};
        std::vector<std::string> examples;
    };
    std::map<std::string, Entry> entries_;
};

}  // namespace tuntas::model
