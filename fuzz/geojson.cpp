// Commune boundaries from GeoJSON (units/boundaries.h, `congdanso units boundaries --import`) on
// any bytes: parse_boundaries, keep_province_communes, then the index that places reports.
// Nothing may crash; only cds::Error bad_input refuses a file; each boundary kept has a 5-digit
// code, rings of at least four finite positions on the globe that close, the box of its outer
// rings, and a stored geometry that reads back as the same polygons (what a restart loads);
// the province's filter keeps only its own communes, each once, and accounts for every one it
// drops; the index finds, for a point, the lowest code whose boundary contains it, and its
// extent holds every boundary.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "fuzz.h"
#include "units/boundaries.h"

namespace units = cds::units;

namespace {

constexpr const char* kProvince = "15";

// A stand-in for the unit index: codes ending in 9 are no commune, codes from 50000 lie in
// another province.
std::optional<std::string> province_of(const std::string& code) {
  if (code.ends_with('9')) return std::nullopt;
  return code < "50000" ? kProvince : "01";
}

// Boost.JSON 1.81 reads a double it wrote back to within a bit of the last place.
bool close(double a, double b) {
  return a == b || std::abs(a - b) <= 1e-12 * std::max(std::abs(a), std::abs(b));
}

void check_boundary(const units::Boundary& b) {
  CHECK(b.code.size() == 5 && b.code.find_first_not_of("0123456789") == std::string::npos);
  CHECK(!b.polygons.empty());
  double min_lat = std::numeric_limits<double>::infinity(), max_lat = -min_lat;
  double min_lon = min_lat, max_lon = -min_lat;
  for (const auto& polygon : b.polygons) {
    CHECK(!polygon.empty());
    for (const auto& ring : polygon) {
      CHECK(ring.size() >= 4 && ring.front() == ring.back());
      for (const auto& [lon, lat] : ring)
        CHECK(std::isfinite(lat) && std::isfinite(lon) && std::abs(lat) <= 90 &&
              std::abs(lon) <= 180);
    }
    for (const auto& [lon, lat] : polygon.front()) {
      min_lat = std::min(min_lat, lat), max_lat = std::max(max_lat, lat);
      min_lon = std::min(min_lon, lon), max_lon = std::max(max_lon, lon);
    }
  }
  CHECK(b.min_lat == min_lat && b.max_lat == max_lat && b.min_lon == min_lon &&
        b.max_lon == max_lon);
  units::Boundary again;
  CHECK(units::parse_geometry(b.geometry, again));
  CHECK(again.polygons.size() == b.polygons.size());
  for (size_t p = 0; p < b.polygons.size(); ++p) {
    CHECK(again.polygons[p].size() == b.polygons[p].size());
    for (size_t r = 0; r < b.polygons[p].size(); ++r) {
      const auto &x = b.polygons[p][r], &y = again.polygons[p][r];
      CHECK(x.size() == y.size());
      for (size_t i = 0; i < x.size(); ++i)
        CHECK(close(x[i].first, y[i].first) && close(x[i].second, y[i].second));
    }
  }
}

void check_index(const std::vector<units::Boundary>& kept) {
  units::BoundaryIndex index(kept);
  CHECK(index.size() == kept.size());
  auto extent = index.extent();
  CHECK(extent.has_value() == !kept.empty());
  for (const auto& b : kept) {
    CHECK(extent->min_lat <= b.min_lat && extent->max_lat >= b.max_lat &&
          extent->min_lon <= b.min_lon && extent->max_lon >= b.max_lon);
    CHECK(index.geometry(b.code) == b.geometry);
    const auto& first = b.polygons.front().front();
    for (auto [lat, lon] : {std::pair{(b.min_lat + b.max_lat) / 2, (b.min_lon + b.max_lon) / 2},
                            std::pair{first[1].second, first[1].first}}) {
      std::optional<std::string> lowest;
      for (const auto& other : kept)
        if (units::contains(other, lat, lon) && (!lowest || other.code < *lowest))
          lowest = other.code;
      CHECK(index.locate(lat, lon) == lowest);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  units::BoundaryFile file;
  try {
    file = units::parse_boundaries(in);
  } catch (const cds::Error& e) {
    CHECK(e.kind == cds::ErrorKind::bad_input);
    return 0;
  }
  size_t last = 0;
  for (const auto& b : file.boundaries) {
    CHECK(b.feature > last);
    last = b.feature;
    check_boundary(b);
  }
  size_t before = file.boundaries.size(), rejected = file.rejected.size();
  units::keep_province_communes(file, kProvince, province_of);
  CHECK(file.boundaries.size() + file.rejected.size() == before + rejected);
  std::map<std::string, int> codes;
  for (const auto& b : file.boundaries) {
    CHECK(province_of(b.code) == std::optional<std::string>(kProvince));
    CHECK(++codes[b.code] == 1);
  }
  check_index(file.boundaries);
  return 0;
}
