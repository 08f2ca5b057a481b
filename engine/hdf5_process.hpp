#pragma once

namespace tuntas::engine {

/// Sets up the HDF5 library for a command-line process; call first in main(), before any other
/// HDF5 use. Failures are reported by tuntas in one line (the file and the system's reason), so
/// HDF5 does not print its error stack (20-40 lines for a full disk or a damaged file); and the
/// library does not clean up at exit: a damaged file left open made that clean-up loop
/// ("HDF5: infinite loop closing library"). tuntas closes every file it writes itself.
void prepare_hdf5_for_process();

/// Stops HDF5 printing its error stack on the calling thread (HDF5 keeps one per thread).
void quiet_hdf5_errors();

}  // namespace tuntas::engine
