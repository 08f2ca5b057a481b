#pragma once

#include "engine/dataset_name.hpp"

/// What the traffic model writes, by name: its series, tables and event tables. The model
/// declares them with these constants and the viewer and readers look them up with them.
namespace tuntas::traffic::datasets {

inline constexpr engine::DatasetName link_flow{"traffic", "link_flow"};          ///< veh/h per link
inline constexpr engine::DatasetName link_speed{"traffic", "link_speed"};        ///< km/h per link
inline constexpr engine::DatasetName link_vehicles{"traffic", "link_vehicles"};  ///< veh per link
inline constexpr engine::DatasetName link_queue{"traffic", "link_queue"};        ///< veh per link
/// Degree of saturation (PKJI's derajat kejenuhan) per link.
inline constexpr engine::DatasetName link_saturation{"traffic", "link_saturation"};
/// Share of each link's storage its vehicles take at the sample (0 empty .. 1 full).
inline constexpr engine::DatasetName link_occupancy{"traffic", "link_occupancy"};
/// A link whose vehicles take at least this share of its storage is jammed: a standing queue
/// fills it, whatever little volume passes (a spillback-starved link has a low DS).
inline constexpr double jammed_occupancy = 0.9;
inline constexpr engine::DatasetName zone_presence{"traffic",
                                                   "zone_presence"};           ///< persons per zone
inline constexpr engine::DatasetName zone_at_home{"traffic", "zone_at_home"};  ///< persons per zone
inline constexpr engine::DatasetName zone_visitors{"traffic",
                                                   "zone_visitors"};       ///< persons per zone
inline constexpr engine::DatasetName in_transit{"traffic", "in_transit"};  ///< veh, one value
/// persons, one value: from beyond the district inside it, less residents beyond it
inline constexpr engine::DatasetName external_balance{"traffic", "external_balance"};
inline constexpr engine::DatasetName trips{"traffic", "trips"};                  ///< event table
inline constexpr engine::DatasetName links{"traffic", "links"};                  ///< static table
inline constexpr engine::DatasetName zones{"traffic", "zones"};                  ///< static table
inline constexpr engine::DatasetName zone_outlines{"traffic", "zone_outlines"};  ///< static table
inline constexpr engine::DatasetName nodes{"traffic", "nodes"};                  ///< static table
inline constexpr engine::DatasetName facilities{"traffic", "facilities"};        ///< static table

}  // namespace tuntas::traffic::datasets
