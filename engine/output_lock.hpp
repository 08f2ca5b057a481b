#pragma once

#include <filesystem>

namespace tuntas::engine {

/// One writer per result: while a run writes NAME.h5 (through NAME.h5.partial) it holds
/// NAME.h5.lock, created with O_EXCL and holding its process id. A second writer finds the lock
/// and is refused (OutputExists naming the holder's pid); a lock whose process is gone (a run
/// killed with SIGKILL) is stale and is taken over. The lock is removed when the holder ends.
class OutputLock {
public:
    /// Takes the lock of `result`; throws OutputExists when a live process holds it.
    explicit OutputLock(const std::filesystem::path& result);
    ~OutputLock();
    OutputLock(const OutputLock&) = delete;
    OutputLock& operator=(const OutputLock&) = delete;

    /// The lock file of `result`.
    [[nodiscard]] static std::filesystem::path path_of(const std::filesystem::path& result);

private:
    std::filesystem::path path_;
};

/// Refuses an output that exists and is not a regular file (a device such as /dev/null, a
/// folder, a socket), with or without --force: a result replaces only an earlier result.
/// Throws OutputExists.
void require_regular_output(const std::filesystem::path& result);

}  // namespace tuntas::engine
