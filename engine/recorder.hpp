#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "engine/entity_axis.hpp"

/// What a run records, and the interface models write it through. Models never include HDF5:
/// they declare tables and series here at set-up and publish values; a Recorder (the HDF5 one,
/// or another) stores them.
namespace tuntas::engine {

/// How a table column is stored. In memory (ColumnValues) integers are int64 and numbers double;
/// the narrower types are how a table keeps small values compactly on disk.
enum class ColumnType { int64, float64, text, int8, int32, float32 };

/// The ColumnValues alternative a column of `type` is given as: 0 int64, 1 double, 2 text.
[[nodiscard]] constexpr std::size_t values_index_of(ColumnType type) {
    switch (type) {
    case ColumnType::int8:
    case ColumnType::int32:
    case ColumnType::int64:
        return 0;
    case ColumnType::float32:
    case ColumnType::float64:
        return 1;
    case ColumnType::text:
        return 2;
    }
    return 2;
}

/// One column of a table: name, type, unit ("1" when dimensionless) and a one-line description.
struct ColumnSpec {
    std::string name;
    ColumnType type{ColumnType::float64};
    std::string unit;
    std::string description;
};

/// A table: static (written once at set-up) or an event log (rows appended during the run).
/// Stored as /static/<group>/<name> or /events/<group>/<name>.
struct TableSpec {
    std::string group;  ///< the model that owns it, e.g. "mm1"
    std::string name;
    std::string description;
    std::vector<ColumnSpec> columns;
};

/// Column data of a table, column by column, each vector of the column's type and equal length.
using ColumnValues =
    std::variant<std::vector<std::int64_t>, std::vector<double>, std::vector<std::string>>;

/// Rows of a table, as columns in TableSpec order.
using TableColumns = std::vector<ColumnValues>;

/// How precisely a series is stored: float64, or float32 (7 significant digits, half the
/// file) for rates and ratios no sum is checked against.
enum class SeriesPrecision { float64, float32 };

/// What a series' value at a sample stands for, as CF's cell_methods says it: the state at that
/// instant (`point`: vehicles on a link, a container's fill, a counter since the start) or the
/// mean over the sample interval that ends there (`mean`: a flow per hour, a utilisation). A
/// row written at a coarser output interval takes the last point, or the mean of the
/// interval's means (weighted by `SeriesSpec::weight`'s values when it names one).
enum class SeriesCell { point, mean };

/// A time series: one value per entity at every sample, stored as a 2-D [sample, entity]
/// dataset /series/<group>/<name>, its rows on /time's and its columns on `axis`'s dimension
/// scale.
struct SeriesSpec {
    std::string group;
    std::string name;
    std::size_t entity_count{0};
    std::string unit;
    std::string description;
    SeriesPrecision precision{SeriesPrecision::float64};
    std::shared_ptr<const EntityAxis> axis;  ///< what its columns are (entity_count labels)
    SeriesCell cell{SeriesCell::point};      ///< what a value stands for over time
    /// For a mean: the series of the same group whose values weigh it when samples are averaged
    /// into a coarser row (link speeds by the flows that drove them); empty: equal weights.
    std::string weight;
    /// Its output interval, s, when coarser than the sample interval (rows every
    /// samples_per_row samples, on their own time scale); 0: a row every sample.
    double row_interval_s{0.0};
    std::size_t samples_per_row{1};  ///< samples a row stands for (1: every sample)
};

/// A key performance indicator of a run.
struct Kpi {
    std::string name;  ///< "<model>.<indicator>", e.g. "mm1.mean_wait_s"
    double value{0.0};
    std::string unit;
    std::string description;
};

/// Root attributes of a result (provenance): text, integer and real values by name.
struct Attributes {
    std::map<std::string, std::string> text;
    std::map<std::string, std::int64_t> integers;
    std::map<std::string, double> reals;
};

/// Where a run's results go. Declarations come first, then begin(), then samples and rows, then
/// finish(); a recorder that is destroyed without finish() leaves an incomplete result.
class Recorder {
public:
    virtual ~Recorder() = default;

    /// Declares a time series; returns its index (the order values are given in append_sample).
    virtual std::size_t add_series(const SeriesSpec& spec) = 0;
    /// Declares an event table; returns its index for append_rows.
    virtual std::size_t add_event_table(const TableSpec& spec) = 0;
    /// Writes a static table (e.g. the list of queues, links or zones).
    virtual void write_static_table(const TableSpec& spec, const TableColumns& columns) = 0;
    /// Ends the declarations; `provenance` goes to the root attributes right away.
    virtual void begin(const Attributes& provenance) = 0;
    /// Appends one sample: its time in seconds since the start, and one vector per series in
    /// declaration order, each with the series' entity count.
    virtual void append_sample(double time_s, std::vector<std::vector<double>> values) = 0;
    /// Appends rows to an event table.
    virtual void append_rows(std::size_t table, TableColumns columns) = 0;
    /// Makes everything appended so far durable and readable.
    virtual void flush() = 0;
    /// Writes the KPIs and the final attributes, marks the result complete and closes it.
    virtual void finish(const std::vector<Kpi>& kpis, const Attributes& final_attributes) = 0;
    /// After finish(): the CPU seconds of the thread that wrote the file (0 when the recorder
    /// writes on the caller's thread or not at all): what the output cost beside the simulation.
    [[nodiscard]] virtual double writer_cpu_seconds() const { return 0.0; }

protected:
    Recorder() = default;
    Recorder(const Recorder&) = default;
    Recorder& operator=(const Recorder&) = default;
};

}  // namespace tuntas::engine
