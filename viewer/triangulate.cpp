#include "viewer/triangulate.hpp"

#include <cstddef>

namespace tuntas::viewer {
namespace {

double cross(const MapPoint& o, const MapPoint& a, const MapPoint& b) {
    return static_cast<double>(a.x - o.x) * (b.y - o.y) -
           static_cast<double>(a.y - o.y) * (b.x - o.x);
}

bool inside(const MapPoint& p, const MapPoint& a, const MapPoint& b, const MapPoint& c) {
    return cross(a, b, p) >= 0.0 && cross(b, c, p) >= 0.0 && cross(c, a, p) >= 0.0;
}

}  // namespace

std::vector<MapPoint> triangulate(const std::vector<MapPoint>& ring) {
    std::vector<MapPoint> points = ring;
    if (points.size() > 1 && points.front().x == points.back().x &&
        points.front().y == points.back().y) {
        points.pop_back();  // GeoJSON rings repeat their first point
    }
    std::vector<MapPoint> triangles;
    if (points.size() < 3) return triangles;
    double area = 0.0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const auto& a = points[i];
        const auto& b = points[(i + 1) % points.size()];
        area += static_cast<double>(a.x) * b.y - static_cast<double>(b.x) * a.y;
    }
    std::vector<std::size_t> left(points.size());
    for (std::size_t i = 0; i < left.size(); ++i)
        left[i] = area >= 0.0 ? i : left.size() - 1 - i;  // CCW
    std::size_t guard = 0;
    while (left.size() > 3 && guard < 4 * points.size() * points.size()) {
        bool clipped = false;
        for (std::size_t i = 0; i < left.size(); ++i) {
            ++guard;
            const auto& a = points[left[(i + left.size() - 1) % left.size()]];
            const auto& b = points[left[i]];
            const auto& c = points[left[(i + 1) % left.size()]];
            if (cross(a, b, c) <= 0.0) continue;  // reflex: not an ear
            bool empty = true;
            for (const std::size_t k : left) {
                const auto& p = points[k];
                if (&p == &a || &p == &b || &p == &c) continue;
                if (inside(p, a, b, c)) {
                    empty = false;
                    break;
                }
            }
            if (!empty) continue;
            triangles.insert(triangles.end(), {a, b, c});
            left.erase(left.begin() + static_cast<std::ptrdiff_t>(i));
            clipped = true;
            break;
        }
        if (!clipped) break;  // not simple: leave the rest
    }
    if (left.size() == 3) {
        triangles.insert(triangles.end(), {points[left[0]], points[left[1]], points[left[2]]});
    }
    return triangles;
}

}  // namespace tuntas::viewer
