#include "models/api/section_values.hpp"

#include <fmt/format.h>

#include "engine/assert.hpp"

namespace tuntas::model {

const SectionValues::Value& SectionValues::at(const std::string& key) const {
    const auto it = values_.find(key);
    TUNTAS_ASSERT(it != values_.end(), "scenario key read but never declared");
    return it->second;
}

std::int64_t SectionValues::integer(const std::string& key) const {
    const auto* value = std::get_if<std::int64_t>(&at(key));
    TUNTAS_ASSERT(value != nullptr, "scenario key read as integer is not one");
    return *value;
}

double SectionValues::real(const std::string& key) const {
    const Value& value = at(key);
    if (const auto* i = std::get_if<std::int64_t>(&value)) return static_cast<double>(*i);
    const auto* r = std::get_if<double>(&value);
    TUNTAS_ASSERT(r != nullptr, "scenario key read as real is not one");
    return *r;
}

const std::string& SectionValues::text(const std::string& key) const {
    const auto* value = std::get_if<std::string>(&at(key));
    TUNTAS_ASSERT(value != nullptr, "scenario key read as text is not one");
    return *value;
}

bool SectionValues::boolean(const std::string& key) const {
    const auto* value = std::get_if<bool>(&at(key));
    TUNTAS_ASSERT(value != nullptr, "scenario key read as boolean is not one");
    return *value;
}

Diagnostic SectionValues::problem(const std::string& key, const std::string& message) const {
    if (key.empty()) return Diagnostic::at(origin_, message);
    const auto it = locations_.find(key);
    const SourceLocation& where =
        it != locations_.end() && !it->second.file.empty() ? it->second : origin_;
    return Diagnostic::at(where, fmt::format("key '{}{}': {}", prefix_, key, message));
}

}  // namespace tuntas::model
