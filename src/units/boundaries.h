// Commune boundaries: which 2025 commune a point on the map lies in, for reports that come with
// only a pin (Open311 lat/long without address_id, the web form's map). Read from a GeoJSON
// FeatureCollection (RFC 7946: positions are [longitude, latitude]) whose features carry the
// commune code in "id" or in properties "code" / "ma_xa" / "ma".
#pragma once

#include <functional>
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
  size_t feature = 0;    // its place in the file read, from 1 (for the import's report)
  std::string geometry;  // the GeoJSON geometry as text, as stored
  std::vector<Polygon> polygons;
  double min_lat = 0, max_lat = 0, min_lon = 0, max_lon = 0;
};

struct BoundaryFile {
  std::vector<Boundary> boundaries;
  std::vector<std::string> rejected;  // "feature 12: reason"
};

// A box of latitudes and longitudes, in degrees.
struct Extent {
  double min_lat = 0, max_lat = 0, min_lon = 0, max_lon = 0;
};
// Vietnam's mainland and near coast, as reports are placed (feedback) and for alerts' shapes
// when the province's boundaries are not imported.
inline constexpr Extent kVietnamExtent{8, 24, 102, 110};

// Reads a FeatureCollection. Features without a usable code or geometry are listed in
// `rejected`; a text that is not a FeatureCollection at all throws Error(bad_input).
BoundaryFile parse_boundaries(std::string_view geojson);
// Keeps only what one province may import: a code that `province_of` does not place in
// `province` (another province's commune, or no 2025 commune at all: none), and every copy
// of a code the file gives more than once (which of them is right cannot be known), move to
// `rejected`, one line per feature ("feature 12: 04252: …").
void keep_province_communes(
    BoundaryFile& file, std::string_view province,
    const std::function<std::optional<std::string>(const std::string& code)>& province_of);
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
  // The box around every boundary; none when there is none.
  std::optional<Extent> extent() const;
  // The commune's boundary as stored (a GeoJSON geometry); none when it has none.
  std::optional<std::string> geometry(std::string_view code) const;

 private:
  std::vector<Boundary> boundaries_;
};

}  // namespace cds::units
