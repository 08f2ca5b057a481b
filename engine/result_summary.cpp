#include "engine/result_summary.hpp"

#include <algorithm>
#include <cstring>
#include <optional>

#include <fmt/format.h>
#include <hdf5.h>

#include "engine/error.hpp"
#include "engine/result_file.hpp"

namespace tuntas::engine {
namespace {

struct Closer {
    hid_t id;
    herr_t (*close)(hid_t);
    ~Closer() {
        if (id >= 0) close(id);
    }
};

/// What the HDF5 callbacks collect, and the first attribute they would not read.
struct Visit {
    Attributes* attributes{nullptr};
    std::vector<DatasetInfo>* datasets{nullptr};
    haddr_t time_address{HADDR_UNDEF};  ///< /time's, which each series group links as `time`
    std::string refused;                ///< "PATH attribute NAME" of a variable-length text
};

/// The text of a fixed-length string attribute (an array's values joined by ", "). A
/// variable-length one is not read: tuntas writes none, and reading one follows a pointer into
/// the file's global heap, which libhdf5 1.10 does not check (a damaged heap crashes it).
std::optional<std::string> read_text_attribute(hid_t attribute) {
    const hid_t type = H5Aget_type(attribute);
    const Closer type_closer{type, H5Tclose};
    if (H5Tis_variable_str(type) != 0) return std::nullopt;
    const hid_t space = H5Aget_space(attribute);
    const Closer space_closer{space, H5Sclose};
    const hssize_t count = H5Sget_simple_extent_npoints(space);
    const std::size_t width = H5Tget_size(type);
    if (count < 0 || width == 0) return std::nullopt;
    std::vector<char> buffer(std::max<std::size_t>(width * static_cast<std::size_t>(count), 1));
    if (count > 0 && H5Aread(attribute, type, buffer.data()) < 0) return std::nullopt;
    std::string joined;
    for (std::size_t i = 0; i < static_cast<std::size_t>(count); ++i) {
        if (i > 0) joined += ", ";
        const char* start = buffer.data() + i * width;
        joined.append(start, strnlen(start, width));
    }
    return joined;
}

std::string text_attribute(hid_t object, const char* name, const std::string& path, Visit& visit) {
    if (H5Aexists(object, name) <= 0) return {};
    const hid_t attribute = H5Aopen(object, name, H5P_DEFAULT);
    const Closer closer{attribute, H5Aclose};
    auto text = read_text_attribute(attribute);
    if (!text && visit.refused.empty()) visit.refused = path + " attribute " + name;
    return text.value_or("");
}

herr_t collect_attribute(hid_t object, const char* name, const H5A_info_t*, void* data) {
    auto& visit = *static_cast<Visit*>(data);
    auto& attributes = *visit.attributes;
    const hid_t attribute = H5Aopen(object, name, H5P_DEFAULT);
    const Closer closer{attribute, H5Aclose};
    const hid_t type = H5Aget_type(attribute);
    const Closer type_closer{type, H5Tclose};
    switch (H5Tget_class(type)) {
    case H5T_INTEGER: {
        std::int64_t value = 0;
        H5Aread(attribute, H5T_NATIVE_INT64, &value);
        attributes.integers[name] = value;
        break;
    }
    case H5T_FLOAT: {
        double value = 0.0;
        H5Aread(attribute, H5T_NATIVE_DOUBLE, &value);
        attributes.reals[name] = value;
        break;
    }
    case H5T_STRING:
        if (auto text = read_text_attribute(attribute)) {
            attributes.text[name] = std::move(*text);
        } else if (visit.refused.empty()) {
            visit.refused = std::string("/ attribute ") + name;
        }
        break;
    default:
        break;
    }
    return 0;
}

std::string type_text(hid_t type) {
    switch (H5Tget_class(type)) {
    case H5T_INTEGER:
        return fmt::format("int{}", 8 * H5Tget_size(type));
    case H5T_FLOAT:
        return fmt::format("float{}", 8 * H5Tget_size(type));
    case H5T_STRING:
        return "string";
    case H5T_COMPOUND: {
        std::string fields;
        const int members = H5Tget_nmembers(type);
        for (int m = 0; m < members; ++m) {
            char* name = H5Tget_member_name(type, static_cast<unsigned>(m));
            const hid_t member = H5Tget_member_type(type, static_cast<unsigned>(m));
            if (m > 0) fields += ", ";
            fields += name;
            fields += ':';
            fields += type_text(member);
            H5Tclose(member);
            H5free_memory(name);
        }
        return "compound(" + fields + ")";
    }
    default:
        return "other";
    }
}

herr_t collect_dataset(hid_t root, const char* name, const H5O_info_t* info, void* data) {
    if (info->type != H5O_TYPE_DATASET) return 0;
    auto& visit = *static_cast<Visit*>(data);
    auto& datasets = *visit.datasets;
    const hid_t dataset = H5Dopen2(root, name, H5P_DEFAULT);
    const Closer closer{dataset, H5Dclose};
    DatasetInfo entry;
    // H5Ovisit reports an object once, under the first of its names: /time by its own.
    entry.path = info->addr == visit.time_address ? std::string("/time") : std::string("/") + name;
    const hid_t space = H5Dget_space(dataset);
    const Closer space_closer{space, H5Sclose};
    const int rank = H5Sget_simple_extent_ndims(space);
    std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
    H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    entry.shape.assign(dims.begin(), dims.end());
    const hid_t type = H5Dget_type(dataset);
    const Closer type_closer{type, H5Tclose};
    entry.type = type_text(type);
    entry.units = text_attribute(dataset, "units", entry.path, visit);
    if (entry.units.empty())
        entry.units = text_attribute(dataset, "column_units", entry.path, visit);
    entry.description = text_attribute(dataset, "description", entry.path, visit);
    datasets.push_back(std::move(entry));
    return 0;
}

}  // namespace

ResultSummary read_result_summary(const std::filesystem::path& file) {
    const ResultFile result(file);
    const hid_t handle = result.id();

    ResultSummary summary;
    summary.file = file;
    Visit visit{.attributes = &summary.attributes, .datasets = &summary.datasets, .refused = {}};
    if (H5Oexists_by_name(handle, "/time", H5P_DEFAULT) > 0) {
        H5O_info_t time_info;
        if (H5Oget_info_by_name2(handle, "/time", &time_info, H5O_INFO_BASIC, H5P_DEFAULT) >= 0)
            visit.time_address = time_info.addr;
    }
    hsize_t index = 0;
    H5Aiterate2(handle, H5_INDEX_NAME, H5_ITER_INC, &index, collect_attribute, &visit);
    const auto complete = summary.attributes.integers.find("complete");
    summary.complete = complete != summary.attributes.integers.end() && complete->second == 1;
    H5Ovisit(handle, H5_INDEX_NAME, H5_ITER_INC, collect_dataset, &visit);
    std::sort(summary.datasets.begin(), summary.datasets.end(),
              [](const DatasetInfo& a, const DatasetInfo& b) { return a.path < b.path; });
    if (!visit.refused.empty()) throw variable_length_text(file, visit.refused);
    if (result.has("/kpi")) {
        const ColumnTable kpis = result.read_table("/kpi");
        for (const char* column : {"name", "value", "unit", "description"}) {
            if (kpis.numbers.contains(column) || kpis.texts.contains(column)) continue;
            throw DamagedFile(fmt::format("{}: /kpi has no column '{}'", file.string(), column));
        }
        for (std::size_t k = 0; k < kpis.rows; ++k) {
            summary.kpis.push_back({kpis.text("name")[k], kpis.number("value")[k],
                                    kpis.text("unit")[k], kpis.text("description")[k]});
        }
    }
    return summary;
}

}  // namespace tuntas::engine
