#pragma once

#include "engine/dataset_name.hpp"

/// What the waste model writes, by name: its series, tables and event tables. The model
/// declares them with these constants and the viewer and readers look them up with them.
namespace tuntas::waste::datasets {

inline constexpr engine::DatasetName container_fill{"waste",
                                                    "container_fill"};  ///< kg per container
inline constexpr engine::DatasetName container_overflowed{"waste", "container_overflowed"};  ///< kg
inline constexpr engine::DatasetName truck_load{"waste", "truck_load"};      ///< kg per truck
inline constexpr engine::DatasetName truck_lon{"waste", "truck_lon"};        ///< deg per truck
inline constexpr engine::DatasetName truck_lat{"waste", "truck_lat"};        ///< deg per truck
inline constexpr engine::DatasetName truck_state{"waste", "truck_state"};    ///< code per truck
inline constexpr engine::DatasetName gate_trucks{"waste", "gate_trucks"};    ///< trucks per gate
inline constexpr engine::DatasetName mass{"waste", "mass"};                  ///< kg per mass term
inline constexpr engine::DatasetName stops{"waste", "stops"};                ///< event table
inline constexpr engine::DatasetName overflows{"waste", "overflows"};        ///< event table
inline constexpr engine::DatasetName unloads{"waste", "unloads"};            ///< event table
inline constexpr engine::DatasetName truck_totals{"waste", "truck_totals"};  ///< at the end
inline constexpr engine::DatasetName container_totals{"waste", "container_totals"};  ///< at the end
inline constexpr engine::DatasetName containers{"waste", "containers"};  ///< static table
inline constexpr engine::DatasetName gates{"waste", "gates"};            ///< static table
inline constexpr engine::DatasetName trucks{"waste", "trucks"};          ///< static table

}  // namespace tuntas::waste::datasets
