#pragma once

#include <any>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "engine/assert.hpp"

namespace tuntas::model {

/// The typed slots through which models couple at assembly: a model provides a service (a road
/// network to drive on, the people present in each zone) and others that need it find it here.
/// A service type names itself with `static constexpr std::string_view service_name`; the
/// plugins declare the names they provide and need, so the run driver builds providers first
/// and says which service is missing before anything is built.
class Services {
public:
    /// Offers `service` under T::service_name; the name must be new.
    template <class T>
    void provide(std::shared_ptr<T> service) {
        const std::string name(T::service_name);
        TUNTAS_ASSERT(!slots_.contains(name), "a service is provided twice");
        slots_.emplace(name, std::any(std::move(service)));
    }

    /// Offers under T::service_name a service still being built (on another thread): the first
    /// find or need waits for it, and rethrows what building it threw. A model that reads its
    /// own inputs before it needs the service reads them while the service is built.
    template <class T>
    void provide_later(std::shared_future<std::shared_ptr<T>> service) {
        const std::string name(T::service_name);
        TUNTAS_ASSERT(!slots_.contains(name), "a service is provided twice");
        slots_.emplace(name, std::any(std::move(service)));
    }

    /// The service T, or null when no model provided it.
    template <class T>
    [[nodiscard]] std::shared_ptr<T> find() const {
        const auto it = slots_.find(std::string(T::service_name));
        if (it == slots_.end()) return nullptr;
        if (const auto* later = std::any_cast<std::shared_future<std::shared_ptr<T>>>(&it->second))
            return later->get();
        const auto* service = std::any_cast<std::shared_ptr<T>>(&it->second);
        TUNTAS_ASSERT(service != nullptr, "a service was provided under another type's name");
        return *service;
    }

    /// The service T, which the model declared it needs (the driver checked it is there).
    template <class T>
    [[nodiscard]] std::shared_ptr<T> need() const {
        auto service = find<T>();
        TUNTAS_ASSERT(service != nullptr, "a needed service was not provided (undeclared need?)");
        return service;
    }

private:
    std::map<std::string, std::any, std::less<>> slots_;  // each a std::shared_ptr<T>
};

}  // namespace tuntas::model
