#pragma once

#include "engine/dataset_name.hpp"

/// What the M/M/1 model writes, by name.
namespace tuntas::mm1::datasets {

inline constexpr engine::DatasetName in_system{"mm1", "in_system"};  ///< customers per queue
inline constexpr engine::DatasetName started{"mm1", "started"};      ///< customers per queue
inline constexpr engine::DatasetName customers{"mm1", "customers"};  ///< event table
inline constexpr engine::DatasetName queues{"mm1", "queues"};        ///< static table

}  // namespace tuntas::mm1::datasets
