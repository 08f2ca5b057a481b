#include "engine/shared_library.hpp"

#include <stdexcept>
#include <utility>

#include <dlfcn.h>

namespace tuntas::engine {

SharedLibrary::SharedLibrary(std::string soname, std::string user, bool lazy)
    : soname_(std::move(soname)),
      user_(std::move(user)) {
    handle_ = dlopen(soname_.c_str(), (lazy ? RTLD_LAZY : RTLD_NOW) | RTLD_LOCAL);
    if (handle_ == nullptr)
        throw std::runtime_error(user_ + ": cannot load " + soname_ + ": " + dlerror());
}

void* SharedLibrary::symbol(const char* name) const {
    void* found = dlsym(handle_, name);
    if (found == nullptr) throw std::runtime_error(user_ + ": " + soname_ + " has no " + name);
    return found;
}

}  // namespace tuntas::engine
