#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

#include "engine/error.hpp"
#include "engine/recorder.hpp"

namespace tuntas::engine {

/// The result file exists and overwriting was not asked for.
class OutputExists : public UsageError {
public:
    using UsageError::UsageError;
};

/// Options of the HDF5 recorder.
struct Hdf5RecorderOptions {
    bool overwrite{false};             ///< replace an existing result (--force)
    std::size_t queue_capacity{256};   ///< jobs the writer thread may lag behind before the
                                       ///< simulation waits for it
    std::size_t chunk_bytes{1 << 16};  ///< largest size of a series chunk (gzip + shuffle): a
                                       ///< chunk is compressed as soon as it is full, so small
                                       ///< chunks spread that work over the run (deflate's
                                       ///< window is 32 KiB: larger chunks compress no better)
    std::size_t event_chunk_bytes{1 << 18};  ///< target size of an event table chunk (a
                                             ///< 31-row table takes one, compressed to little)
    std::size_t samples_per_flush{0};  ///< samples between flushes (0: unknown). Series chunks
                                       ///< then hold a divisor of that many samples, so a
                                       ///< flush writes whole chunks and each chunk is
                                       ///< compressed once, not again at every flush
    int gzip_level{1};                 ///< deflate level (1: fastest; higher levels gained
                                       ///< little and cost run time)
    bool compress_event_tables{true};  ///< event logs are the bulk of a result: shuffled and
                                       ///< deflated (their columns as narrow as their values
                                       ///< need, ColumnType), on the writer thread
};

/// A Recorder that writes one HDF5 file per run. It writes to `path` + ".partial" and renames to
/// `path` only in finish(): a run that dies leaves the .partial file (readable: the file is in
/// SWMR mode, so every flushed sample is consistent on disk; open it with h5py's swmr=True) and
/// never a file that looks complete. Layout: /time [sample] in s since the start (attribute
/// `start`), /series/<group>/<name> [sample, entity], /events/<group>/<name> and
/// /static/<group>/<name> compound tables, /kpi (name, value, unit, description); `units` and
/// `description` attributes on every dataset; provenance and `complete` = 1 on the root.
/// HDF5 is written on a thread of its own, fed through a bounded queue.
/// Throws OutputExists when `path` exists and !options.overwrite.
[[nodiscard]] std::unique_ptr<Recorder> open_hdf5_recorder(const std::filesystem::path& path,
                                                           const std::string& start_iso,
                                                           const Hdf5RecorderOptions& options);

}  // namespace tuntas::engine
