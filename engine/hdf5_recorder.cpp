#include "engine/hdf5_recorder.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <future>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <variant>

#include <fcntl.h>
#include <fmt/format.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <tbb/concurrent_queue.h>
#include <unistd.h>

#include "engine/cpu_time.hpp"
#include "engine/hdf5_process.hpp"
#include "engine/output_lock.hpp"

namespace tuntas::engine {
namespace {

/// Rows per chunk of a series: at most `max_rows`, and no more than a quarter of the
/// `expected_rows` it will have (when known, rounded up). HDF5 compresses a chunk whole, the rows
/// it does not hold too; a full chunk is compressed on the writer thread while the run goes on,
/// the last one as the file closes, on the thread that waits for it: a short run's series, one
/// chunk each, were all compressed there (Bologna's joined network over 70 minutes: 2.3 of the
/// 7 ms its result took to close).
hsize_t series_chunk_rows(hsize_t max_rows, std::size_t expected_rows) {
    if (expected_rows == 0) return max_rows;
    return std::max<hsize_t>(1, std::min<hsize_t>(max_rows, (expected_rows + 3) / 4));
}

namespace fs = std::filesystem;

// ---- small HDF5 helpers ----------------------------------------------------------------------

/// What HDF5's error stack of this thread says the system refused: the file and the reason
/// (its POSIX driver records "filename = '...', errno = 28, error message = '...'").
struct SystemRefusal {
    std::string file;
    std::string reason;
};

std::string quoted_after(std::string_view text, std::string_view label) {
    const std::size_t at = text.find(label);
    if (at == std::string_view::npos) return {};
    const std::size_t begin = at + label.size();
    const std::size_t end = text.find('\'', begin);
    return std::string(text.substr(begin, end == std::string_view::npos ? end : end - begin));
}

SystemRefusal system_refusal() {
    SystemRefusal found;
    H5Ewalk2(
        H5E_DEFAULT, H5E_WALK_DOWNWARD,
        [](unsigned, const H5E_error2_t* record, void* data) -> herr_t {
            auto& refusal = *static_cast<SystemRefusal*>(data);
            const std::string_view text = record->desc != nullptr ? record->desc : "";
            if (refusal.reason.empty()) refusal.reason = quoted_after(text, "error message = '");
            if (refusal.file.empty()) refusal.file = quoted_after(text, "filename = '");
            return 0;
        },
        &found);
    H5Eclear2(H5E_DEFAULT);
    return found;
}

/// Throws for a failed HDF5 call: IoError naming the file and the system's reason when the
/// system refused a read or write (a full disk), else Error (a bug).
[[noreturn]] void throw_hdf5_failure(const char* what) {
    const SystemRefusal refusal = system_refusal();
    if (!refusal.reason.empty()) {
        throw IoError(
            fmt::format("{}: {} (HDF5: {} failed)",
                        refusal.file.empty() ? std::string("the result file") : refusal.file,
                        refusal.reason, what));
    }
    throw Error(fmt::format("HDF5: {} failed", what));
}

/// Owns an HDF5 identifier and closes it with the matching H5*close.
class Handle {
public:
    Handle() = default;
    Handle(hid_t id, herr_t (*close)(hid_t), const char* what) : id_(id), close_(close) {
        if (id < 0) throw_hdf5_failure(what);
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    Handle(Handle&& other) noexcept : id_(other.id_), close_(other.close_) { other.id_ = -1; }
    Handle& operator=(Handle&& other) noexcept {
        if (this != &other) {
            reset();
            id_ = other.id_;
            close_ = other.close_;
            other.id_ = -1;
        }
        return *this;
    }
    ~Handle() { reset(); }
    void reset() noexcept {
        if (id_ >= 0 && close_ != nullptr) close_(id_);
        id_ = -1;
    }
    [[nodiscard]] hid_t get() const noexcept { return id_; }

private:
    hid_t id_{-1};
    herr_t (*close_)(hid_t){nullptr};
};

void check(herr_t status, const char* what) {
    if (status < 0) throw_hdf5_failure(what);
}

/// A fixed-length UTF-8 string type of `length` bytes (at least 1), padded with NULs. tuntas
/// writes no variable-length strings: reading one follows a pointer into the file's global
/// heap, and libhdf5 1.10 does not check a damaged heap (fuzz_result's finding).
Handle text_type(std::size_t length) {
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
    check(H5Tset_size(type.get(), std::max<std::size_t>(length, 1)), "H5Tset_size");
    check(H5Tset_strpad(type.get(), H5T_STR_NULLPAD), "H5Tset_strpad");
    check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "H5Tset_cset");
    return type;
}

void write_text_attribute(hid_t object, const std::string& name, const std::string& value) {
    const Handle type = text_type(value.size());
    const Handle space(H5Screate(H5S_SCALAR), H5Sclose, "scalar space");
    if (H5Aexists(object, name.c_str()) > 0) check(H5Adelete(object, name.c_str()), "H5Adelete");
    const Handle attribute(
        H5Acreate2(object, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
        H5Aclose, "attribute create");
    std::string padded = value;
    padded.resize(std::max<std::size_t>(value.size(), 1), '\0');
    check(H5Awrite(attribute.get(), type.get(), padded.data()), "attribute write");
}

void write_text_array_attribute(hid_t object, const std::string& name,
                                const std::vector<std::string>& values) {
    std::size_t longest = 1;
    for (const auto& v : values) longest = std::max(longest, v.size());
    const Handle type = text_type(longest);
    const hsize_t count = values.size();
    const Handle space(H5Screate_simple(1, &count, nullptr), H5Sclose, "array space");
    const Handle attribute(
        H5Acreate2(object, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
        H5Aclose, "attribute create");
    std::vector<char> packed(longest * values.size(), '\0');
    for (std::size_t i = 0; i < values.size(); ++i)
        std::copy(values[i].begin(), values[i].end(),
                  packed.begin() + static_cast<std::ptrdiff_t>(i * longest));
    check(H5Awrite(attribute.get(), type.get(), packed.data()), "attribute write");
}

template <class T>
void write_number_attribute(hid_t object, const std::string& name, T value, hid_t native) {
    const Handle space(H5Screate(H5S_SCALAR), H5Sclose, "scalar space");
    if (H5Aexists(object, name.c_str()) > 0) check(H5Adelete(object, name.c_str()), "H5Adelete");
    const Handle attribute(
        H5Acreate2(object, name.c_str(), native, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
        "attribute create");
    check(H5Awrite(attribute.get(), native, &value), "attribute write");
}

void write_attributes(hid_t object, const Attributes& attributes) {
    for (const auto& [name, value] : attributes.text) write_text_attribute(object, name, value);
    for (const auto& [name, value] : attributes.integers) {
        write_number_attribute(object, name, value, H5T_NATIVE_INT64);
    }
    for (const auto& [name, value] : attributes.reals) {
        write_number_attribute(object, name, value, H5T_NATIVE_DOUBLE);
    }
}

Handle file_access_latest() {
    Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "file access list");
    check(H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_LATEST, H5F_LIBVER_LATEST),
          "H5Pset_libver_bounds");
    return fapl;
}

Handle intermediate_groups() {
    Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose, "link create list");
    check(H5Pset_create_intermediate_group(lcpl.get(), 1), "H5Pset_create_intermediate_group");
    return lcpl;
}

std::size_t column_length(const ColumnValues& column) {
    return std::visit([](const auto& values) { return values.size(); }, column);
}

// ---- compound tables -------------------------------------------------------------------------

/// The in-memory and file layout of a compound table.
struct TableLayout {
    Handle type;
    std::vector<std::size_t> offsets;
    std::vector<std::size_t> text_lengths;  // per column; 0 unless text
    std::size_t record_bytes{0};
};

/// The HDF5 type a numeric column is stored as.
hid_t native_type_of(ColumnType type) {
    switch (type) {
    case ColumnType::int8:
        return H5T_NATIVE_INT8;
    case ColumnType::int32:
        return H5T_NATIVE_INT32;
    case ColumnType::int64:
        return H5T_NATIVE_INT64;
    case ColumnType::float32:
        return H5T_NATIVE_FLOAT;
    case ColumnType::float64:
    case ColumnType::text:
        break;
    }
    return H5T_NATIVE_DOUBLE;
}

TableLayout make_layout(const TableSpec& spec, const std::vector<std::size_t>& text_lengths) {
    TableLayout layout;
    layout.text_lengths = text_lengths;
    std::size_t offset = 0;
    for (std::size_t c = 0; c < spec.columns.size(); ++c) {
        layout.offsets.push_back(offset);
        const ColumnType type = spec.columns[c].type;
        offset += type == ColumnType::text ? text_lengths[c] : H5Tget_size(native_type_of(type));
    }
    layout.record_bytes = std::max<std::size_t>(offset, 1);
    layout.type = Handle(H5Tcreate(H5T_COMPOUND, layout.record_bytes), H5Tclose, "compound type");
    for (std::size_t c = 0; c < spec.columns.size(); ++c) {
        const auto& column = spec.columns[c];
        if (column.type == ColumnType::text) {
            const Handle text = text_type(text_lengths[c]);
            check(H5Tinsert(layout.type.get(), column.name.c_str(), layout.offsets[c], text.get()),
                  "H5Tinsert");
        } else {
            check(H5Tinsert(layout.type.get(), column.name.c_str(), layout.offsets[c],
                            native_type_of(column.type)),
                  "H5Tinsert");
        }
    }
    return layout;
}

/// Stores `value` at `at` as a column of `type` keeps it (narrowed: the column's declared type
/// holds every value of its reader's type).
template <class T>
void store_as(ColumnType type, T value, std::byte* at) {
    const auto put = [at](auto narrow) { std::memcpy(at, &narrow, sizeof(narrow)); };
    switch (type) {
    case ColumnType::int8:
        put(static_cast<std::int8_t>(value));
        break;
    case ColumnType::int32:
        put(static_cast<std::int32_t>(value));
        break;
    case ColumnType::float32:
        put(static_cast<float>(value));
        break;
    default:
        put(value);
        break;
    }
}

std::vector<std::byte> pack_rows(const TableSpec& spec, const TableLayout& layout,
                                 const TableColumns& columns, std::size_t rows) {
    std::vector<std::byte> buffer(rows * layout.record_bytes, std::byte{0});
    for (std::size_t c = 0; c < spec.columns.size(); ++c) {
        const std::size_t offset = layout.offsets[c];
        std::visit(
            [&](const auto& values) {
                using T = typename std::decay_t<decltype(values)>::value_type;
                for (std::size_t r = 0; r < rows; ++r) {
                    std::byte* at = buffer.data() + r * layout.record_bytes + offset;
                    if constexpr (std::is_same_v<T, std::string>) {
                        std::memcpy(at, values[r].data(),
                                    std::min(values[r].size(), layout.text_lengths[c]));
                    } else {
                        store_as(spec.columns[c].type, values[r], at);
                    }
                }
            },
            columns[c]);
    }
    return buffer;
}

void validate_columns(const TableSpec& spec, const TableColumns& columns, std::size_t& rows) {
    if (columns.size() != spec.columns.size()) {
        throw UsageError(fmt::format("table {}/{}: {} columns given, {} declared", spec.group,
                                     spec.name, columns.size(), spec.columns.size()));
    }
    rows = columns.empty() ? 0 : column_length(columns.front());
    for (std::size_t c = 0; c < columns.size(); ++c) {
        const auto expected = values_index_of(spec.columns[c].type);
        if (columns[c].index() != expected || column_length(columns[c]) != rows) {
            throw UsageError(fmt::format("table {}/{}: column '{}' has the wrong type or length",
                                         spec.group, spec.name, spec.columns[c].name));
        }
    }
}

void describe_table(hid_t dataset, const TableSpec& spec) {
    write_text_attribute(dataset, "description", spec.description);
    std::vector<std::string> units;
    std::vector<std::string> descriptions;
    for (const auto& column : spec.columns) {
        units.push_back(column.unit);
        descriptions.push_back(column.description);
    }
    write_text_array_attribute(dataset, "column_units", units);
    write_text_array_attribute(dataset, "column_descriptions", descriptions);
}

/// Sets deflate (after shuffle, when `shuffle`) on the chunked dataset `dcpl` describes, which
/// holds `bytes` (none: not known yet), as `options` say: gzip_level 0 stores every dataset as
/// is, and one under compress_from_bytes is stored as is too. Returns whether it deflates.
bool set_compression(hid_t dcpl, const Hdf5RecorderOptions& options,
                     std::optional<std::uint64_t> bytes, bool shuffle) {
    if (options.gzip_level <= 0 || (bytes && *bytes < options.compress_from_bytes)) return false;
    if (shuffle) check(H5Pset_shuffle(dcpl), "H5Pset_shuffle");
    check(H5Pset_deflate(dcpl, static_cast<unsigned>(options.gzip_level)), "H5Pset_deflate");
    return true;
}

/// Writes a whole table in one go (static tables and the KPI table), deflated as `options` say.
void write_table_once(hid_t file, const std::string& path, const TableSpec& spec,
                      const TableColumns& columns, const Hdf5RecorderOptions& options) {
    std::size_t rows = 0;
    validate_columns(spec, columns, rows);
    std::vector<std::size_t> lengths(spec.columns.size(), 0);
    for (std::size_t c = 0; c < spec.columns.size(); ++c) {
        if (spec.columns[c].type != ColumnType::text) continue;
        lengths[c] = 1;
        for (const auto& s : std::get<std::vector<std::string>>(columns[c])) {
            lengths[c] = std::max(lengths[c], s.size());
        }
    }
    const TableLayout layout = make_layout(spec, lengths);
    const hsize_t count = rows;
    const Handle space(H5Screate_simple(1, &count, nullptr), H5Sclose, "table space");
    const Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "dataset create list");
    if (rows > 0) {
        const hsize_t chunk =
            std::min<hsize_t>(count, std::max<hsize_t>(1, (1 << 20) / layout.record_bytes));
        check(H5Pset_chunk(dcpl.get(), 1, &chunk), "H5Pset_chunk");
        set_compression(dcpl.get(), options, std::uint64_t{rows} * layout.record_bytes, false);
    }
    const Handle lcpl = intermediate_groups();
    const Handle dataset(H5Dcreate2(file, path.c_str(), layout.type.get(), space.get(), lcpl.get(),
                                    dcpl.get(), H5P_DEFAULT),
                         H5Dclose, "table create");
    if (rows > 0) {
        const auto buffer = pack_rows(spec, layout, columns, rows);
        check(H5Dwrite(dataset.get(), layout.type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT,
                       buffer.data()),
              "table write");
    }
    describe_table(dataset.get(), spec);
}

// ---- the recorder ----------------------------------------------------------------------------

struct SampleJob {
    double time_s;
    std::vector<std::vector<double>> values;  // empty for a coarser series without a row now
    bool new_sample{true};                    // false: rows of coarser series only, at a time
                                              // already on /time (a run's last, partial rows)
};
struct RowsJob {
    std::size_t table;
    TableColumns columns;
};
struct FlushJob {
    std::shared_ptr<std::promise<void>> done;  // set once written (or failed); null: nobody waits
};
struct StopJob {};
struct StaticTableJob {
    TableSpec spec;
    TableColumns columns;
};
struct BeginJob {
    Attributes provenance;
};
using Job = std::variant<SampleJob, RowsJob, FlushJob, StopJob, StaticTableJob, BeginJob>;

/// A time coordinate: /time (every sample) or a series group's coarser one (time_15min), with
/// the times not yet written.
struct TimeAxis {
    Handle dataset;
    std::string path;             // "/time", "/series/traffic/time_15min"
    double interval_s{0.0};       // 0: every sample
    std::vector<double> pending;  // writer thread only
    hsize_t written{0};           // writer thread only
    double last_s{-std::numeric_limits<double>::infinity()};  // writer thread only
};

struct SeriesDataset {
    Handle dataset;
    std::size_t entities{0};
    std::size_t time_axis{0};     // its rows' times: time_axes_[time_axis] (0: /time)
    hsize_t chunk_rows{1};        // samples per chunk: written as soon as a chunk is full
    bool single{false};           // stored as float32 (converted here, not by HDF5)
    bool deflated{false};         // its chunks compressed: each flushed as soon as written
    std::vector<double> pending;  // samples not yet written, row after row
    hsize_t pending_rows{0};
    hsize_t rows{0};  // written
};

struct EventDataset {
    Handle dataset;  // made by the first full chunk, the first flush or the end
    TableLayout layout;
    hsize_t rows{0};        // written
    hsize_t chunk_rows{1};  // rows per chunk: pending rows are written a chunk at a time
    bool deflated{false};   // its chunks compressed: each flushed as soon as written
    TableColumns pending;   // appended, not yet written (writer thread only)
    std::size_t pending_rows{0};
};

/// Drops the first `rows` rows of every column of `columns`.
void drop_leading_rows(TableColumns& columns, std::size_t rows) {
    for (auto& column : columns) {
        std::visit(
            [&](auto& values) {
                values.erase(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(rows));
            },
            column);
    }
}

void append_columns(TableColumns& into, TableColumns&& from) {
    if (into.empty()) {
        into = std::move(from);
        return;
    }
    for (std::size_t c = 0; c < into.size(); ++c) {
        std::visit(
            [&](auto& target) {
                auto& source = std::get<std::decay_t<decltype(target)>>(from[c]);
                target.insert(target.end(), std::make_move_iterator(source.begin()),
                              std::make_move_iterator(source.end()));
            },
            into[c]);
    }
}

class Hdf5Recorder final : public Recorder {
public:
    Hdf5Recorder(fs::path path, std::string start_iso, const Hdf5RecorderOptions& options)
        : final_path_(std::move(path)),
          partial_path_(final_path_.string() + ".partial"),
          start_iso_(std::move(start_iso)),
          options_(options) {
        require_regular_output(final_path_);
        if (fs::exists(final_path_) && !options.overwrite) {
            throw OutputExists(fmt::format(
                "{}: a result is already there; pass --force to replace it or choose another -o",
                final_path_.string()));
        }
        if (final_path_.has_parent_path()) {
            std::error_code error;
            fs::create_directories(final_path_.parent_path(), error);
            if (error) {
                throw OutputExists(fmt::format("{}: cannot create its folder: {}",
                                               final_path_.string(), error.message()));
            }
        }
        // One writer at a time, for the whole life of the write (the rename included).
        lock_.emplace(final_path_);
        // With the lock ours, a .partial is what a run that did not finish left: keep it.
        if (fs::exists(partial_path_) && !options.overwrite) {
            throw OutputExists(fmt::format(
                "{}: a run that did not finish left it (h5py opens it with swmr=True); pass "
                "--force to replace it or choose another -o",
                partial_path_));
        }
        // A .closing is what a run killed while closing left (a copy of its .partial, which
        // is kept): nobody reads it, and this run may never make one to replace it.
        std::error_code ignored;
        fs::remove(final_path_.string() + ".closing", ignored);
        // The file can be created here (permissions, a read-only or full file system): one
        // line with the system's reason, before any simulation and without HDF5's diagnostics.
        if (std::FILE* probe = std::fopen(partial_path_.c_str(), "wb"); probe != nullptr) {
            std::fclose(probe);
        } else {
            throw OutputExists(
                fmt::format("{}: cannot write: {}", partial_path_, std::strerror(errno)));
        }
        // Everything HDF5 does happens on the writer thread, from creating the file on: the
        // simulation starts while the file, its static tables and its datasets are made.
        jobs_.set_capacity(static_cast<std::ptrdiff_t>(options.queue_capacity));
        writer_ = std::thread([this] { write_loop(); });
    }

    Hdf5Recorder(const Hdf5Recorder&) = delete;
    Hdf5Recorder& operator=(const Hdf5Recorder&) = delete;

    ~Hdf5Recorder() override {
        // Not finished: stop the writer, flush what there is, leave the .partial file.
        if (writer_.joinable()) {
            jobs_.push(FlushJob{});
            jobs_.push(StopJob{});
            writer_.join();
        }
    }

    std::size_t add_series(const SeriesSpec& spec) override {
        require_not_begun("add_series");
        series_specs_.push_back(spec);
        return series_specs_.size() - 1;
    }

    std::size_t add_event_table(const TableSpec& spec) override {
        require_not_begun("add_event_table");
        for (const auto& column : spec.columns) {
            if (column.type == ColumnType::text) {
                throw UsageError(fmt::format("event table {}/{}: text column '{}' (event tables "
                                             "take numbers; put names in a static table)",
                                             spec.group, spec.name, column.name));
            }
        }
        table_specs_.push_back(spec);
        return table_specs_.size() - 1;
    }

    void write_static_table(const TableSpec& spec, const TableColumns& columns) override {
        require_not_begun("write_static_table");
        push(StaticTableJob{spec, columns});
    }

    void begin(const Attributes& provenance) override {
        require_not_begun("begin");
        for (const auto& spec : series_specs_) {
            if (spec.axis && spec.axis->labels.size() != spec.entity_count) {
                throw UsageError(fmt::format(
                    "series {}/{}: axis '{}' has {} labels for {} entities", spec.group, spec.name,
                    spec.axis->name, spec.axis->labels.size(), spec.entity_count));
            }
        }
        begun_ = true;
        push(BeginJob{provenance});
    }

    void append_sample(double time_s, std::vector<std::vector<double>> values) override {
        if (values.size() != series_specs_.size()) {
            throw UsageError(fmt::format("append_sample: {} series given, {} declared",
                                         values.size(), series_specs_.size()));
        }
        // A time not after the last sample's adds rows of coarser series only (SelectingRecorder
        // ends a run's last output interval so); a coarser series has no row between its rows.
        const bool new_sample = !(time_s <= last_sample_s_);
        for (std::size_t s = 0; s < values.size(); ++s) {
            const bool coarser = series_specs_[s].samples_per_row > 1;
            const bool none = values[s].empty() && (coarser || !new_sample);
            if (!none &&
                (values[s].size() != series_specs_[s].entity_count || (!new_sample && !coarser))) {
                throw UsageError(fmt::format(
                    "append_sample at {} s: series {}/{} has {} values, {} entities declared{}",
                    time_s, series_specs_[s].group, series_specs_[s].name, values[s].size(),
                    series_specs_[s].entity_count,
                    new_sample ? "" : " (not after the last sample)"));
            }
        }
        if (new_sample) last_sample_s_ = time_s;
        push(SampleJob{time_s, std::move(values), new_sample});
    }

    void append_rows(std::size_t table, TableColumns columns) override {
        std::size_t rows = 0;
        validate_columns(table_specs_.at(table), columns, rows);
        if (rows > 0) push(RowsJob{table, std::move(columns)});
    }

    /// Returns once the writer has written and flushed everything appended before: the
    /// .partial then holds it (the simulation waits for the writer here, which the run does at
    /// most once a second of work).
    void flush() override {
        auto done = std::make_shared<std::promise<void>>();
        auto written = done->get_future();
        push(FlushJob{std::move(done)});
        written.wait();
        rethrow_writer_error();
    }

    [[nodiscard]] double writer_cpu_seconds() const override { return writer_cpu_seconds_; }

    void finish(const std::vector<Kpi>& kpis, const Attributes& final_attributes) override {
        if (!begun_) begin({});
        // The writer writes what it holds and stops; closing the file flushes it.
        jobs_.push(StopJob{});
        writer_.join();
        rethrow_writer_error();
        series_.clear();
        events_.clear();
        time_axes_.clear();
        if (!swmr_started_) {
            // Never flushed (it ended within a second of work, or within its first simulated
            // hour), so never in SWMR mode: the KPIs and attributes go straight into the open
            // file, closed and renamed over the result. This skips the SWMR close, copy and
            // reopening below (Bologna's joined network: 0.949x a whole run's wall time). The
            // price: a run killed before its file is closed loses that run, as a .partial open
            // for writing outside SWMR mode does not open (`inspect` says so; README, Results).
            complete_and_rename(kpis, final_attributes, partial_path_);
            return;
        }
        file_.reset();

        // What SWMR cannot add (new datasets and attributes) goes into a copy, reopened
        // outside SWMR mode; the .partial stays whole and readable until the finished copy
        // replaces it, so a kill in this phase loses no sample (it leaves the .partial, and a
        // .closing that the next writer removes).
        const std::string closing_path = final_path_.string() + ".closing";
        fault_point("copy");
        fs::copy_file(partial_path_, closing_path, fs::copy_options::overwrite_existing);
        const Handle fapl = file_access_latest();
        file_ = Handle(H5Fopen(closing_path.c_str(), H5F_ACC_RDWR, fapl.get()), H5Fclose,
                       "file reopen");
        complete_and_rename(kpis, final_attributes, closing_path);
        std::error_code ignored;
        fs::remove(partial_path_, ignored);
    }

private:
    /// Writes the KPIs and the final attributes (`complete` = 1 last) into the open file, which
    /// is `file` on disk, closes it and renames it over the result.
    void complete_and_rename(const std::vector<Kpi>& kpis, const Attributes& final_attributes,
                             const std::string& file) {
        write_kpis(kpis);
        fault_point("kpis");
        write_attributes(file_.get(), final_attributes);
        write_number_attribute(file_.get(), "complete", std::int64_t{1}, H5T_NATIVE_INT64);
        file_.reset();
        fault_point("rename");
        rename_over_result(file);
    }

    /// Renames `file` over the result. A result there (one --force replaces) is held open
    /// across the rename and closed on a thread of its own: the kernel frees a file's blocks
    /// when its last link and descriptor are gone, which the rename did on this thread (0.8 ms
    /// of Bologna's 30-ms run for its 150-kB result, 2 ms for DRT's).
    void rename_over_result(const std::string& file) const {
        const int replaced = ::open(final_path_.c_str(), O_RDONLY | O_CLOEXEC);
        try {
            fs::rename(file, final_path_);
        } catch (...) {
            if (replaced >= 0) ::close(replaced);
            throw;
        }
        if (replaced >= 0) std::thread([replaced] { ::close(replaced); }).detach();
    }

    /// Tests kill the writer here: TUNTAS_TEST_KILL_AT=<point> ends the process at once, as a
    /// SIGKILL would (no destructor, no flush).
    static void fault_point(const char* point) {
        const char* at = std::getenv("TUNTAS_TEST_KILL_AT");
        if (at != nullptr && std::strcmp(at, point) == 0) std::_Exit(137);
    }

    void require_not_begun(const char* what) const {
        if (begun_) throw UsageError(fmt::format("Recorder::{} after begin()", what));
    }

    void push(Job job) {
        rethrow_writer_error();
        jobs_.push(std::move(job));
    }

    void rethrow_writer_error() {
        const std::lock_guard lock(error_mutex_);
        if (writer_error_) std::rethrow_exception(writer_error_);
    }

    /// A time coordinate at `path`: 1-D, growing, chunks of `chunk` times, with CF's units and
    /// calendar (xarray and netCDF tools decode it from them), `description`, the start, and
    /// made a dimension scale named as its last path part.
    Handle create_time_coordinate(const std::string& path, hsize_t chunk, hid_t lcpl,
                                  const std::string& description) {
        const hsize_t zero = 0;
        const hsize_t unlimited = H5S_UNLIMITED;
        const Handle space(H5Screate_simple(1, &zero, &unlimited), H5Sclose, "time space");
        const Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "dataset create list");
        check(H5Pset_chunk(dcpl.get(), 1, &chunk), "H5Pset_chunk");
        Handle time(H5Dcreate2(file_.get(), path.c_str(), H5T_NATIVE_DOUBLE, space.get(), lcpl,
                               dcpl.get(), H5P_DEFAULT),
                    H5Dclose, "time create");
        write_text_attribute(time.get(), "units",
                             start_iso_.empty() ? std::string{"s"} : "seconds since " + start_iso_);
        write_text_attribute(time.get(), "calendar", "standard");
        write_text_attribute(time.get(), "description", description);
        write_text_attribute(time.get(), "start", start_iso_);
        const std::string name = path.substr(path.rfind('/') + 1);
        check(H5DSset_scale(time.get(), name.c_str()), "H5DSset_scale");
        return time;
    }

    void create_time_dataset(hid_t lcpl) {
        time_axes_.clear();
        // A chunk of 4096 samples, or of the run's own when it expects fewer (32 kB stored for
        // Bologna's 15 samples otherwise).
        const hsize_t chunk =
            options_.expected_samples == 0
                ? 4096
                : std::min<hsize_t>(4096, static_cast<hsize_t>(options_.expected_samples) + 1);
        time_axes_.push_back(TimeAxis{
            .dataset = create_time_coordinate("/time", chunk, lcpl,
                                              "simulated time of each sample, seconds since the "
                                              "start (negative in the warm-up)"),
            .path = "/time"});
    }

    /// The time axis of `spec`'s rows: 0 (/time) for a series written every sample, or its
    /// group's axis of its output interval (`time_15min`), made on first use: the end of each
    /// row's interval (the first row: the first sample), seconds since the start.
    std::size_t time_axis_of(const SeriesSpec& spec) {
        if (spec.samples_per_row <= 1) return 0;
        const std::string path =
            "/series/" + spec.group + "/time_" + interval_name(spec.row_interval_s);
        for (std::size_t a = 1; a < time_axes_.size(); ++a) {
            if (time_axes_[a].path == path) return a;
        }
        TimeAxis axis{
            .dataset = create_time_coordinate(
                path, 1024, H5P_DEFAULT,
                fmt::format("end of each row's output interval of {:g} s, seconds since the "
                            "start (the first row: the first sample; the last: the run's last "
                            "sample)",
                            spec.row_interval_s)),
            .path = path,
            .interval_s = spec.row_interval_s};
        write_number_attribute(axis.dataset.get(), "interval_s", spec.row_interval_s,
                               H5T_NATIVE_DOUBLE);
        time_axes_.push_back(std::move(axis));
        return time_axes_.size() - 1;
    }

    /// "15min", "1h", "90s": an output interval as a name.
    static std::string interval_name(double seconds) {
        const auto whole = static_cast<long long>(std::llround(seconds));
        if (static_cast<double>(whole) != seconds) return fmt::format("{:g}s", seconds);
        if (whole % 86400 == 0) return fmt::format("{}d", whole / 86400);
        if (whole % 3600 == 0) return fmt::format("{}h", whole / 3600);
        if (whole % 60 == 0) return fmt::format("{}min", whole / 60);
        return fmt::format("{}s", whole);
    }

    /// The series group `group`'s dimension scales: `time` (a hard link to /time, so a reader
    /// of the group alone, like xarray's open_dataset(group=...), finds the time coordinate)
    /// and each axis its series name, a fixed-length UTF-8 label per entity. Attaches them to
    /// `series`, whose rows are samples and whose columns are `spec.axis`'s entities.
    void attach_scales(hid_t series, const SeriesSpec& spec, std::size_t time_axis) {
        const std::string group = "/series/" + spec.group;
        if (time_axis == 0) {
            const std::string time_link = group + "/time";
            if (H5Lexists(file_.get(), time_link.c_str(), H5P_DEFAULT) <= 0) {
                check(H5Lcreate_hard(file_.get(), "/time", file_.get(), time_link.c_str(),
                                     H5P_DEFAULT, H5P_DEFAULT),
                      "H5Lcreate_hard");
            }
            check(H5DSattach_scale(series, time_axes_.front().dataset.get(), 0),
                  "H5DSattach_scale");
        } else {
            check(H5DSattach_scale(series, time_axes_[time_axis].dataset.get(), 0),
                  "H5DSattach_scale");
        }
        if (!spec.axis) return;
        const EntityAxis& axis = *spec.axis;  // as many labels as entities (begin checks)
        const std::string path = group + "/" + axis.name;
        Handle scale;
        if (H5Lexists(file_.get(), path.c_str(), H5P_DEFAULT) > 0) {
            scale = Handle(H5Dopen2(file_.get(), path.c_str(), H5P_DEFAULT), H5Dclose, "scale");
            const Handle space(H5Dget_space(scale.get()), H5Sclose, "scale space");
            if (H5DSis_scale(scale.get()) <= 0 ||
                static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get())) !=
                    spec.entity_count) {
                throw UsageError(
                    fmt::format("series {}/{}: /series/{}/{} is not an axis of {} entities",
                                spec.group, spec.name, spec.group, axis.name, spec.entity_count));
            }
        } else {
            std::size_t width = 1;
            for (const auto& label : axis.labels) width = std::max(width, label.size());
            const Handle type = text_type(width);
            const hsize_t count = axis.labels.size();
            const Handle space(H5Screate_simple(1, &count, nullptr), H5Sclose, "scale space");
            scale = Handle(H5Dcreate2(file_.get(), path.c_str(), type.get(), space.get(),
                                      H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                           H5Dclose, "scale create");
            std::vector<char> packed(std::max<std::size_t>(width * axis.labels.size(), 1), '\0');
            for (std::size_t i = 0; i < axis.labels.size(); ++i) {
                std::copy(axis.labels[i].begin(), axis.labels[i].end(),
                          packed.begin() + static_cast<std::ptrdiff_t>(i * width));
            }
            if (count > 0) {
                check(
                    H5Dwrite(scale.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, packed.data()),
                    "scale write");
            }
            // xarray decodes fixed-length text whose _Encoding it is told (CF's netCDF-4 rule).
            write_text_attribute(scale.get(), "_Encoding", "utf-8");
            write_text_attribute(scale.get(), "units", "1");
            write_text_attribute(
                scale.get(), "description",
                fmt::format("the {} of each column of this group's series", axis.name));
            check(H5DSset_scale(scale.get(), axis.name.c_str()), "H5DSset_scale");
        }
        check(H5DSattach_scale(series, scale.get(), 1), "H5DSattach_scale");
    }

    void create_series(const SeriesSpec& spec, hid_t lcpl) {
        const std::size_t entities = std::max<std::size_t>(spec.entity_count, 1);
        const hsize_t dims[2] = {0, spec.entity_count};
        const hsize_t max_dims[2] = {H5S_UNLIMITED, spec.entity_count};
        const Handle space(H5Screate_simple(2, dims, max_dims), H5Sclose, "series space");
        const Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "dataset create list");
        const hsize_t entity_chunk = std::min<hsize_t>(entities, 1 << 17);
        const bool single = spec.precision == SeriesPrecision::float32;
        const std::size_t samples_per_row = std::max<std::size_t>(1, spec.samples_per_row);
        const std::size_t value_bytes = single ? sizeof(float) : sizeof(double);
        const hsize_t expected_rows =
            options_.expected_samples == 0
                ? 0
                : (options_.expected_samples + samples_per_row - 1) / samples_per_row + 1;
        const hsize_t row_chunk = series_chunk_rows(
            std::max<hsize_t>(1, options_.chunk_bytes / (value_bytes * entity_chunk)),
            expected_rows);
        const hsize_t chunk[2] = {row_chunk, entity_chunk};
        check(H5Pset_chunk(dcpl.get(), 2, chunk), "H5Pset_chunk");
        const bool deflated = set_compression(
            dcpl.get(), options_,
            expected_rows == 0
                ? std::nullopt
                : std::optional<std::uint64_t>(expected_rows * spec.entity_count * value_bytes),
            true);
        // A deflated dataset's chunk cache holds a few chunks: a flush may end between chunk
        // boundaries (the last, partial chunk of a run) without its chunk being read back. One
        // stored as is has none: its rows go straight to the file as they are written, on this
        // thread while the run goes on, not all at the dataset's close (a part-chunk write
        // reads nothing back when there is no filter).
        const Handle dapl(H5Pcreate(H5P_DATASET_ACCESS), H5Pclose, "dataset access list");
        check(deflated ? H5Pset_chunk_cache(dapl.get(), 521, 4 * options_.chunk_bytes, 1.0)
                       : H5Pset_chunk_cache(dapl.get(), 0, 0, 1.0),
              "H5Pset_chunk_cache");
        const std::string path = "/series/" + spec.group + "/" + spec.name;
        SeriesDataset series{.dataset =
                                 Handle(H5Dcreate2(file_.get(), path.c_str(),
                                                   single ? H5T_NATIVE_FLOAT : H5T_NATIVE_DOUBLE,
                                                   space.get(), lcpl, dcpl.get(), dapl.get()),
                                        H5Dclose, "series create"),
                             .entities = spec.entity_count,
                             .chunk_rows = row_chunk,
                             .single = single,
                             .deflated = deflated};
        write_text_attribute(series.dataset.get(), "units", spec.unit);
        write_text_attribute(series.dataset.get(), "description", spec.description);
        // CF's word for what a value stands for over time; readers (and tuntas's) find the
        // times of the rows in the group's dataset `time` names.
        write_text_attribute(series.dataset.get(), "cell_methods",
                             spec.cell == SeriesCell::mean ? "time: mean" : "time: point");
        series.time_axis = time_axis_of(spec);
        const std::string& axis_path = time_axes_[series.time_axis].path;
        write_text_attribute(series.dataset.get(), "time",
                             series.time_axis == 0 ? std::string("time")
                                                   : axis_path.substr(axis_path.rfind('/') + 1));
        attach_scales(series.dataset.get(), spec, series.time_axis);
        series_.push_back(std::move(series));
    }

    /// An event table's layout and chunk; its dataset is made later (create_event_dataset),
    /// once it is known whether it holds enough to compress.
    void prepare_event_table(const TableSpec& spec) {
        EventDataset table;
        table.layout = make_layout(spec, std::vector<std::size_t>(spec.columns.size(), 0));
        table.chunk_rows =
            std::max<hsize_t>(1, options_.event_chunk_bytes / table.layout.record_bytes);
        events_.push_back(std::move(table));
    }

    /// Makes the dataset of event table `index`, deflated as options_ say for a table of
    /// `bytes` (none: it may grow to any size).
    void create_event_dataset(std::size_t index, std::optional<std::uint64_t> bytes) {
        EventDataset& table = events_[index];
        const TableSpec& spec = table_specs_[index];
        const hsize_t zero = 0;
        const hsize_t unlimited = H5S_UNLIMITED;
        const Handle space(H5Screate_simple(1, &zero, &unlimited), H5Sclose, "table space");
        const Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "dataset create list");
        check(H5Pset_chunk(dcpl.get(), 1, &table.chunk_rows), "H5Pset_chunk");
        table.deflated = set_compression(dcpl.get(), options_, bytes, true);
        const std::string path = "/events/" + spec.group + "/" + spec.name;
        const Handle lcpl = intermediate_groups();
        table.dataset = Handle(H5Dcreate2(file_.get(), path.c_str(), table.layout.type.get(),
                                          space.get(), lcpl.get(), dcpl.get(), H5P_DEFAULT),
                               H5Dclose, "event table create");
        describe_table(table.dataset.get(), spec);
    }

    /// Makes every event table's dataset not made yet: at the first flush (SWMR mode adds no
    /// dataset) as one that may grow to any size, as the run goes on; at the end (`at_end`) by
    /// the rows it holds.
    void create_event_datasets(bool at_end) {
        for (std::size_t t = 0; t < events_.size(); ++t) {
            EventDataset& table = events_[t];
            if (table.dataset.get() >= 0) continue;
            if (!at_end) {
                create_event_dataset(t, std::nullopt);
                continue;
            }
            const std::uint64_t bytes =
                std::uint64_t{table.pending_rows} * table.layout.record_bytes;
            // Stored as is, a part-full chunk takes a whole chunk's bytes: one the table's size.
            if (bytes < options_.compress_from_bytes)
                table.chunk_rows = std::max<hsize_t>(1, table.pending_rows);
            create_event_dataset(t, bytes);
        }
    }

    void write_kpis(const std::vector<Kpi>& kpis) {
        const TableSpec spec{.group = "",
                             .name = "kpi",
                             .description = "key performance indicators of the run",
                             .columns = {{"name", ColumnType::text, "1", "indicator"},
                                         {"value", ColumnType::float64, "", "value"},
                                         {"unit", ColumnType::text, "1", "unit of the value"},
                                         {"description", ColumnType::text, "1", "what it is"}}};
        std::vector<std::string> names, units, descriptions;
        std::vector<double> values;
        for (const auto& kpi : kpis) {
            names.push_back(kpi.name);
            values.push_back(kpi.value);
            units.push_back(kpi.unit);
            descriptions.push_back(kpi.description);
        }
        write_table_once(file_.get(), "/kpi", spec, {names, values, units, descriptions}, options_);
    }

    // ---- the writer thread ----

    void write_loop() {
        quiet_hdf5_errors();
        guarded([&] {
            const Handle fapl = file_access_latest();
            file_ = Handle(H5Fcreate(partial_path_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()),
                           H5Fclose, "file create");
        });
        for (;;) {
            Job job;
            jobs_.pop(job);
            if (std::holds_alternative<StopJob>(job)) {
                if (!failed_)
                    guarded([&] {
                        create_event_datasets(true);
                        write_pending();
                    });
                writer_cpu_seconds_ =
                    static_cast<double>(thread_cpu_nanoseconds()) * 1e-9;  // read after join()
                return;
            }
            if (!failed_) guarded([&] { handle(job); });  // after a failure: drain, never block
            if (auto* flush = std::get_if<FlushJob>(&job); flush != nullptr && flush->done)
                flush->done->set_value();
        }
    }

    template <class F>
    void guarded(const F& work) {
        try {
            work();
        } catch (...) {
            failed_ = true;
            const std::lock_guard lock(error_mutex_);
            writer_error_ = std::current_exception();
        }
    }

    void handle(Job& job) {
        if (auto* static_table = std::get_if<StaticTableJob>(&job)) {
            const TableSpec& spec = static_table->spec;
            write_table_once(file_.get(), "/static/" + spec.group + "/" + spec.name, spec,
                             static_table->columns, options_);
        } else if (auto* begin = std::get_if<BeginJob>(&job)) {
            const Handle lcpl = intermediate_groups();
            create_time_dataset(lcpl.get());
            for (const auto& spec : series_specs_) create_series(spec, lcpl.get());
            for (const auto& spec : table_specs_) prepare_event_table(spec);
            write_attributes(file_.get(), begin->provenance);
            write_number_attribute(file_.get(), "complete", std::int64_t{0}, H5T_NATIVE_INT64);
        } else if (auto* sample = std::get_if<SampleJob>(&job)) {
            if (sample->new_sample) add_time(time_axes_.front(), sample->time_s);
            for (std::size_t s = 0; s < series_.size(); ++s) {
                SeriesDataset& series = series_[s];
                if (sample->values[s].empty()) continue;  // a coarser series: no row now
                if (series.time_axis != 0) add_time(time_axes_[series.time_axis], sample->time_s);
                series.pending.insert(series.pending.end(), sample->values[s].begin(),
                                      sample->values[s].end());
                // A full chunk is compressed and written now, while the simulation runs on: HDF5
                // keeps a filtered chunk in its cache (compressing it only at the next flush)
                // unless the dataset is flushed. One stored as is has no chunk cache
                // (create_series): its rows reached the file as they were written, and a flush
                // would only write its metadata again (Bologna's joined network: 24 flushes of 8
                // series; a whole run's CPU 0.967x without them).
                if (++series.pending_rows == series.chunk_rows) {
                    write_pending_rows(series);
                    if (series.deflated) check(H5Dflush(series.dataset.get()), "H5Dflush");
                }
            }
        } else if (auto* rows = std::get_if<RowsJob>(&job)) {
            EventDataset& table = events_[rows->table];
            table.pending_rows += column_length(rows->columns.front());
            append_columns(table.pending, std::move(rows->columns));
            if (table.pending_rows >= table.chunk_rows) {
                if (table.dataset.get() < 0) create_event_dataset(rows->table, std::nullopt);
                write_rows(rows->table, RowsToWrite::whole_chunks);
            }
        } else if (std::holds_alternative<FlushJob>(job)) {
            create_event_datasets(false);
            write_pending();
            if (swmr_started_) {
                check(H5Fflush(file_.get(), H5F_SCOPE_LOCAL), "H5Fflush");
            } else {
                // The first flush: from here on every flush leaves a file that readers open
                // consistently, even if the process dies right after (single-writer/multiple-
                // reader mode, which flushes the file as it starts). A run that never flushes
                // never pays for the mode: see finish().
                check(H5Fstart_swmr_write(file_.get()), "H5Fstart_swmr_write");
                swmr_started_ = true;
            }
        }
    }

    void write_pending() {
        write_pending_samples();
        for (std::size_t t = 0; t < events_.size(); ++t) write_rows(t);
    }

    void write_pending_samples() {
        write_pending_times();
        for (auto& series : series_) write_pending_rows(series);
    }

    /// `time_s` onto `axis` unless it is there already (the series of a coarser axis share it).
    void add_time(TimeAxis& axis, double time_s) {
        if (time_s <= axis.last_s) return;
        axis.last_s = time_s;
        axis.pending.push_back(time_s);
        if (axis.pending.size() >= time_rows_per_write) write_pending_times(axis);
    }

    void write_pending_times() {
        for (auto& axis : time_axes_) write_pending_times(axis);
    }

    void write_pending_times(TimeAxis& axis) {
        if (axis.pending.empty()) return;
        const auto count = static_cast<hsize_t>(axis.pending.size());
        append_block(axis.dataset.get(), 1, axis.written, count, 0, axis.pending.data());
        axis.written += count;
        axis.pending.clear();
    }

    void write_pending_rows(SeriesDataset& series) {
        if (series.pending_rows == 0) return;
        if (series.single) {
            // Converted here: given doubles, HDF5 converts through a type-conversion buffer it
            // allocates and zeroes whole (1 MB) on every write (3 % of a small run's CPU).
            singles_.resize(series.pending.size());
            std::transform(series.pending.begin(), series.pending.end(), singles_.begin(),
                           float_as_hdf5_converts);
            append_block(series.dataset.get(), 2, series.rows, series.pending_rows, series.entities,
                         singles_.data(), H5T_NATIVE_FLOAT);
        } else {
            append_block(series.dataset.get(), 2, series.rows, series.pending_rows, series.entities,
                         series.pending.data(), H5T_NATIVE_DOUBLE);
        }
        series.rows += series.pending_rows;
        series.pending_rows = 0;
        series.pending.clear();
    }

    // Extends a 1-D or 2-D dataset by `count` rows after `first` and writes them.
    /// A double as HDF5's hardware conversion makes it a float: beyond the float range an
    /// infinity (a plain cast rounds values just above FLT_MAX down to it), else the cast.
    static float float_as_hdf5_converts(double value) {
        constexpr double largest = std::numeric_limits<float>::max();
        if (value > largest) return std::numeric_limits<float>::infinity();
        if (value < -largest) return -std::numeric_limits<float>::infinity();
        return static_cast<float>(value);
    }

    static void append_block(hid_t dataset, int rank, hsize_t first, hsize_t count,
                             std::size_t width, const void* data,
                             hid_t memory_type = H5T_NATIVE_DOUBLE) {
        const hsize_t new_dims[2] = {first + count, width};
        check(H5Dset_extent(dataset, new_dims), "H5Dset_extent");
        if (rank == 2 && width == 0) return;
        const Handle file_space(H5Dget_space(dataset), H5Sclose, "dataset space");
        const hsize_t start[2] = {first, 0};
        const hsize_t block[2] = {count, width};
        check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start, nullptr, block, nullptr),
              "H5Sselect_hyperslab");
        const Handle memory_space(H5Screate_simple(rank, block, nullptr), H5Sclose, "memory space");
        check(
            H5Dwrite(dataset, memory_type, memory_space.get(), file_space.get(), H5P_DEFAULT, data),
            "series write");
    }

    /// Which of an event table's pending rows write_rows writes.
    enum class RowsToWrite : std::uint8_t {
        all,           ///< every one (a flush, the end)
        whole_chunks,  ///< up to the last chunk boundary they reach, the rest kept
    };

    /// Writes `index`'s pending rows. Whole chunks of a deflated table are flushed at once, so
    /// they are compressed now, on this thread, while the simulation runs on: HDF5 would keep
    /// them in the chunk cache and compress them all as the file closes (SUMO's DRT network
    /// over 5 h: 431 kB of trips, 4-5 ms of the main thread's closing).
    void write_rows(std::size_t index, RowsToWrite which = RowsToWrite::all) {
        EventDataset& table = events_[index];
        if (table.pending_rows == 0) return;
        const TableSpec& spec = table_specs_[index];
        std::size_t rows = table.pending_rows;
        if (which == RowsToWrite::whole_chunks) {
            const hsize_t boundary = (table.rows + rows) / table.chunk_rows * table.chunk_rows;
            if (boundary <= table.rows) return;
            rows = static_cast<std::size_t>(boundary - table.rows);
        }
        const auto buffer = pack_rows(spec, table.layout, table.pending, rows);
        if (rows == table.pending_rows) {
            table.pending.clear();
        } else {
            drop_leading_rows(table.pending, rows);
        }
        table.pending_rows -= rows;
        const hsize_t new_size = table.rows + rows;
        check(H5Dset_extent(table.dataset.get(), &new_size), "H5Dset_extent");
        const Handle file_space(H5Dget_space(table.dataset.get()), H5Sclose, "table space");
        const hsize_t start = table.rows;
        const hsize_t count = rows;
        check(
            H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &start, nullptr, &count, nullptr),
            "H5Sselect_hyperslab");
        const Handle memory_space(H5Screate_simple(1, &count, nullptr), H5Sclose, "rows space");
        check(H5Dwrite(table.dataset.get(), table.layout.type.get(), memory_space.get(),
                       file_space.get(), H5P_DEFAULT, buffer.data()),
              "rows write");
        table.rows = new_size;
        if (which == RowsToWrite::whole_chunks && table.deflated)
            check(H5Dflush(table.dataset.get()), "H5Dflush");
    }

    static constexpr std::size_t time_rows_per_write = 64;

    fs::path final_path_;
    std::string partial_path_;
    std::optional<OutputLock> lock_;  // held from before the .partial exists to after the rename
    std::string start_iso_;
    Hdf5RecorderOptions options_;
    Handle file_;
    std::vector<SeriesSpec> series_specs_;
    std::vector<TableSpec> table_specs_;
    std::vector<SeriesDataset> series_;
    std::vector<EventDataset> events_;
    std::vector<float> singles_;  // a float32 series' rows as written (writer thread only)
    bool begun_{false};

    tbb::concurrent_bounded_queue<Job> jobs_;
    std::thread writer_;
    std::vector<TimeAxis> time_axes_;  // [0]: /time, then the groups' coarser ones
    double last_sample_s_{-std::numeric_limits<double>::infinity()};  // caller's thread
    bool failed_{false};                                              // writer thread only
    bool swmr_started_{false};        // writer thread only; read by finish() after the join
    double writer_cpu_seconds_{0.0};  // set by the writer thread as it stops, read after join
    std::mutex error_mutex_;
    std::exception_ptr writer_error_;
};

}  // namespace

std::unique_ptr<Recorder> open_hdf5_recorder(const std::filesystem::path& path,
                                             const std::string& start_iso,
                                             const Hdf5RecorderOptions& options) {
    quiet_hdf5_errors();
    return std::make_unique<Hdf5Recorder>(path, start_iso, options);
}

}  // namespace tuntas::engine
