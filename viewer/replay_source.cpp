#include "viewer/replay_source.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <stdexcept>

#include <fmt/format.h>
#include <hdf5.h>

#include "engine/result_file.hpp"

namespace tuntas::viewer {

namespace {

/// An HDF5 id closed when it goes out of scope.
class Id {
public:
    Id(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
    Id(const Id&) = delete;
    Id& operator=(const Id&) = delete;
    ~Id() {
        if (id_ >= 0) close_(id_);
    }
    [[nodiscard]] hid_t get() const { return id_; }
    [[nodiscard]] bool valid() const { return id_ >= 0; }

private:
    hid_t id_;
    herr_t (*close_)(hid_t);
};

std::vector<std::string> children(hid_t group) {
    std::vector<std::string> names;
    H5Literate(
        group, H5_INDEX_NAME, H5_ITER_INC, nullptr,
        [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
            static_cast<std::vector<std::string>*>(data)->emplace_back(name);
            return 0;
        },
        &names);
    return names;
}

std::string text_attribute(hid_t object, const char* name) {
    if (H5Aexists(object, name) <= 0) return {};
    const Id attribute(H5Aopen(object, name, H5P_DEFAULT), H5Aclose);
    const Id type(H5Aget_type(attribute.get()), H5Tclose);
    if (H5Tis_variable_str(type.get()) > 0) {
        char* value = nullptr;
        const Id memory(H5Tget_native_type(type.get(), H5T_DIR_ASCEND), H5Tclose);  // same charset
        if (H5Aread(attribute.get(), memory.get(), &value) < 0 || value == nullptr) return {};
        std::string text(value);
        H5free_memory(value);
        return text;
    }
    std::string text(H5Tget_size(type.get()), '\0');
    H5Aread(attribute.get(), type.get(), text.data());
    return text.substr(0, text.find('\0'));
}

/// A compound dataset as columns.
Table read_table(hid_t file, const std::string& path) {
    Table table;
    const Id dataset(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose);
    if (!dataset.valid()) throw std::runtime_error("cannot open " + path);
    const Id space(H5Dget_space(dataset.get()), H5Sclose);
    hsize_t rows = 0;
    if (H5Sget_simple_extent_ndims(space.get()) == 1)
        H5Sget_simple_extent_dims(space.get(), &rows, nullptr);
    table.rows = rows;
    const Id type(H5Dget_type(dataset.get()), H5Tclose);
    const int members = H5Tget_nmembers(type.get());
    for (int m = 0; m < members; ++m) {
        char* raw_name = H5Tget_member_name(type.get(), static_cast<unsigned>(m));
        const std::string name(raw_name);
        H5free_memory(raw_name);
        const Id member(H5Tget_member_type(type.get(), static_cast<unsigned>(m)), H5Tclose);
        if (rows == 0) continue;
        if (H5Tget_class(member.get()) == H5T_STRING) {
            const std::size_t size = H5Tget_size(member.get());
            const Id memory(H5Tcreate(H5T_COMPOUND, size), H5Tclose);
            H5Tinsert(memory.get(), name.c_str(), 0, member.get());
            std::vector<char> buffer(size * rows);
            H5Dread(dataset.get(), memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data());
            auto& column = table.texts[name];
            for (hsize_t r = 0; r < rows; ++r) {
                const char* start = buffer.data() + r * size;
                column.emplace_back(start, strnlen(start, size));
            }
        } else {
            const Id memory(H5Tcreate(H5T_COMPOUND, sizeof(double)), H5Tclose);
            H5Tinsert(memory.get(), name.c_str(), 0, H5T_NATIVE_DOUBLE);
            auto& column = table.numbers[name];
            column.resize(rows);
            H5Dread(dataset.get(), memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, column.data());
        }
    }
    return table;
}

class ReplaySource final : public FrameSource {
public:
    explicit ReplaySource(const std::filesystem::path& file) : file_(file) {
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
        const engine::ResultFile result(file);
        const hid_t h5 = result.id();
        complete_ = H5Aexists(h5, "complete") > 0 && [&] {
            std::int64_t value = 0;
            const Id attribute(H5Aopen(h5, "complete", H5P_DEFAULT), H5Aclose);
            H5Aread(attribute.get(), H5T_NATIVE_INT64, &value);
            return value == 1;
        }();
        {
            const Id time(H5Dopen2(h5, "/time", H5P_DEFAULT), H5Dclose);
            if (!time.valid())
                throw std::runtime_error(
                    fmt::format("{}: no /time: not a tuntas result", file.string()));
            start_ = text_attribute(time.get(), "start");
            const Id space(H5Dget_space(time.get()), H5Sclose);
            hsize_t count = 0;
            H5Sget_simple_extent_dims(space.get(), &count, nullptr);
            times_.resize(count);
            if (count > 0)
                H5Dread(time.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                        times_.data());
        }
        std::vector<std::shared_ptr<Snapshot>> snapshots(times_.size());
        for (std::size_t k = 0; k < times_.size(); ++k) {
            snapshots[k] = std::make_shared<Snapshot>();
            snapshots[k]->time_s = times_[k];
        }
        if (H5Lexists(h5, "/series", H5P_DEFAULT) > 0) {
            const Id series(H5Gopen2(h5, "/series", H5P_DEFAULT), H5Gclose);
            for (const auto& group_name : children(series.get())) {
                const Id group(H5Gopen2(series.get(), group_name.c_str(), H5P_DEFAULT), H5Gclose);
                for (const auto& name : children(group.get())) {
                    const Id dataset(H5Dopen2(group.get(), name.c_str(), H5P_DEFAULT), H5Dclose);
                    const Id space(H5Dget_space(dataset.get()), H5Sclose);
                    hsize_t dims[2] = {0, 0};
                    H5Sget_simple_extent_dims(space.get(), dims, nullptr);
                    // A partial file's series may be a flush behind /time, or ahead: use the rows
                    // both have.
                    const hsize_t rows = std::min<hsize_t>(dims[0], times_.size());
                    std::vector<double> values(dims[0] * dims[1]);
                    if (!values.empty()) {
                        H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                                values.data());
                    }
                    for (hsize_t r = 0; r < rows; ++r) {
                        snapshots[r]->series[group_name + "/" + name].assign(
                            values.begin() + static_cast<std::ptrdiff_t>(r * dims[1]),
                            values.begin() + static_cast<std::ptrdiff_t>((r + 1) * dims[1]));
                    }
                    rows_ = rows_ == 0 ? rows : std::min(rows_, static_cast<std::size_t>(rows));
                }
            }
        }
        snapshots.resize(std::min(snapshots.size(), rows_ == 0 ? snapshots.size() : rows_));
        snapshots_.assign(snapshots.begin(), snapshots.end());
        std::map<std::string, Table> tables;
        if (H5Lexists(h5, "/static", H5P_DEFAULT) > 0) {
            const Id statics(H5Gopen2(h5, "/static", H5P_DEFAULT), H5Gclose);
            for (const auto& group_name : children(statics.get())) {
                const Id group(H5Gopen2(statics.get(), group_name.c_str(), H5P_DEFAULT), H5Gclose);
                for (const auto& name : children(group.get())) {
                    tables[group_name + "/" + name] =
                        read_table(h5, "/static/" + group_name + "/" + name);
                }
            }
        }
        scene_ = build_scene(tables);
        if (H5Lexists(h5, "/kpi", H5P_DEFAULT) > 0) {
            const Table kpi = read_table(h5, "/kpi");
            for (std::size_t k = 0; k < kpi.rows; ++k) {
                kpis_.push_back({kpi.text("name")[k], kpi.number("value")[k], kpi.text("unit")[k],
                                 kpi.text("description")[k]});
            }
        }
        duration_s_ = times_.empty() ? 0.0 : times_.back();
        if (H5Aexists(h5, "duration_s") > 0) {
            const Id attribute(H5Aopen(h5, "duration_s", H5P_DEFAULT), H5Aclose);
            H5Aread(attribute.get(), H5T_NATIVE_DOUBLE, &duration_s_);
        }
    }

    [[nodiscard]] const Scene& scene() const override { return scene_; }
    [[nodiscard]] bool ready() const override { return true; }
    [[nodiscard]] std::size_t samples() const override { return snapshots_.size(); }
    [[nodiscard]] std::shared_ptr<const Snapshot> snapshot(std::size_t index) const override {
        return snapshots_.at(index);
    }
    [[nodiscard]] std::vector<engine::Kpi> kpis() const override { return kpis_; }
    [[nodiscard]] std::string start() const override { return start_; }
    [[nodiscard]] double duration_s() const override { return duration_s_; }
    [[nodiscard]] bool live() const override { return false; }
    [[nodiscard]] std::string describe() const override {
        return fmt::format("{} (replay{})", file_.filename().string(),
                           complete_ ? "" : ", incomplete run");
    }

private:
    std::filesystem::path file_;
    bool complete_{false};
    std::string start_;
    std::vector<double> times_;
    std::size_t rows_{0};
    std::vector<std::shared_ptr<const Snapshot>> snapshots_;
    Scene scene_;
    std::vector<engine::Kpi> kpis_;
    double duration_s_{0.0};
};

}  // namespace

std::unique_ptr<FrameSource> open_replay(const std::filesystem::path& file) {
    return std::make_unique<ReplaySource>(file);
}

}  // namespace tuntas::viewer
