#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <unistd.h>

#include "models/api/input_error.hpp"
#include "models/traffic/sumo_route_file.hpp"

// A route file read in pieces on several threads gives what it gives read in one pass: the
// pieces' edges renumbered into one table in order of first use, routes named in one piece and
// used in a later one, flows, trips, warnings and lines, all as the single pass has them.
namespace fs = std::filesystem;
using tuntas::traffic::read_sumo_route_file;
using tuntas::traffic::SumoRouteFile;

namespace {

/// A route file in the temporary directory, removed when the test ends.
class ScratchFile {
public:
    ScratchFile(const std::string& name, const std::string& text)
        : path_(fs::temp_directory_path() /
                ("tuntas-" + std::to_string(::getpid()) + "-" + name + ".rou.xml")) {
        std::ofstream(path_) << text;
    }
    ScratchFile(const ScratchFile&) = delete;
    ScratchFile& operator=(const ScratchFile&) = delete;
    ~ScratchFile() { fs::remove(path_); }
    [[nodiscard]] const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

/// Every field of two reads equal (all but how many pieces each was read in).
void check_same(const SumoRouteFile& one_pass, const SumoRouteFile& pieces) {
    CHECK(pieces.edge_names == one_pass.edge_names);
    CHECK(pieces.route_edges == one_pass.route_edges);
    CHECK(pieces.warnings == one_pass.warnings);
    REQUIRE(pieces.vehicles.size() == one_pass.vehicles.size());
    for (std::size_t v = 0; v < one_pass.vehicles.size(); ++v) {
        const auto& a = one_pass.vehicles[v];
        const auto& b = pieces.vehicles[v];
        INFO("vehicle " << v << " '" << a.id << "'");
        CHECK(b.id == a.id);
        CHECK(b.depart_s == a.depart_s);
        CHECK(b.line == a.line);
        CHECK(b.route_begin == a.route_begin);
        CHECK(b.route_end == a.route_end);
        CHECK(b.from_edge == a.from_edge);
        CHECK(b.to_edge == a.to_edge);
        CHECK(b.type == a.type);
    }
    REQUIRE(pieces.types.size() == one_pass.types.size());
    for (std::size_t t = 0; t < one_pass.types.size(); ++t) {
        CHECK(pieces.types[t].id == one_pass.types[t].id);
        CHECK(pieces.types[t].length_m == one_pass.types[t].length_m);
    }
    REQUIRE(pieces.distributions.size() == one_pass.distributions.size());
}

/// A file with every kind of element the reader handles, mixed along its length: inline and
/// named routes (some named in the first quarter and used in the last), trips, flows of each
/// kind (some on a route named far before), persons, stops, empty routes, left-out vehicles
/// and unused attributes.
std::string mixed_file(std::uint32_t seed, int vehicles) {
    std::mt19937 random(seed);
    const auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
    const auto edges = [&] {
        std::string list;
        const int length = 1 + pick(12);
        for (int k = 0; k < length; ++k) {
            if (k > 0) list += ' ';
            list += "e" + std::to_string(pick(60)) + (pick(4) == 0 ? "#1" : "");
        }
        return list;
    };
    std::string text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- generated -->\n"
                       "<routes xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
                       "    <vType id=\"car\" length=\"4.5\" accel=\"2.6\"/>\n"
                       "    <vType id=\"bus\" vClass=\"bus\" length=\"12\"/>\n"
                       "    <vTypeDistribution id=\"mix\" vTypes=\"car bus\" "
                       "probabilities=\"0.9 0.1\"/>\n"
                       "    <route id=\"r_top\" edges=\"e1 e2 e3\"/>\n";
    int named = 0;
    for (int v = 0; v < vehicles; ++v) {
        const std::string id = "v" + std::to_string(v);
        const std::string depart = std::to_string(v) + ".25";
        const std::string type =
            pick(3) == 0 ? "" : (pick(2) == 0 ? " type=\"car\"" : " type=\"mix\"");
        switch (pick(12)) {
        case 0:
            text +=
                "    <route id=\"r" + std::to_string(named++) + "\" edges=\"" + edges() + "\"/>\n";
            break;
        case 1:
            text += "    <vehicle id=\"" + id + "\" depart=\"" + depart + "\" route=\"r_top\"" +
                    type + "/>\n";
            break;
        case 2:
            if (named > 0) {
                text += "    <vehicle id=\"" + id + "\" depart=\"" + depart + "\" route=\"r" +
                        std::to_string(pick(named)) + "\"" + type + "/>\n";
            }
            break;
        case 3:
            text += "    <trip id=\"" + id + "\" depart=\"" + depart + "\" from=\"e" +
                    std::to_string(pick(60)) + "\" to=\"x" + std::to_string(pick(9)) + "\"/>\n";
            break;
        case 4:
            text += "    <flow id=\"f" + id + "\" begin=\"" + depart + "\" end=\"" +
                    std::to_string(v + 40) + "\" " +
                    (pick(3) == 0   ? "number=\"3\""
                     : pick(2) == 0 ? "period=\"7\""
                                    : "probability=\"0.2\"") +
                    (named > 0 && pick(2) == 0 ? " route=\"r" + std::to_string(pick(named)) + "\""
                                               : " from=\"e4\" to=\"e9\"") +
                    "/>\n";
            break;
        case 5:
            text += "    <person id=\"p" + id + "\" depart=\"" + depart +
                    "\">\n        <walk edges=\"e1 e2\"/>\n    </person>\n";
            break;
        case 6:
            text += "    <vehicle id=\"" + id + "\" depart=\"" + depart +
                    "\" departLane=\"best\">\n        <route edges=\"" + edges() +
                    "\"/>\n        <stop lane=\"e1_0\" duration=\"20\"/>\n    </vehicle>\n";
            break;
        case 7:
            text += "    <vehicle id=\"" + id +
                    "\" depart=\"triggered\"><route edges=\"e1\"/>"
                    "</vehicle>\n";
            break;
        case 8:
            text += "    <vehicle id=\"" + id + "\" depart=\"" + depart +
                    "\"><route edges=\"\"/></vehicle>\n";
            break;
        default:
            text += "    <vehicle id=\"" + id + "\" depart=\"" + depart + "\"" + type +
                    ">\n        <route edges=\"" + edges() + "\"/>\n    </vehicle>\n";
            break;
        }
    }
    return text + "</routes>\n";
}

}  // namespace

TEST_CASE("traffic::read_sumo_route_file: read in pieces it gives what one pass gives",
          "[traffic][unit]") {
    for (const std::uint32_t seed : {1U, 2U, 3U}) {
        const ScratchFile file("mixed-" + std::to_string(seed), mixed_file(seed, 3000));
        const auto one_pass = read_sumo_route_file(file.path(), 11, 1);
        REQUIRE(one_pass.pieces_read == 1);
        REQUIRE(one_pass.vehicles.size() > 2000);
        for (const unsigned pieces : {2U, 3U, 5U, 8U, 16U}) {
            INFO("seed " << seed << ", " << pieces << " pieces");
            const auto read = read_sumo_route_file(file.path(), 11, pieces);
            CHECK(read.pieces_read == pieces);  // split where asked: no fallback to one pass
            check_same(one_pass, read);
        }
    }
}

TEST_CASE("traffic::read_sumo_route_file: read in pieces lines count as XML counts them",
          "[traffic][unit]") {
    // Windows line ends ("\r\n") and lone "\r" (a line end to XML, not one to a count of
    // "\n"): the lines of vehicles in later pieces still match one pass's.
    std::string crlf;
    std::string lone_cr;
    for (const char c : mixed_file(6, 1500)) {
        crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
        lone_cr += c;
        if (c == '>' && lone_cr.size() % 7 == 0) lone_cr += "\r";
    }
    for (const auto& [name, text] : {std::pair{"crlf", crlf}, std::pair{"lone-cr", lone_cr}}) {
        INFO(name);
        const ScratchFile file(name, text);
        const auto one_pass = read_sumo_route_file(file.path(), 3, 1);
        const auto pieces = read_sumo_route_file(file.path(), 3, 4);
        CHECK(pieces.pieces_read == 4);
        REQUIRE(one_pass.vehicles.size() > 1000);
        CHECK(one_pass.vehicles.back().line > one_pass.vehicles.front().line + 1000);
        check_same(one_pass, pieces);
    }
}

TEST_CASE("traffic::read_sumo_route_file: a file that does not split is read in one pass",
          "[traffic][unit]") {
    const std::string body = mixed_file(4, 400);
    const auto vehicles_at = body.find("    <vehicle");
    REQUIRE(vehicles_at != std::string::npos);
    const auto read_both = [](const std::string& name, const std::string& text) {
        const ScratchFile file(name, text);
        const auto one_pass = read_sumo_route_file(file.path(), 5, 1);
        const auto pieces = read_sumo_route_file(file.path(), 5, 4);
        check_same(one_pass, pieces);
        return pieces.pieces_read;
    };
    SECTION("a vType among the vehicles") {
        std::string text = body;
        text.insert(text.rfind("</routes>"), "    <vType id=\"late\" length=\"7\"/>\n");
        CHECK(read_both("late-type", text) == 1);
    }
    SECTION("a DOCTYPE") {
        std::string text = body;
        text.insert(text.find("<routes"), "<!DOCTYPE routes>\n");
        CHECK(read_both("doctype", text) == 1);
    }
    SECTION("another encoding") {
        std::string text = body;
        text.replace(text.find("UTF-8"), 5, "ISO-8859-1");
        CHECK(read_both("latin1", text) == 1);
    }
    SECTION("every split inside a comment") {
        std::string text = body;
        text.insert(vehicles_at, "<!--\n");
        text.insert(text.rfind("</routes>"), "-->\n");
        CHECK(read_both("comment", text) == 1);
    }
}

TEST_CASE("traffic::read_sumo_route_file: read in pieces a problem is named as one pass names it",
          "[traffic][unit]") {
    std::string text = mixed_file(5, 2000);
    // A route never defined, and a type never defined, used near the end (in the last piece).
    const auto late = text.rfind("    <vehicle");
    const std::function<std::string()> cases[] = {
        [&] {
            return std::string(text).insert(
                late, "    <vehicle id=\"lost\" depart=\"1\" route=\"nowhere\"/>\n");
        },
        [&] {
            return std::string(text).insert(
                late, "    <vehicle id=\"odd\" depart=\"1\" type=\"tram\"><route edges=\"e1\"/>"
                      "</vehicle>\n");
        },
        [&] { return std::string(text).insert(late, "    <vehicle id=\"bad\" depart=\"1\">\n"); },
    };
    int k = 0;
    for (const auto& make : cases) {
        const ScratchFile file("problem-" + std::to_string(k++), make());
        std::string one_pass;
        std::string pieces;
        try {
            static_cast<void>(read_sumo_route_file(file.path(), 5, 1));
        } catch (const tuntas::model::InputError& e) {
            one_pass = e.what();
        }
        try {
            static_cast<void>(read_sumo_route_file(file.path(), 5, 4));
        } catch (const tuntas::model::InputError& e) {
            pieces = e.what();
        }
        INFO(one_pass);
        CHECK_FALSE(one_pass.empty());
        CHECK(pieces == one_pass);
    }
}

namespace {

using tuntas::traffic::RouteFileParser;

/// What a read gives: the file, or the message of the problem it names.
struct Outcome {
    std::optional<SumoRouteFile> file;
    std::string problem;
};

Outcome read_with(const fs::path& path, unsigned pieces, RouteFileParser parser) {
    try {
        return {read_sumo_route_file(path, 9, pieces, parser), ""};
    } catch (const tuntas::model::InputError& e) {
        return {std::nullopt, e.what()};
    }
}

/// RapidXML (where it reads the file) and expat alone give the same file or name the same
/// problem, in one pass and in pieces; returns the parser that read it the fastest way in one
/// pass (nothing when the file is refused).
std::optional<RouteFileParser> check_parsers_agree(const std::string& name,
                                                   const std::string& text) {
    const ScratchFile file(name, text);
    std::optional<RouteFileParser> used;
    for (const unsigned pieces : {1U, 3U}) {
        INFO(name << ", " << pieces << " pieces");
        const Outcome fast = read_with(file.path(), pieces, RouteFileParser::fastest);
        const Outcome reference = read_with(file.path(), pieces, RouteFileParser::expat);
        CHECK(fast.problem == reference.problem);
        REQUIRE(fast.file.has_value() == reference.file.has_value());
        if (!fast.file) continue;
        check_same(*reference.file, *fast.file);
        CHECK(reference.file->parsed_by == RouteFileParser::expat);
        if (pieces == 1) used = fast.file->parsed_by;
    }
    return used;
}

}  // namespace

TEST_CASE("traffic::read_sumo_route_file: RapidXML reads what expat reads or leaves it to expat",
          "[traffic][unit]") {
    const std::string body = mixed_file(7, 600);
    const auto at = [&](const std::string& what) {
        const auto found = body.find(what);
        REQUIRE(found != std::string::npos);
        return found;
    };
    const auto with = [&](std::size_t where, const std::string& inserted) {
        return std::string(body).insert(where, inserted);
    };
    const std::size_t vehicle = at("    <vehicle");
    const std::size_t end = body.rfind("</routes>");

    SECTION("a file as SUMO's tools write it is read by RapidXML") {
        CHECK(check_parsers_agree("plain", body) == RouteFileParser::fastest);
        // Tabs and line breaks inside values and tags are spaces to XML.
        CHECK(check_parsers_agree("breaks",
                                  with(vehicle, "    <vehicle\n  id=\"tab\tbed\" depart=\"3\">"
                                                "<route edges=\"e1\te2\n e3\"/></vehicle>\n")) ==
              RouteFileParser::fastest);
        CHECK(check_parsers_agree("spaced", with(vehicle, "    <vehicle id = 'q' depart= \"2\" >"
                                                          "<route edges=\"e1\" /></vehicle >\n")) ==
              RouteFileParser::fastest);
    }
    SECTION("beyond the subset, expat reads it, alike") {
        std::string crlf;
        for (const char c : body) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
        CHECK(check_parsers_agree("crlf", crlf) == RouteFileParser::expat);
        CHECK(
            check_parsers_agree("entity", with(vehicle, "    <vehicle id=\"a&amp;b\" depart=\"1\">"
                                                        "<route edges=\"e1\"/></vehicle>\n")) ==
            RouteFileParser::expat);
        CHECK(check_parsers_agree("utf8", with(vehicle, "    <vehicle id=\"jalan-\xC3\xA9\" "
                                                        "depart=\"1\"><route edges=\"e1\"/>"
                                                        "</vehicle>\n")) == RouteFileParser::expat);
        CHECK(check_parsers_agree("cdata", with(vehicle, "    <vehicle id=\"c\" depart=\"1\">"
                                                         "<![CDATA[x]]><route edges=\"e1\"/>"
                                                         "</vehicle>\n")) ==
              RouteFileParser::expat);
        CHECK(check_parsers_agree("pi", with(vehicle, "<?tuntas note?>\n")) ==
              RouteFileParser::expat);
        // More attributes than any SUMO element has (checked for repeats pairwise): expat's.
        std::string many = "    <vehicle id=\"many\" depart=\"1\"";
        for (int k = 0; k < 100; ++k) many += " a" + std::to_string(k) + "=\"1\"";
        CHECK(check_parsers_agree("many", with(vehicle, many + "/>\n")) == RouteFileParser::expat);
        CHECK_FALSE(check_parsers_agree("many-twice", with(vehicle, many + " a7=\"2\"/>\n")));
        // Markup denser than any SUMO file's (a tree many times the text): expat's, streaming.
        std::string dense;
        for (int k = 0; k < 20000; ++k) dense += "<x/>";
        CHECK(check_parsers_agree("dense", with(vehicle, dense + "\n")) == RouteFileParser::expat);
    }
    SECTION("not well-formed: the same problem named, by expat") {
        const std::vector<std::pair<std::string, std::string>> broken = {
            {"twice", with(vehicle, "    <vehicle id=\"a\" id=\"b\" depart=\"1\"/>\n")},
            {"lt-in-value", with(vehicle, "    <vehicle id=\"a<b\" depart=\"1\"/>\n")},
            {"mismatch", with(vehicle, "    <vehicle id=\"m\" depart=\"1\"></trip>\n")},
            {"unquoted", with(vehicle, "    <vehicle id=a depart=\"1\"/>\n")},
            {"no-space", with(vehicle, "    <vehicle id=\"a\"depart=\"1\"/>\n")},
            {"digit-name", with(vehicle, "    <1vehicle id=\"a\"/>\n")},
            {"odd-name", with(vehicle, "    <vehicle\"x\"=\"1\"/>\n")},
            {"dashes", with(vehicle, "    <!-- a -- b -->\n")},
            {"control", with(vehicle, std::string("    <vehicle id=\"\x01\" depart=\"1\"/>\n"))},
            {"second-root", body + "<routes/>\n"},
            {"text-after", body + "tail\n"},
            {"unclosed", body.substr(0, end)},
            {"late-declaration", "\n" + body},
            {"text-inside", with(end, "  ]]>\n")},
        };
        for (const auto& [name, text] : broken) {
            INFO(name);
            const ScratchFile file(name, text);
            const Outcome reference = read_with(file.path(), 1, RouteFileParser::expat);
            CHECK_FALSE(reference.problem.empty());
            check_parsers_agree(name, text);
        }
    }
}

TEST_CASE("traffic::read_sumo_route_file: a problem is named at the start tag of its vehicle",
          "[traffic][unit]") {
    const std::string text = "<routes>\n"
                             "    <vehicle id=\"v0\" depart=\"0\">\n"
                             "        <route edges=\"a b\"/>\n"
                             "    </vehicle>\n"
                             "    <vehicle id=\"v1\"\n"
                             "             depart=\"1\" route=\"nowhere\">\n"
                             "        <stop lane=\"a_0\" duration=\"5\"/>\n"
                             "    </vehicle>\n"
                             "</routes>\n";
    const ScratchFile file("start-line", text);
    for (const auto parser : {RouteFileParser::fastest, RouteFileParser::expat}) {
        const Outcome read = read_with(file.path(), 1, parser);
        CHECK_THAT(read.problem,
                   Catch::Matchers::Contains(":5: vehicle 'v1': error: route 'nowhere' is not "
                                             "defined before it"));
    }
}

TEST_CASE("traffic::read_sumo_route_file: a trip given by its stops alone is left out and counted",
          "[traffic][unit]") {
    // SUMO routes such a trip between its stops (bus stops come from an additional file); tuntas
    // routes from an edge to an edge, so it leaves the trip out with a warning. A trip with
    // neither stops nor from and to is still an error.
    const std::string by_stops = "<routes>\n"
                                 "    <trip id=\"drt\" depart=\"0\">\n"
                                 "        <stop busStop=\"bs0\" duration=\"30\"/>\n"
                                 "        <stop busStop=\"bs1\" duration=\"30\"/>\n"
                                 "    </trip>\n"
                                 "    <trip id=\"car\" depart=\"5\" from=\"a\" to=\"b\"/>\n"
                                 "</routes>\n";
    for (const auto parser : {RouteFileParser::fastest, RouteFileParser::expat}) {
        const ScratchFile file("by-stops", by_stops);
        const Outcome read = read_with(file.path(), 1, parser);
        REQUIRE(read.file.has_value());
        REQUIRE(read.file->vehicles.size() == 1);
        CHECK(read.file->vehicles[0].id == "car");
        CHECK_THAT(read.file->warnings.back(),
                   Catch::Matchers::StartsWith("trips and flows given by their stops alone left "
                                               "out") &&
                       Catch::Matchers::Contains(": 1 (e.g. drt)"));
    }
    const ScratchFile bare("bare-trip", "<routes>\n    <trip id=\"t\" depart=\"0\"/>\n</routes>\n");
    CHECK_THAT(read_with(bare.path(), 1, RouteFileParser::fastest).problem,
               Catch::Matchers::Contains(":2: trip 't': error: a trip or flow needs a route or "
                                         "from and to edges"));
}
