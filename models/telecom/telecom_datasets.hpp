#pragma once

#include "engine/dataset_name.hpp"

/// What the telecom model writes, by name: its series, tables and event tables. The model
/// declares them with these constants and the viewer and readers look them up with them.
namespace tuntas::telecom::datasets {

inline constexpr engine::DatasetName sector_offered_mbps{"telecom", "sector_offered_mbps"};
inline constexpr engine::DatasetName sector_carried_mbps{"telecom", "sector_carried_mbps"};
inline constexpr engine::DatasetName sector_utilisation{"telecom", "sector_utilisation"};
inline constexpr engine::DatasetName sector_sessions{"telecom", "sector_sessions"};
inline constexpr engine::DatasetName sector_calls{"telecom", "sector_calls"};
inline constexpr engine::DatasetName link_utilisation{"telecom", "link_utilisation"};
inline constexpr engine::DatasetName site_serving{"telecom", "site_serving"};
inline constexpr engine::DatasetName zone_served{"telecom", "zone_served"};
inline constexpr engine::DatasetName bits{"telecom", "bits"};
inline constexpr engine::DatasetName blocked_calls{"telecom", "blocked_calls"};  ///< event table
inline constexpr engine::DatasetName sites{"telecom", "sites"};                  ///< static table
inline constexpr engine::DatasetName sectors{"telecom", "sectors"};              ///< static table
inline constexpr engine::DatasetName links{"telecom", "links"};                  ///< static table
inline constexpr engine::DatasetName outages{"telecom", "outages"};              ///< static table

}  // namespace tuntas::telecom::datasets
