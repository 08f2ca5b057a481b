#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace tuntas::model {

/// The folder every file a run reads or writes must lie in (`tuntas --sandbox DIR`, or the
/// environment's TUNTAS_SANDBOX: for scenarios a server takes from its users); empty: anywhere.
/// Set once at start, before any file is read.
void set_path_sandbox(const std::filesystem::path& root);

/// The sandbox's root (canonical), or empty when there is none.
[[nodiscard]] const std::filesystem::path& path_sandbox();

/// Null when `path` may be used; else why not: it lies outside the sandbox once `..` and
/// symbolic links are resolved.
[[nodiscard]] std::optional<std::string> outside_sandbox(const std::filesystem::path& path);

/// Throws model::InputError naming `path` (and what it is, e.g. "result file") when it lies
/// outside the sandbox.
void require_inside_sandbox(const std::filesystem::path& path, const std::string& what);

}  // namespace tuntas::model
