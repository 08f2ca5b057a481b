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
    std::size_t chunk_bytes{1 << 14};  ///< largest size of a series chunk (gzip + shuffle): a
                                       ///< chunk is compressed as soon as it is full, and each
                                       ///< series' last, part-full one as the run closes, so
                                       ///< small chunks keep that wait short (16 KiB stored a
                                       ///< Paser 2-day run's series as small as 64 KiB did)
    std::size_t event_chunk_bytes{1 << 16};  ///< target size of an event table chunk (a
                                             ///< 31-row table takes one, compressed to little;
                                             ///< a flush compresses a part-full one whole)
    std::size_t expected_samples{0};         ///< samples the run will write (0: unknown): no series
                                             ///< chunk is made longer than a quarter of that (a
                                             ///< chunk is compressed whole, rows it does not hold
                                             ///< too, and the last as the file closes)
    int gzip_level{1};  ///< deflate level of every chunked dataset, shuffled first (1: fastest;
                        ///< higher levels gained little and cost run time); 0: stored as is
                        ///< (no shuffle, no deflate), the `compression = "none"` of a scenario
    /// A dataset that holds fewer bytes is stored as is whatever gzip_level says: a series by
    /// the rows the run expects (expected_samples; unknown: deflated), a static table by its
    /// rows, an event table by its rows when its dataset is made (its first full chunk, the
    /// first flush or the end, whichever comes first). Deflate saved Bologna's joined result
    /// (1,098 trips, 15 samples of 248 links) tens of kB (99 kB deflated, 209 kB with this
    /// rule) and stored as is, its run took 0.894x the wall time (100 alternating pairs).
    std::size_t compress_from_bytes{std::size_t{64} << 10};
};

/// A Recorder that writes one HDF5 file per run. It writes to `path` + ".partial" and renames to
/// `path` only in finish(): a run that dies leaves the .partial file (readable: the file is in
/// SWMR mode, so every flushed sample is consistent on disk; open it with h5py's swmr=True) and
/// never a file that looks complete. Layout: /time [sample] in s since the start (attribute
/// `start`), /series/<group>/<name> [sample, entity], /events/<group>/<name> and
/// /static/<group>/<name> compound tables, /kpi (name, value, unit, description); `units` and
/// `description` attributes on every dataset; provenance and `complete` = 1 on the root.
/// HDF5 is written on a thread of its own, fed through a bounded queue, from creating the file
/// on: the simulation starts while its static tables and datasets are made. A failure there
/// (a full disk) is thrown by the next call after it.
/// Throws OutputExists when `path` exists and !options.overwrite.
[[nodiscard]] std::unique_ptr<Recorder> open_hdf5_recorder(const std::filesystem::path& path,
                                                           const std::string& start_iso,
                                                           const Hdf5RecorderOptions& options);

}  // namespace tuntas::engine
