#include "engine/result_summary.hpp"

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

std::string read_text_attribute(hid_t attribute) {
    const hid_t type = H5Aget_type(attribute);
    const Closer type_closer{type, H5Tclose};
    const hid_t space = H5Aget_space(attribute);
    const Closer space_closer{space, H5Sclose};
    if (H5Sget_simple_extent_npoints(space) != 1) {
        // An array of strings (column units): join them.
        const auto n = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
        if (H5Tis_variable_str(type) <= 0) return {};
        std::vector<char*> values(n, nullptr);
        const hid_t memory = H5Tcopy(H5T_C_S1);
        H5Tset_size(memory, H5T_VARIABLE);
        H5Tset_cset(memory, H5Tget_cset(type));
        H5Aread(attribute, memory, values.data());
        std::string joined;
        for (std::size_t i = 0; i < n; ++i) {
            if (i > 0) joined += ", ";
            joined += values[i] != nullptr ? values[i] : "";
        }
        H5Dvlen_reclaim(memory, space, H5P_DEFAULT, values.data());
        H5Tclose(memory);
        return joined;
    }
    if (H5Tis_variable_str(type) > 0) {
        char* value = nullptr;
        const hid_t memory = H5Tcopy(H5T_C_S1);
        H5Tset_size(memory, H5T_VARIABLE);
        H5Tset_cset(memory, H5Tget_cset(type));
        H5Aread(attribute, memory, &value);
        std::string text = value != nullptr ? value : "";
        H5free_memory(value);
        H5Tclose(memory);
        return text;
    }
    std::string text(H5Tget_size(type), '\0');
    H5Aread(attribute, type, text.data());
    return text.substr(0, text.find('\0'));
}

std::string text_attribute(hid_t object, const char* name) {
    if (H5Aexists(object, name) <= 0) return {};
    const hid_t attribute = H5Aopen(object, name, H5P_DEFAULT);
    const Closer closer{attribute, H5Aclose};
    return read_text_attribute(attribute);
}

herr_t collect_attribute(hid_t object, const char* name, const H5A_info_t*, void* data) {
    auto& attributes = *static_cast<Attributes*>(data);
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
        attributes.text[name] = read_text_attribute(attribute);
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
    auto& datasets = *static_cast<std::vector<DatasetInfo>*>(data);
    const hid_t dataset = H5Dopen2(root, name, H5P_DEFAULT);
    const Closer closer{dataset, H5Dclose};
    DatasetInfo entry;
    entry.path = std::string("/") + name;
    const hid_t space = H5Dget_space(dataset);
    const Closer space_closer{space, H5Sclose};
    const int rank = H5Sget_simple_extent_ndims(space);
    std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
    H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    entry.shape.assign(dims.begin(), dims.end());
    const hid_t type = H5Dget_type(dataset);
    const Closer type_closer{type, H5Tclose};
    entry.type = type_text(type);
    entry.units = text_attribute(dataset, "units");
    if (entry.units.empty()) entry.units = text_attribute(dataset, "column_units");
    entry.description = text_attribute(dataset, "description");
    datasets.push_back(std::move(entry));
    return 0;
}

}  // namespace

ResultSummary read_result_summary(const std::filesystem::path& file) {
    const ResultFile result(file);
    const hid_t handle = result.id();

    ResultSummary summary;
    summary.file = file;
    hsize_t index = 0;
    H5Aiterate2(handle, H5_INDEX_NAME, H5_ITER_INC, &index, collect_attribute, &summary.attributes);
    const auto complete = summary.attributes.integers.find("complete");
    summary.complete = complete != summary.attributes.integers.end() && complete->second == 1;
    H5Ovisit(handle, H5_INDEX_NAME, H5_ITER_INC, collect_dataset, &summary.datasets);
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
