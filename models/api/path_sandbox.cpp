#include "models/api/path_sandbox.hpp"

#include <fmt/format.h>

#include "models/api/input_error.hpp"

namespace tuntas::model {

namespace {
std::filesystem::path& sandbox_root() {
    static std::filesystem::path root;
    return root;
}
}  // namespace

void set_path_sandbox(const std::filesystem::path& root) {
    sandbox_root() = root.empty() ? std::filesystem::path{} : std::filesystem::canonical(root);
}

const std::filesystem::path& path_sandbox() {
    return sandbox_root();
}

std::optional<std::string> outside_sandbox(const std::filesystem::path& path) {
    const auto& root = sandbox_root();
    if (root.empty()) return std::nullopt;
    // Symbolic links and `..` resolved as far as the path exists (a result to be written
    // does not yet): a link inside pointing out is out.
    std::error_code error;
    const auto resolved = std::filesystem::weakly_canonical(std::filesystem::absolute(path), error);
    if (!error) {
        const auto [root_end, unused] =
            std::mismatch(root.begin(), root.end(), resolved.begin(), resolved.end());
        if (root_end == root.end()) return std::nullopt;
    }
    return fmt::format("outside the sandbox {} (--sandbox, TUNTAS_SANDBOX): only files under it "
                       "may be used",
                       root.string());
}

void require_inside_sandbox(const std::filesystem::path& path, const std::string& what) {
    if (const auto why = outside_sandbox(path)) {
        throw InputError(Diagnostic{.file = path.string(), .message = what + " " + *why});
    }
}

}  // namespace tuntas::model
