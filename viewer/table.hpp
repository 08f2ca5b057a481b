#pragma once

#include "engine/column_table.hpp"

namespace tuntas::viewer {

/// A table as the viewer reads it, from a result file or a live run: the engine's column table
/// (columns by name, numbers as double, texts as strings).
using Table = engine::ColumnTable;

}  // namespace tuntas::viewer
