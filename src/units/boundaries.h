// Commune boundaries: which 2025 commune a point on the map lies in, for reports that come with
// only a pin (Open311 lat/long without address_id, the web form's map). Read from a GeoJSON
// FeatureCollection (RFC 7946: positions are [longitude, latitude]) whose features carry the
// commune code in "id" or in properties "code" / "ma_xa" / "ma".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cds::units {

using Ring = std::vector<std::pair<double, double>>;  // (lon, lat), closed
using Polygon = std::vector<Ring>;                    // outer ring, then holes

struct Boundary {
  std::string code;
  std::string geometry;  // the GeoJSON geometry as text, as stored
  std::vector<Polygon> polygons;
  double min_lat = 0, max_lat = 0, min_lon = 0, max_lon = 0;
};

struct BoundaryFile {
  std::vector<Boundary> boundaries;
  std::vector<std::string> rejected;  // "feature 12: reason"
};

// Reads a FeatureCollection. Features without a usable code or geometry are listed in
// `rejected`; a text that is not a FeatureCollection at all throws Error(bad_input).
BoundaryFile parse_boundaries(std::string_view geojson);
// Parses one stored geometry (Polygon or MultiPolygon); false when it is not one.
bool parse_geometry(std::string_view geometry_json, Boundary& out);

// Inside the outer ring and outside every hole of one of the polygons (even-odd rule).
bool contains(const Boundary& boundary, double lat, double lon);

// The boundaries of a province, searched by bounding box first.
class BoundaryIndex {
 public:
  BoundaryIndex() = default;
  explicit BoundaryIndex(std::vector<Boundary> boundaries);
  // The commune containing the point; on a shared border the lowest code, so the answer
  // never depends on the order of the file.
  std::optional<std::string> locate(double lat, double lon) const;
  size_t size() const { return boundaries_.size(); }

 private:
  std::vector<Boundary> boundaries_;
};

}  // namespace cds::units
