#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>

#include "engine/ticks.hpp"
#include "models/api/diagnostic.hpp"

namespace tuntas::model {

/// The validated values of one scenario section (or one edit), defaults filled in. Durations
/// are held in seconds. Reading a key the schema does not declare is a programmer error.
class SectionValues {
public:
    /// A value as validated: integer, real (also durations, in s), text or boolean.
    using Value = std::variant<std::int64_t, double, std::string, bool>;

    /// Sets `key`, written at `where` (the loader; a default has the table's location).
    void set(const std::string& key, Value value, SourceLocation where = {}) {
        values_[key] = std::move(value);
        locations_[key] = std::move(where);
    }
    /// Names the table these values come from: its key prefix ("waste.", "edits[2].") and
    /// where it starts (the loader).
    void set_origin(std::string prefix, SourceLocation where) {
        prefix_ = std::move(prefix);
        origin_ = std::move(where);
    }

    /// True when `key` has a value.
    [[nodiscard]] bool has(const std::string& key) const { return values_.contains(key); }
    /// An integer key.
    [[nodiscard]] std::int64_t integer(const std::string& key) const;
    /// A real key (an integer key reads as real too).
    [[nodiscard]] double real(const std::string& key) const;
    /// A duration key, in seconds.
    [[nodiscard]] double duration_s(const std::string& key) const { return real(key); }
    /// A duration key, in ticks.
    [[nodiscard]] engine::Ticks duration(const std::string& key) const {
        return engine::ticks_from_seconds(real(key));
    }
    /// A text key.
    [[nodiscard]] const std::string& text(const std::string& key) const;
    /// A boolean key.
    [[nodiscard]] bool boolean(const std::string& key) const;
    /// A problem with the value of `key` (or with the whole table when `key` is empty), located
    /// where the value was written: "file:line:col: error: key 'waste.policy': <message>".
    [[nodiscard]] Diagnostic problem(const std::string& key, const std::string& message) const;
    /// Where `key`'s value was written (empty for a key without a value).
    [[nodiscard]] SourceLocation where(const std::string& key) const {
        const auto it = locations_.find(key);
        return it == locations_.end() ? SourceLocation{} : it->second;
    }
    /// Every key and its value, by key.
    [[nodiscard]] const std::map<std::string, Value>& all() const noexcept { return values_; }

private:
    [[nodiscard]] const Value& at(const std::string& key) const;
    std::map<std::string, Value> values_;
    std::map<std::string, SourceLocation> locations_;
    std::string prefix_;
    SourceLocation origin_;
};

}  // namespace tuntas::model
