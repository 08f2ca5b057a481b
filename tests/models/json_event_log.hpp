#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace tuntas::testing {

/// An nlohmann::json SAX handler that writes down every event it gets, as text (numbers with
/// their type and every bit of their value), to compare two parsers' events.
struct JsonEventLog {
    using json = nlohmann::json;
    std::vector<std::string> events;
    std::size_t refuse_after{static_cast<std::size_t>(-1)};  ///< events taken before false

    bool add(std::string event) {
        events.push_back(std::move(event));
        return events.size() < refuse_after;
    }
    bool null() { return add("null"); }
    bool boolean(bool value) { return add(value ? "true" : "false"); }
    bool number_integer(json::number_integer_t value) { return add(fmt::format("int {}", value)); }
    bool number_unsigned(json::number_unsigned_t value) {
        return add(fmt::format("unsigned {}", value));
    }
    bool number_float(json::number_float_t value, const json::string_t& /*text*/) {
        return add(fmt::format("float {:a}", value));
    }
    bool string(json::string_t& value) { return add("string " + value); }
    bool binary(json::binary_t& /*value*/) { return add("binary"); }
    bool start_object(std::size_t size) { return add(fmt::format("{{ {}", size)); }
    bool key(json::string_t& value) { return add("key " + value); }
    bool end_object() { return add("}"); }
    bool start_array(std::size_t size) { return add(fmt::format("[ {}", size)); }
    bool end_array() { return add("]"); }
    bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/,
                     const json::exception& e) {
        events.push_back(std::string("error ") + e.what());
        return false;
    }
};

}  // namespace tuntas::testing
