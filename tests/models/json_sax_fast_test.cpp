#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "models/district/json_sax_fast.hpp"
#include "tests/models/json_event_log.hpp"

using tuntas::district::json_sax_fast;
using tuntas::testing::JsonEventLog;

namespace {

/// nlohmann::json's own SAX events for `text`: the reference.
std::vector<std::string> nlohmann_events(std::string_view text) {
    JsonEventLog log;
    nlohmann::json::sax_parse(text.begin(), text.end(), &log);
    return log.events;
}

}  // namespace

TEST_CASE("district::json_sax_fast: the events nlohmann::json's parser gives, for what it reads",
          "[district][unit]") {
    for (const std::string_view text : {
             R"({"features":[{"geometry":{"coordinates":[[116.206474,-1.890524],[116.2,-1.8]],)"
             R"("type":"LineString"},"properties":{"lanes":2,"oneway":true,"priority":-1,)"
             R"("speed_kmh":50.004000000000005,"turn_lanes":{"a204a[0]":[0,1]},"x":null,)"
             R"("f":false}}],"type":"FeatureCollection"})",
             " \t\r\n[ 1 , -0 , 0.5e-3 , 1E+2 , -12.25E-1 , 18446744073709551615 ,"
             " -9223372036854775808 , 1e-310 ] \n",
             R"("a \"quoted\" \\ \/ \b\f\n\r\t text")",
             "{\"Jalan Sudirman \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\":[[],{},[{}],{\"\":\"\"}]}",
             "0",
             "-1",
             "true",
             "  null  ",
             "[[[[[[[[[[1]]]]]]]]]]",
         }) {
        CAPTURE(text);
        JsonEventLog fast;
        REQUIRE(json_sax_fast(text, fast));
        CHECK(fast.events == nlohmann_events(text));
    }
}

TEST_CASE("district::json_sax_fast: declines what it does not read itself, which nlohmann::json "
          "reads or refuses",
          "[district][unit]") {
    for (const std::string_view text : {
             // nlohmann reads these: left to it
             R"(["\u00e9"])",         // a \u escape
             "18446744073709551616",  // an integer beyond 64 bits (a double to nlohmann)
             "-9223372036854775809",
             // nlohmann refuses these, with a message of its own
             "",
             "   ",
             "[1,]",
             "{,}",
             "[,1]",
             R"({"a" 1})",
             R"({"a":1,})",
             R"({1:2})",
             "01",
             "1.",
             ".5",
             "1e",
             "-",
             "+1",
             "1e400",  // beyond a double
             "[1] 2",
             "[1",
             R"(["unterminated)",
             "[\"tab\tinside\"]",   // a control character in a string
             "[\"\xC3\"]",          // a truncated UTF-8 sequence
             "[\"\xED\xA0\x80\"]",  // a UTF-16 surrogate as UTF-8
             "[\"\xC0\xAF\"]",      // an overlong encoding
             "[\"\\x\"]",
             "tru",
             "nul",
             "falsey",
             "[1 2]",
         }) {
        CAPTURE(text);
        JsonEventLog fast;
        CHECK_FALSE(json_sax_fast(text, fast));
    }
}

TEST_CASE("district::json_sax_fast: a handler that returns false stops it", "[district][unit]") {
    JsonEventLog log;
    log.refuse_after = 3;
    CHECK_FALSE(json_sax_fast("[1,2,3,4]", log));
    CHECK(log.events.size() == 3);
}
