#pragma once

namespace tuntas::engine {

/// Sets up the HDF5 library for a command-line process; call first in main(), before any other
/// HDF5 use. Failures are reported by tuntas in one line (the file and the system's reason), so
/// HDF5 does not print its error stack (20-40 lines for a full disk or a damaged file); and the
/// library does not clean up at exit: a damaged file left open made that clean-up loop
/// ("HDF5: infinite loop closing library"). tuntas closes every file it writes itself.
void prepare_hdf5_for_process();

/// prepare_hdf5_for_process() on a thread of its own: HDF5 builds its type and property tables
/// as it starts (about 1 ms, a tenth of a small run's start), while the command parses its
/// arguments and reads its scenario. Call first in main(); every HDF5 user in tuntas (the
/// result writer and reader) calls wait_for_hdf5_preparation() before its first HDF5 call.
void prepare_hdf5_for_process_in_background();

/// Returns once a set-up started by prepare_hdf5_for_process_in_background() has finished (at
/// once when none was started). Any thread may call it, any number of times.
void wait_for_hdf5_preparation();

/// Stops HDF5 printing its error stack on the calling thread (HDF5 keeps one per thread).
void quiet_hdf5_errors();

}  // namespace tuntas::engine
