#pragma once

#include <string>
#include <type_traits>

namespace tuntas::engine {

/// A shared library loaded while the process runs (dlopen), for one that most runs never need
/// and a linked one would cost every process before main() (PROJ, METIS). Never unloaded: its
/// functions may be in use until the process ends.
class SharedLibrary {
public:
    /// Loads `soname` (RTLD_LOCAL; `lazy`: its own dependencies' functions bound only when
    /// called). Throws std::runtime_error "`user`: cannot load `soname`: <reason>".
    SharedLibrary(std::string soname, std::string user, bool lazy);

    /// Sets `function` to the library's function `name`, of the type the caller's declaration
    /// gives (a function pointer from the library's header, with decltype). Throws
    /// std::runtime_error "`user`: `soname` has no `name`" when the library lacks it.
    template <class Function>
    void bind(Function& function, const char* name) const {
        static_assert(std::is_pointer_v<Function>, "bind sets a function pointer");
        function = reinterpret_cast<Function>(symbol(name));
    }

private:
    [[nodiscard]] void* symbol(const char* name) const;

    void* handle_{nullptr};
    std::string soname_;
    std::string user_;
};

}  // namespace tuntas::engine
