#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace tuntas::district {

/// What parsing a GeoJSON layer found, apart from its features.
struct FeatureStreamOutcome {
    enum class Kind {
        collection,      ///< a FeatureCollection with a "features" array: every feature was read
        not_collection,  ///< valid JSON, but no FeatureCollection or no "features" array
        broken,          ///< not JSON: `message` says why, `byte` (from 1) where, when known
    };
    Kind kind{Kind::collection};
    std::string message;
    std::optional<std::size_t> byte;
};

/// Reads a GeoJSON FeatureCollection as nlohmann::json's SAX parser meets it, one feature at a
/// time: each element of the top-level "features" array is built as a json value of its own,
/// handed to `on_feature(index, feature)` as soon as it is complete and then dropped, so no
/// document is ever held (the whole layer as one json tree cost a district more in allocating,
/// looking up and freeing its objects than in parsing). The top level's "type" may come after
/// "features" (json writers sort keys): only the outcome says whether the text was a collection,
/// and the caller undoes what the features did when it was not. A second top-level "features"
/// key replaces the first, as in a json tree: `on_restart()` (undo what the features so far did)
/// is called before its first feature, and before a second pass over the text when the fast
/// reader (json_sax_fast) declines it and nlohmann::json's parser reads it again. Members of the
/// top level other than "type" and "features" are skipped without being built.
[[nodiscard]] FeatureStreamOutcome
read_feature_stream(std::string_view text,
                    const std::function<void(long, const nlohmann::json&)>& on_feature,
                    const std::function<void()>& on_restart);

}  // namespace tuntas::district
