#include "engine/output_lock.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <string>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/types.h>
#include <unistd.h>

#include "engine/hdf5_recorder.hpp"

namespace tuntas::engine {
namespace fs = std::filesystem;

namespace {

/// True when process `pid` exists (kill with signal 0 checks without sending anything).
bool alive(pid_t pid) {
    return pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM);
}

/// Creates `path` exclusively with our pid; false when it exists.
bool create_exclusive(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        if (errno == EEXIST) return false;
        throw OutputExists(fmt::format("{}: cannot create the lock file: {}", path.string(),
                                       std::strerror(errno)));
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    const auto written = ::write(fd, pid.data(), pid.size());
    ::close(fd);
    if (written != static_cast<ssize_t>(pid.size())) {
        fs::remove(path);
        throw OutputExists(fmt::format("{}: cannot write the lock file", path.string()));
    }
    return true;
}

}  // namespace

fs::path OutputLock::path_of(const fs::path& result) {
    return result.string() + ".lock";
}

OutputLock::OutputLock(const fs::path& result) : path_(path_of(result)) {
    for (int attempt = 0; attempt < 3; ++attempt) {
        if (create_exclusive(path_)) return;
        pid_t holder = 0;
        std::ifstream(path_) >> holder;
        if (alive(holder) && holder != ::getpid()) {
            throw OutputExists(fmt::format(
                "{}: another run (process {}) is writing this result (lock {}); wait for it or "
                "choose another -o",
                result.string(), holder, path_.string()));
        }
        if (holder == ::getpid()) {
            throw OutputExists(
                fmt::format("{}: this process is already writing this result (lock {})",
                            result.string(), path_.string()));
        }
        // Stale: its process is gone (killed). Take it over.
        std::error_code ignored;
        fs::remove(path_, ignored);
    }
    throw OutputExists(
        fmt::format("{}: could not take the lock {}", result.string(), path_.string()));
}

OutputLock::~OutputLock() {
    std::error_code ignored;
    fs::remove(path_, ignored);
}

void require_regular_output(const fs::path& result) {
    for (const fs::path& path : {result, fs::path(result.string() + ".partial")}) {
        std::error_code error;
        const auto status = fs::status(path, error);
        if (error || !fs::exists(status)) continue;
        if (!fs::is_regular_file(status)) {
            throw OutputExists(fmt::format(
                "{}: exists and is not a regular file (a device, folder or socket); a result "
                "replaces only an earlier result, even with --force: choose another -o",
                path.string()));
        }
    }
}

}  // namespace tuntas::engine
