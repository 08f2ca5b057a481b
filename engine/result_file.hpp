#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/column_table.hpp"
#include "engine/error.hpp"
#include "engine/series_values.hpp"

namespace tuntas::engine {

/// A result file open for reading: a finished result, or the .partial of a run that died or still
/// runs (read under SWMR, the way it was written). The one reader of results: the result summary,
/// the viewer's replay, the Python module and the tests read through it. Closes on destruction.
/// The header keeps HDF5 out of its includers; id() is the hid_t for the HDF5 C API.
class ResultFile {
public:
    /// Opens `file`; throws engine::Error when it does not exist or is not a readable HDF5 file.
    explicit ResultFile(const std::filesystem::path& file);
    ~ResultFile();
    ResultFile(const ResultFile&) = delete;
    ResultFile& operator=(const ResultFile&) = delete;

    /// The HDF5 file identifier (an hid_t).
    [[nodiscard]] std::int64_t id() const noexcept { return id_; }

    /// True when the object at `path` ("/series/traffic/link_flow", "/kpi") exists.
    [[nodiscard]] bool has(const std::string& path) const;
    /// The names of a group's members, in name order (empty when there is no such group).
    [[nodiscard]] std::vector<std::string> children(const std::string& group) const;
    /// The series of a group ("/series/traffic"): its 2-D datasets, in name order (not its
    /// dimension scales: `time` and the axes that label the series' columns).
    [[nodiscard]] std::vector<std::string> series_names(const std::string& group) const;
    /// A 1-D dataset of numbers (e.g. /time), as doubles.
    [[nodiscard]] std::vector<double> read_vector(const std::string& path) const;
    /// A 2-D series [sample, entity].
    [[nodiscard]] SeriesValues read_series(const std::string& path) const;
    /// The times of the rows of the series at `series_path`, s since the start: the time axis
    /// of its group that its `time` attribute names (`time_15min` for a series written at a
    /// coarser output interval), or /time.
    [[nodiscard]] std::vector<double> series_times(const std::string& series_path) const;
    /// A compound table (static, event log or /kpi), column by column.
    [[nodiscard]] ColumnTable read_table(const std::string& path) const;
    /// A text attribute of the object at `path` ("/" for the root), or nothing.
    [[nodiscard]] std::optional<std::string> text_attribute(const std::string& path,
                                                            const std::string& name) const;
    /// Seconds after local midnight at which the result's time 0 is (its root attribute
    /// `start`, "YYYY-MM-DDTHH:MM:SS+08:00"); 0 when it is not recorded.
    [[nodiscard]] double start_s_of_day() const;
    /// A numeric attribute (integer or real) of the object at `path`, or nothing.
    [[nodiscard]] std::optional<double> number_attribute(const std::string& path,
                                                         const std::string& name) const;

private:
    std::int64_t id_{-1};
    std::filesystem::path file_;
};

/// The error for a variable-length text (`where`: "PATH attribute NAME" or "column NAME of PATH")
/// in `file`: tuntas writes fixed-length text only and does not read variable-length text, which
/// libhdf5 1.10 follows into the file's global heap without checking it (a damaged file crashes
/// the reader). Results written before fixed-length text are converted by
/// tools/python/fixed_length_text.py.
[[nodiscard]] DamagedFile variable_length_text(const std::filesystem::path& file,
                                               const std::string& where);

}  // namespace tuntas::engine
