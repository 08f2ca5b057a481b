#include "models/district/feature_stream.hpp"

#include <utility>
#include <vector>

#include "models/district/json_sax_fast.hpp"

namespace tuntas::district {
namespace {

using nlohmann::json;

/// Where in `text` (a byte from 1, as nlohmann::json counts) the json error `e` lies: a parse
/// error's offset; for others (a number beyond a double, out_of_range 406, has no offset) the
/// first place the text it quotes stands; none when it quotes nothing found.
std::optional<std::size_t> error_byte(std::string_view text, const json::exception& e) {
    if (const auto* parse = dynamic_cast<const json::parse_error*>(&e)) return parse->byte;
    const std::string_view what = e.what();
    const auto open = what.find('\'');
    const auto close = open == std::string_view::npos ? open : what.find('\'', open + 1);
    if (close == std::string_view::npos) return std::nullopt;
    const auto at = text.find(what.substr(open + 1, close - open - 1));
    if (at == std::string_view::npos) return std::nullopt;
    return at + 1;
}

/// nlohmann::json's SAX interface over a FeatureCollection (read_feature_stream says what it
/// keeps). Outside a feature it tracks only which container it is in; inside one it builds the
/// feature's json value as json's own DOM parser would (an object's repeated key: the last).
class FeatureCollectionHandler {
public:
    FeatureCollectionHandler(std::string_view text,
                             const std::function<void(long, const json&)>& on_feature,
                             const std::function<void()>& on_restart)
        : text_(text),
          on_feature_(on_feature),
          on_restart_(on_restart) {}

    bool null() { return scalar(json(nullptr)); }
    bool boolean(bool value) { return scalar(json(value)); }
    bool number_integer(json::number_integer_t value) { return scalar(json(value)); }
    bool number_unsigned(json::number_unsigned_t value) { return scalar(json(value)); }
    bool number_float(json::number_float_t value, const json::string_t& /*text*/) {
        return scalar(json(value));
    }
    bool string(json::string_t& value) { return scalar(json(std::move(value))); }
    bool binary(json::binary_t& value) { return scalar(json(json::binary_t(std::move(value)))); }

    bool start_object(std::size_t /*elements*/) { return open(json::object()); }
    bool start_array(std::size_t /*elements*/) { return open(json::array()); }

    bool key(json::string_t& key) {
        if (!building_.empty()) {
            member_key_ = std::move(key);
        } else if (!levels_.empty() && levels_.back() == Level::top) {
            top_key_ = std::move(key);
        }
        return true;
    }

    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/,
                     const json::exception& e) {
        outcome_.kind = FeatureStreamOutcome::Kind::broken;
        outcome_.message = e.what();
        outcome_.byte = error_byte(text_, e);
        return false;
    }

    /// What the whole text was, once parsed.
    [[nodiscard]] FeatureStreamOutcome outcome() && {
        if (outcome_.kind != FeatureStreamOutcome::Kind::broken &&
            (!top_is_object_ || !features_are_array_ || type_ != "FeatureCollection"))
            outcome_.kind = FeatureStreamOutcome::Kind::not_collection;
        return std::move(outcome_);
    }

private:
    /// The containers open outside a feature: the top-level object, the features array, or
    /// anything else (skipped).
    enum class Level { top, features, other };

    /// A member of the top level other than a container: "type"'s text, or a "features"
    /// that is no array.
    void top_member(const json& value) {
        if (top_key_ == "type") {
            type_ = value.is_string() ? value.get<std::string>() : std::string{};
        } else if (top_key_ == "features") {
            restart();
            features_are_array_ = false;
        }
    }

    void restart() {
        if (features_seen_) on_restart_();
        features_seen_ = true;
        index_ = 0;
    }

    /// `value` added to the open container of the feature being built; a pointer to it.
    json* add(json&& value) {
        json& parent = *building_.back();
        if (parent.is_array()) {
            parent.push_back(std::move(value));
            return &parent.back();
        }
        json& slot = parent[member_key_];
        slot = std::move(value);
        return &slot;
    }

    bool scalar(json&& value) {
        if (!building_.empty()) {
            add(std::move(value));
        } else if (levels_.empty()) {
            // A top level that is no object: not a collection.
        } else if (levels_.back() == Level::top) {
            top_member(value);
        } else if (levels_.back() == Level::features) {
            feature_ = std::move(value);
            finish_feature();
        }
        return true;
    }

    /// A container starts (`empty`: an empty object or array).
    bool open(json&& empty) {
        const bool is_array = empty.is_array();
        if (!building_.empty()) {
            building_.push_back(add(std::move(empty)));
        } else if (levels_.empty()) {
            top_is_object_ = !is_array;
            levels_.push_back(is_array ? Level::other : Level::top);
        } else if (levels_.back() == Level::features) {
            feature_ = std::move(empty);
            building_.push_back(&feature_);
        } else if (levels_.back() == Level::top) {
            if (top_key_ == "features") {
                restart();
                features_are_array_ = is_array;
                levels_.push_back(is_array ? Level::features : Level::other);
            } else {
                if (top_key_ == "type") type_.clear();
                levels_.push_back(Level::other);
            }
        } else {
            levels_.push_back(Level::other);
        }
        return true;
    }

    bool close() {
        if (!building_.empty()) {
            building_.pop_back();
            if (building_.empty()) finish_feature();
        } else if (!levels_.empty()) {
            levels_.pop_back();
        }
        return true;
    }

    void finish_feature() {
        on_feature_(index_++, feature_);
        feature_ = json();
    }

    std::string_view text_;
    const std::function<void(long, const json&)>& on_feature_;
    const std::function<void()>& on_restart_;
    std::vector<Level> levels_;
    std::vector<json*> building_;  ///< the feature's open containers, innermost last
    json feature_;
    std::string top_key_;     ///< the last key of the top-level object
    std::string member_key_;  ///< the last key inside the feature
    std::string type_;
    bool top_is_object_{false};
    bool features_seen_{false};
    bool features_are_array_{false};
    long index_{0};
    FeatureStreamOutcome outcome_;
};

}  // namespace

FeatureStreamOutcome read_feature_stream(std::string_view text,
                                         const std::function<void(long, const json&)>& on_feature,
                                         const std::function<void()>& on_restart) {
    // The fast reader first; what it declines nlohmann::json reads again from the start.
    if (FeatureCollectionHandler fast(text, on_feature, on_restart); json_sax_fast(text, fast))
        return std::move(fast).outcome();
    on_restart();
    FeatureCollectionHandler handler(text, on_feature, on_restart);
    json::sax_parse(text.begin(), text.end(), &handler);
    return std::move(handler).outcome();
}

}  // namespace tuntas::district
