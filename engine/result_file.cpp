#include "engine/result_file.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <fstream>
#include <type_traits>

#include <fmt/format.h>
#include <hdf5.h>

#include "engine/error.hpp"
#include "engine/hdf5_process.hpp"

namespace tuntas::engine {

static_assert(std::is_same_v<hid_t, std::int64_t>, "ResultFile::id() hands out an hid_t");

namespace {

/// An HDF5 id closed when it goes out of scope.
class Handle {
public:
    Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    ~Handle() {
        if (id_ >= 0) close_(id_);
    }
    [[nodiscard]] hid_t get() const { return id_; }
    [[nodiscard]] bool valid() const { return id_ >= 0; }

private:
    hid_t id_;
    herr_t (*close_)(hid_t);
};

/// True when `file` is an HDF5 file whose superblock (version 3, as tuntas writes) says a
/// writer still has it open outside SWMR mode: a run's .partial left by a process that stopped
/// before its first flush, which no reader can open (HDF5's file consistency flags: bit 0 write
/// access, bit 2 SWMR write access).
bool left_open_for_writing(const std::filesystem::path& file) {
    constexpr std::array<unsigned char, 8> signature{0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    std::ifstream in(file, std::ios::binary);
    // The superblock is at 0, 512, 1024, 2048 ... (after a user block); a .partial has none.
    for (std::streamoff at = 0; at <= (std::streamoff{1} << 20); at = at == 0 ? 512 : 2 * at) {
        std::array<unsigned char, 12> head{};
        in.clear();
        in.seekg(at);
        if (!in.read(reinterpret_cast<char*>(head.data()), head.size())) return false;
        if (!std::equal(signature.begin(), signature.end(), head.begin())) continue;
        const unsigned version = head[8];
        const unsigned flags = head[11];
        return version >= 3 && (flags & 0x1U) != 0 && (flags & 0x4U) == 0;
    }
    return false;
}

/// The dataset at `path`, or an error naming the file and the path.
Handle open_dataset(hid_t file, const std::filesystem::path& name, const std::string& path) {
    hid_t dataset = -1;
    H5E_BEGIN_TRY {
        dataset = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
    }
    H5E_END_TRY;
    if (dataset < 0) throw DamagedFile(fmt::format("{}: no dataset {}", name.string(), path));
    return {dataset, H5Dclose};
}

/// The attribute `name` of the object at `path`, or an invalid handle.
Handle open_attribute(hid_t file, const std::string& path, const std::string& name) {
    hid_t attribute = -1;
    H5E_BEGIN_TRY {
        if (H5Aexists_by_name(file, path.c_str(), name.c_str(), H5P_DEFAULT) > 0)
            attribute = H5Aopen_by_name(file, path.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT);
    }
    H5E_END_TRY;
    return {attribute, H5Aclose};
}

}  // namespace

ResultFile::ResultFile(const std::filesystem::path& file) : file_(file) {
    quiet_hdf5_errors();  // a damaged file is reported in one line, not HDF5's error stack
    if (!std::filesystem::exists(file))
        throw UsageError(fmt::format("{}: no such file", file.string()));
    if (!std::filesystem::is_regular_file(file))
        throw UsageError(fmt::format("{}: not a file", file.string()));
    // A complete result is closed: plain read mode. Only a .partial (a run that died or still
    // runs, open for SWMR write) needs SWMR read, and then with few metadata read attempts:
    // SWMR retries a failed checksum with sleeps (100 attempts by default), so a corrupt file
    // would hang the reader for many minutes instead of being reported.
    const bool partial = file.extension() == ".partial";
    const auto open = [&](bool swmr) {
        const hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
        H5Pset_libver_bounds(fapl, H5F_LIBVER_LATEST, H5F_LIBVER_LATEST);
        H5Pset_metadata_read_attempts(fapl, 3);
        hid_t id = -1;
        H5E_BEGIN_TRY {
            id = H5Fopen(file.c_str(), swmr ? H5F_ACC_RDONLY | H5F_ACC_SWMR_READ : H5F_ACC_RDONLY,
                         fapl);
        }
        H5E_END_TRY;
        H5Pclose(fapl);
        return id;
    };
    id_ = open(partial);
    if (id_ < 0) id_ = open(!partial);
    if (id_ < 0 && left_open_for_writing(file)) {
        throw UsageError(fmt::format(
            "{}: left by a run that stopped before its first flush (written outside SWMR mode, "
            "which starts there): nothing in it can be read; run the scenario again",
            file.string()));
    }
    if (id_ < 0) {
        throw UsageError(fmt::format(
            "{}: not a readable tuntas result (not HDF5, truncated or corrupt)", file.string()));
    }
}

ResultFile::~ResultFile() {
    H5Fclose(id_);
}

bool ResultFile::has(const std::string& path) const {
    // Every prefix must exist before the link itself is asked about.
    std::size_t at = 0;
    while ((at = path.find('/', at + 1)) != std::string::npos) {
        if (H5Lexists(id_, path.substr(0, at).c_str(), H5P_DEFAULT) <= 0) return false;
    }
    return H5Lexists(id_, path.c_str(), H5P_DEFAULT) > 0;
}

std::vector<std::string> ResultFile::children(const std::string& group) const {
    std::vector<std::string> names;
    if (!has(group)) return names;
    const Handle opened(H5Gopen2(id_, group.c_str(), H5P_DEFAULT), H5Gclose);
    if (!opened.valid()) return names;
    H5Literate(
        opened.get(), H5_INDEX_NAME, H5_ITER_INC, nullptr,
        [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
            static_cast<std::vector<std::string>*>(data)->emplace_back(name);
            return 0;
        },
        &names);
    return names;
}

std::vector<std::string> ResultFile::series_names(const std::string& group) const {
    std::vector<std::string> names;
    for (auto& name : children(group)) {
        const std::string path = group + "/" + name;
        if (H5Oexists_by_name(id_, path.c_str(), H5P_DEFAULT) <= 0) continue;
        const Handle dataset(H5Dopen2(id_, path.c_str(), H5P_DEFAULT), H5Dclose);
        if (!dataset.valid()) continue;
        const Handle space(H5Dget_space(dataset.get()), H5Sclose);
        if (space.valid() && H5Sget_simple_extent_ndims(space.get()) == 2)
            names.push_back(std::move(name));
    }
    return names;
}

std::vector<double> ResultFile::read_vector(const std::string& path) const {
    const Handle dataset = open_dataset(id_, file_, path);
    const Handle space(H5Dget_space(dataset.get()), H5Sclose);
    std::vector<double> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get())));
    if (!values.empty() && H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                                   values.data()) < 0) {
        throw DamagedFile(fmt::format("{}: cannot read {}", file_.string(), path));
    }
    return values;
}

SeriesValues ResultFile::read_series(const std::string& path) const {
    const Handle dataset = open_dataset(id_, file_, path);
    const Handle space(H5Dget_space(dataset.get()), H5Sclose);
    if (H5Sget_simple_extent_ndims(space.get()) != 2)
        throw DamagedFile(
            fmt::format("{}: {} is not a [sample, entity] series", file_.string(), path));
    hsize_t dims[2] = {0, 0};
    H5Sget_simple_extent_dims(space.get(), dims, nullptr);
    SeriesValues series{.samples = static_cast<std::size_t>(dims[0]),
                        .entities = static_cast<std::size_t>(dims[1]),
                        .values = std::vector<double>(dims[0] * dims[1])};
    if (!series.values.empty() && H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL,
                                          H5P_DEFAULT, series.values.data()) < 0) {
        throw DamagedFile(fmt::format("{}: cannot read {}", file_.string(), path));
    }
    return series;
}

ColumnTable ResultFile::read_table(const std::string& path) const {
    const Handle dataset = open_dataset(id_, file_, path);
    const Handle space(H5Dget_space(dataset.get()), H5Sclose);
    ColumnTable table;
    table.rows = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get()));
    const Handle type(H5Dget_type(dataset.get()), H5Tclose);
    if (H5Tget_class(type.get()) != H5T_COMPOUND)
        throw DamagedFile(fmt::format("{}: {} is not a table", file_.string(), path));
    const int members = H5Tget_nmembers(type.get());
    for (int m = 0; m < members; ++m) {
        char* raw_name = H5Tget_member_name(type.get(), static_cast<unsigned>(m));
        const std::string name(raw_name);
        H5free_memory(raw_name);
        const Handle member(H5Tget_member_type(type.get(), static_cast<unsigned>(m)), H5Tclose);
        const bool text = H5Tget_class(member.get()) == H5T_STRING;
        if (text && H5Tis_variable_str(member.get()) != 0)
            throw variable_length_text(file_, fmt::format("column {} of {}", name, path));
        // One member at a time, into a compound of that member alone (fixed-size strings as
        // stored; numbers converted to double).
        const std::size_t size = text ? H5Tget_size(member.get()) : sizeof(double);
        const Handle memory(H5Tcreate(H5T_COMPOUND, size), H5Tclose);
        H5Tinsert(memory.get(), name.c_str(), 0, text ? member.get() : H5T_NATIVE_DOUBLE);
        std::vector<char> buffer(std::max<std::size_t>(size * table.rows, 1));
        if (table.rows > 0 && H5Dread(dataset.get(), memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT,
                                      buffer.data()) < 0) {
            throw DamagedFile(
                fmt::format("{}: cannot read column '{}' of {}", file_.string(), name, path));
        }
        if (text) {
            auto& column = table.texts[name];
            for (std::size_t r = 0; r < table.rows; ++r) {
                const char* start = buffer.data() + r * size;
                column.emplace_back(start, strnlen(start, size));
            }
        } else {
            auto& column = table.numbers[name];
            column.resize(table.rows);
            if (table.rows > 0)
                std::memcpy(column.data(), buffer.data(), table.rows * sizeof(double));
        }
    }
    return table;
}

std::optional<std::string> ResultFile::text_attribute(const std::string& path,
                                                      const std::string& name) const {
    const Handle attribute = open_attribute(id_, path, name);
    if (!attribute.valid()) return std::nullopt;
    const Handle type(H5Aget_type(attribute.get()), H5Tclose);
    if (H5Tget_class(type.get()) != H5T_STRING) return std::nullopt;
    if (H5Tis_variable_str(type.get()) != 0)
        throw variable_length_text(file_, fmt::format("{} attribute {}", path, name));
    const Handle space(H5Aget_space(attribute.get()), H5Sclose);
    if (H5Sget_simple_extent_npoints(space.get()) != 1) return std::nullopt;
    std::string text(H5Tget_size(type.get()), '\0');
    if (H5Aread(attribute.get(), type.get(), text.data()) < 0) return std::nullopt;
    return text.substr(0, text.find('\0'));
}

std::vector<double> ResultFile::series_times(const std::string& series_path) const {
    if (!has(series_path))
        throw DamagedFile(fmt::format("{}: no dataset {}", file_.string(), series_path));
    const auto axis = text_attribute(series_path, "time");
    if (!axis || *axis == "time") return read_vector("/time");
    const bool word = !axis->empty() && std::all_of(axis->begin(), axis->end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
    });
    if (!word) {
        throw DamagedFile(
            fmt::format("{}: {} names '{}' as its time axis", file_.string(), series_path, *axis));
    }
    return read_vector(series_path.substr(0, series_path.rfind('/') + 1) + *axis);
}

double ResultFile::start_s_of_day() const {
    const auto start = text_attribute("/", "start");
    if (!start || start->size() < 19) return 0.0;
    const auto two = [&](std::size_t at) {
        return ((*start)[at] - '0') * 10 + ((*start)[at + 1] - '0');
    };
    return two(11) * 3600.0 + two(14) * 60.0 + two(17);
}

std::optional<double> ResultFile::number_attribute(const std::string& path,
                                                   const std::string& name) const {
    const Handle attribute = open_attribute(id_, path, name);
    if (!attribute.valid()) return std::nullopt;
    const Handle type(H5Aget_type(attribute.get()), H5Tclose);
    const H5T_class_t kind = H5Tget_class(type.get());
    if (kind != H5T_INTEGER && kind != H5T_FLOAT) return std::nullopt;
    double value = 0.0;
    if (H5Aread(attribute.get(), H5T_NATIVE_DOUBLE, &value) < 0) return std::nullopt;
    return value;
}

DamagedFile variable_length_text(const std::filesystem::path& file, const std::string& where) {
    return DamagedFile(fmt::format(
        "{}: {} is variable-length text, which tuntas does not read (a damaged file can crash "
        "HDF5 there); a result written before 2026-12-01 can be converted with "
        "`/usr/bin/python3 tools/python/fixed_length_text.py {}`",
        file.string(), where, file.string()));
}

}  // namespace tuntas::engine
