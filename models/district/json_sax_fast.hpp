#pragma once

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <nlohmann/json.hpp>

namespace tuntas::district {

/// Calls `handler`'s nlohmann::json SAX methods (null, boolean, number_integer, number_unsigned,
/// number_float, string, start_object, key, end_object, start_array, end_array) for the JSON
/// `text`, as json::sax_parse would, but about five times faster (DRT's 351-kB roads layer to a
/// handler that does nothing: 0.70 against 3.61 ms, best of 20): nlohmann's lexer copies every
/// byte it reads into a token buffer for its error messages, and was two fifths of loading
/// Bologna's joined district (callgrind). It reads the JSON tuntas and GIS tools write and
/// declines the rest: false, at the first thing it does not take itself (any error, a \u escape,
/// an integer beyond 64 bits, a number beyond a double, a handler that returns false), after the
/// events before it. The caller then undoes what those events did and parses the text again
/// with json::sax_parse, which gives the same events or nlohmann's own error message. So on
/// every text this gives nlohmann's events or declines (tests/models/json_sax_fast_test.cpp, and
/// fuzz_district compares the two on every input it makes).
template <class Handler>
[[nodiscard]] bool json_sax_fast(std::string_view text, Handler& handler);

namespace json_sax_fast_detail {

inline bool is_space(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

inline bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

/// The UTF-8 sequence at `text[at]` (a byte of 0x80 or more) as RFC 3629 allows it, as
/// nlohmann::json checks it: its length, or 0 when it is not one.
inline std::size_t utf8_length(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t k) {
        return at + k < text.size() ? static_cast<unsigned char>(text[at + k]) : 0U;
    };
    const auto in = [](unsigned value, unsigned low, unsigned high) {
        return value >= low && value <= high;
    };
    const unsigned first = byte(0);
    if (in(first, 0xC2, 0xDF)) return in(byte(1), 0x80, 0xBF) ? 2 : 0;
    if (first == 0xE0) return in(byte(1), 0xA0, 0xBF) && in(byte(2), 0x80, 0xBF) ? 3 : 0;
    if (in(first, 0xE1, 0xEC) || in(first, 0xEE, 0xEF))
        return in(byte(1), 0x80, 0xBF) && in(byte(2), 0x80, 0xBF) ? 3 : 0;
    if (first == 0xED) return in(byte(1), 0x80, 0x9F) && in(byte(2), 0x80, 0xBF) ? 3 : 0;
    if (first == 0xF0) {
        return in(byte(1), 0x90, 0xBF) && in(byte(2), 0x80, 0xBF) && in(byte(3), 0x80, 0xBF) ? 4
                                                                                             : 0;
    }
    if (in(first, 0xF1, 0xF3)) {
        return in(byte(1), 0x80, 0xBF) && in(byte(2), 0x80, 0xBF) && in(byte(3), 0x80, 0xBF) ? 4
                                                                                             : 0;
    }
    if (first == 0xF4) {
        return in(byte(1), 0x80, 0x8F) && in(byte(2), 0x80, 0xBF) && in(byte(3), 0x80, 0xBF) ? 4
                                                                                             : 0;
    }
    return 0;
}

/// The string whose opening quote is at `text[at - 1]`, into `out`; `at` moves past its closing
/// quote. False when it is not one this reader takes (unterminated, a control character, a \u
/// escape, a byte that is no UTF-8).
inline bool read_string(std::string_view text, std::size_t& at, std::string& out) {
    out.clear();
    std::size_t run = at;  // start of the bytes not yet copied
    while (at < text.size()) {
        const char c = text[at];
        if (c == '"') {
            out.append(text.data() + run, at - run);
            ++at;
            return true;
        }
        if (static_cast<unsigned char>(c) < 0x20) return false;
        if (c == '\\') {
            out.append(text.data() + run, at - run);
            if (at + 1 >= text.size()) return false;
            switch (text[at + 1]) {
            case '"':
                out += '"';
                break;
            case '\\':
                out += '\\';
                break;
            case '/':
                out += '/';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            default:
                return false;  // \u (and anything else): nlohmann's to read
            }
            at += 2;
            run = at;
            continue;
        }
        if (static_cast<unsigned char>(c) >= 0x80) {
            const std::size_t length = utf8_length(text, at);
            if (length == 0) return false;
            at += length;
            continue;
        }
        ++at;
    }
    return false;
}

}  // namespace json_sax_fast_detail

template <class Handler>
bool json_sax_fast(std::string_view text, Handler& handler) {
    using namespace json_sax_fast_detail;
    using json = nlohmann::json;
    constexpr auto unknown_size = static_cast<std::size_t>(-1);  // what nlohmann passes
    static const std::string no_text;
    // Open containers, innermost last: '{' or '['.
    std::vector<char> open;
    std::string string;
    std::size_t at = 0;
    const auto skip_space = [&] {
        while (at < text.size() && is_space(text[at])) ++at;
    };
    // A value starts at text[at] (no space before it): its events; false to decline.
    const auto value = [&]() -> bool {
        if (at >= text.size()) return false;
        const char c = text[at];
        switch (c) {
        case '{':
            ++at;
            open.push_back('{');
            return handler.start_object(unknown_size);
        case '[':
            ++at;
            open.push_back('[');
            return handler.start_array(unknown_size);
        case '"':
            ++at;
            return read_string(text, at, string) && handler.string(string);
        case 't':
            if (text.substr(at, 4) != "true") return false;
            at += 4;
            return handler.boolean(true);
        case 'f':
            if (text.substr(at, 5) != "false") return false;
            at += 5;
            return handler.boolean(false);
        case 'n':
            if (text.substr(at, 4) != "null") return false;
            at += 4;
            return handler.null();
        default:
            break;
        }
        // A number, as JSON's grammar has it: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
        const std::size_t start = at;
        if (text[at] == '-') ++at;
        if (at >= text.size() || !is_digit(text[at])) return false;
        if (text[at] == '0') {
            ++at;
        } else {
            while (at < text.size() && is_digit(text[at])) ++at;
        }
        bool integer = true;
        if (at < text.size() && text[at] == '.') {
            integer = false;
            ++at;
            if (at >= text.size() || !is_digit(text[at])) return false;
            while (at < text.size() && is_digit(text[at])) ++at;
        }
        if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
            integer = false;
            ++at;
            if (at < text.size() && (text[at] == '+' || text[at] == '-')) ++at;
            if (at >= text.size() || !is_digit(text[at])) return false;
            while (at < text.size() && is_digit(text[at])) ++at;
        }
        const char* first = text.data() + start;
        const char* last = text.data() + at;
        if (integer) {
            // Beyond 64 bits nlohmann makes it a double: declined (rare; nlohmann's to read).
            if (*first == '-') {
                json::number_integer_t number = 0;
                const auto [end, error] = std::from_chars(first, last, number);
                return error == std::errc{} && end == last && handler.number_integer(number);
            }
            json::number_unsigned_t number = 0;
            const auto [end, error] = std::from_chars(first, last, number);
            return error == std::errc{} && end == last && handler.number_unsigned(number);
        }
        // Correctly rounded, as strtod (nlohmann's) is; beyond a double nlohmann reports an error
        // of its own: declined.
        double number = 0.0;
        const auto [end, error] = std::from_chars(first, last, number);
        return error == std::errc{} && end == last && std::isfinite(number) &&
               handler.number_float(number, no_text);
    };

    skip_space();
    if (!value()) return false;
    bool just_opened = !open.empty();  // a container opened: it may close at once
    for (;;) {
        skip_space();
        if (open.empty()) return at == text.size();  // one value, then only space
        if (at >= text.size()) return false;
        const char container = open.back();
        const char close = container == '{' ? '}' : ']';
        if (text[at] == close) {
            ++at;
            open.pop_back();
            just_opened = false;
            if (!(container == '{' ? handler.end_object() : handler.end_array())) return false;
            continue;
        }
        if (!just_opened) {
            if (text[at] != ',') return false;
            ++at;
            skip_space();
        }
        if (container == '{') {
            if (at >= text.size() || text[at] != '"') return false;
            ++at;
            if (!read_string(text, at, string) || !handler.key(string)) return false;
            skip_space();
            if (at >= text.size() || text[at] != ':') return false;
            ++at;
            skip_space();
        }
        const std::size_t depth = open.size();
        if (!value()) return false;
        just_opened = open.size() > depth;
    }
}

}  // namespace tuntas::district
