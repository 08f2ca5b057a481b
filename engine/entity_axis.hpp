#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace tuntas::engine {

/// The entities a series has one value each for, as a named axis: the dimension's name ("link")
/// and a label per entity, in the series' column order (the link's road name). The HDF5
/// recorder stores it as a dimension scale beside the series (/series/<group>/<name>), so h5py,
/// xarray and netCDF tools label the series' columns; the series of a group that name the same
/// axis share one scale. Labels need not be unique (a road has links both ways).
struct EntityAxis {
    std::string name;                 ///< the dimension, e.g. "link", "zone", "sector"
    std::vector<std::string> labels;  ///< one per entity
};

/// The axis `name` of `count` entities, entity i labelled label(i) (a std::string).
template <class Label>
[[nodiscard]] std::shared_ptr<const EntityAxis> make_axis(std::string name, std::size_t count,
                                                          const Label& label) {
    auto axis = std::make_shared<EntityAxis>();
    axis->name = std::move(name);
    axis->labels.reserve(count);
    for (std::size_t i = 0; i < count; ++i) axis->labels.emplace_back(label(i));
    return axis;
}

}  // namespace tuntas::engine
