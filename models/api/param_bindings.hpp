#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/ticks.hpp"
#include "models/api/key_spec.hpp"
#include "models/api/section_values.hpp"

namespace tuntas::model {

/// A model section's keys bound to the fields of its parameter struct. One declaration per key
/// gives its schema entry (`specs()`, for validation and `tuntas scenario keys`; the default is
/// the field's value in a default-constructed `Params`) and the code that reads the validated
/// value into the field (`read()`), so a key's name, default and field are written once.
template <class Params>
class ParamBindings {
public:
    /// Reads the validated value of `key` into the parameters.
    using Reader =
        std::function<void(const SectionValues& values, const std::string& key, Params&)>;

    /// A real key into a `double` field.
    ParamBindings& real(std::string name, double Params::*field, std::string unit,
                        std::optional<double> min, std::optional<double> max, std::string doc) {
        return add({std::move(name), ValueType::real, std::move(unit), min, max, defaults().*field,
                    std::move(doc)},
                   [field](const SectionValues& values, const std::string& key, Params& params) {
                       params.*field = values.real(key);
                   });
    }

    /// An integer key into an integral field.
    template <std::integral Integer>
    ParamBindings& integer(std::string name, Integer Params::*field, std::string unit,
                           std::optional<double> min, std::optional<double> max, std::string doc) {
        return add({std::move(name), ValueType::integer, std::move(unit), min, max,
                    static_cast<std::int64_t>(defaults().*field), std::move(doc)},
                   [field](const SectionValues& values, const std::string& key, Params& params) {
                       params.*field = static_cast<Integer>(values.integer(key));
                   });
    }

    /// A duration key (bounds in seconds) into a field in ticks.
    ParamBindings& duration(std::string name, engine::Ticks Params::*field,
                            std::optional<double> min_s, std::optional<double> max_s,
                            std::string doc) {
        return add({std::move(name), ValueType::duration, "s", min_s, max_s,
                    engine::seconds_from_ticks(defaults().*field), std::move(doc)},
                   [field](const SectionValues& values, const std::string& key, Params& params) {
                       params.*field = values.duration(key);
                   });
    }

    /// A duration key (bounds in seconds) into a field in seconds.
    ParamBindings& duration_s(std::string name, double Params::*field, std::optional<double> min_s,
                              std::optional<double> max_s, std::string doc) {
        return add({std::move(name), ValueType::duration, "s", min_s, max_s, defaults().*field,
                    std::move(doc)},
                   [field](const SectionValues& values, const std::string& key, Params& params) {
                       params.*field = values.duration_s(key);
                   });
    }

    /// A true/false key into a `bool` field.
    ParamBindings& boolean(std::string name, bool Params::*field, std::string doc) {
        return add(
            {std::move(name), ValueType::boolean, "1", {}, {}, defaults().*field, std::move(doc)},
            [field](const SectionValues& values, const std::string& key, Params& params) {
                params.*field = values.boolean(key);
            });
    }

    /// A text key into a `std::string` field; `is_path`: a file or folder, a relative value taken
    /// from the directory of the file that sets it.
    ParamBindings& text(std::string name, std::string Params::*field, std::string doc,
                        bool is_path = false) {
        return add({std::move(name),
                    ValueType::text,
                    "1",
                    {},
                    {},
                    defaults().*field,
                    std::move(doc),
                    is_path},
                   [field](const SectionValues& values, const std::string& key, Params& params) {
                       params.*field = values.text(key);
                   });
    }

    /// A key whose value does not go straight into one field (an array element, an enum named
    /// by text): its spec as written, and how to read it (the reader gets the key's name; it
    /// throws std::invalid_argument for a value it cannot take).
    ParamBindings& custom(KeySpec spec, Reader reader) {
        return add(std::move(spec), std::move(reader));
    }

    /// The schema entries, in declaration order.
    [[nodiscard]] const std::vector<KeySpec>& specs() const noexcept { return specs_; }

    /// Reads every bound key of a validated section into `params`.
    void read(const SectionValues& values, Params& params) const {
        for (std::size_t k = 0; k < specs_.size(); ++k) readers_[k](values, specs_[k].name, params);
    }

private:
    ParamBindings& add(KeySpec spec, Reader reader) {
        specs_.push_back(std::move(spec));
        readers_.push_back(std::move(reader));
        return *this;
    }

    static const Params& defaults() {
        static const Params values{};
        return values;
    }

    std::vector<KeySpec> specs_;
    std::vector<Reader> readers_;
};

}  // namespace tuntas::model
