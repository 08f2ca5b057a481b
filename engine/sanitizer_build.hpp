#pragma once

namespace tuntas::engine {

/// Whether this build runs under AddressSanitizer or ThreadSanitizer (GCC's and clang's ways of
/// saying so): their allocator replaces glibc's, and their checks at exit (LeakSanitizer's) need
/// a normal exit with everything freed.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool sanitizer_build = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
inline constexpr bool sanitizer_build = true;
#else
inline constexpr bool sanitizer_build = false;
#endif
#else
inline constexpr bool sanitizer_build = false;
#endif

}  // namespace tuntas::engine
