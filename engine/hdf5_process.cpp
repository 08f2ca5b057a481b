#include "engine/hdf5_process.hpp"

#include <mutex>
#include <thread>

#include <hdf5.h>

namespace tuntas::engine {
namespace {

/// The set-up thread, joined by the first waiter, or at exit when nobody waited (a command
/// that never touched HDF5, such as `tuntas --version`).
struct BackgroundPreparation {
    std::thread thread;
    std::once_flag joined;

    void join() {
        std::call_once(joined, [this] {
            if (thread.joinable()) thread.join();
        });
    }
    ~BackgroundPreparation() { join(); }
};

BackgroundPreparation& background_preparation() {
    static BackgroundPreparation preparation;
    return preparation;
}

}  // namespace

void prepare_hdf5_for_process() {
    H5dont_atexit();
    quiet_hdf5_errors();
}

void prepare_hdf5_for_process_in_background() {
    background_preparation().thread = std::thread(prepare_hdf5_for_process);
}

void wait_for_hdf5_preparation() {
    background_preparation().join();
}

void quiet_hdf5_errors() {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

}  // namespace tuntas::engine
