#include "units/boundaries.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <limits>
#include <map>

#include "core/error.h"
#include "units/importer.h"

namespace cds::units {
namespace json = boost::json;

namespace {

std::optional<double> number(const json::value& v) {
  if (v.is_double()) return v.as_double();
  if (v.is_int64()) return static_cast<double>(v.as_int64());
  if (v.is_uint64()) return static_cast<double>(v.as_uint64());
  return std::nullopt;
}

// A ring: at least four [lon, lat] positions, first equal to last, all on the globe.
bool parse_ring(const json::value& v, Ring& ring) {
  if (!v.is_array() || v.as_array().size() < 4) return false;
  for (const auto& position : v.as_array()) {
    if (!position.is_array() || position.as_array().size() < 2) return false;
    auto lon = number(position.as_array()[0]), lat = number(position.as_array()[1]);
    if (!lon || !lat || !std::isfinite(*lon) || !std::isfinite(*lat) || std::abs(*lat) > 90 ||
        std::abs(*lon) > 180)
      return false;
    ring.emplace_back(*lon, *lat);
  }
  return ring.front() == ring.back();
}

bool parse_polygon(const json::value& v, Polygon& polygon) {
  if (!v.is_array() || v.as_array().empty()) return false;
  for (const auto& r : v.as_array()) {
    Ring ring;
    if (!parse_ring(r, ring)) return false;
    polygon.push_back(std::move(ring));
  }
  return true;
}

bool read_geometry(const json::value& geometry, Boundary& out) {
  if (!geometry.is_object()) return false;
  const auto& g = geometry.as_object();
  auto type = g.find("type");
  auto coordinates = g.find("coordinates");
  if (type == g.end() || coordinates == g.end() || !type->value().is_string()) return false;
  out.polygons.clear();
  if (type->value() == "Polygon") {
    Polygon p;
    if (!parse_polygon(coordinates->value(), p)) return false;
    out.polygons.push_back(std::move(p));
  } else if (type->value() == "MultiPolygon") {
    if (!coordinates->value().is_array() || coordinates->value().as_array().empty()) return false;
    for (const auto& each : coordinates->value().as_array()) {
      Polygon p;
      if (!parse_polygon(each, p)) return false;
      out.polygons.push_back(std::move(p));
    }
  } else {
    return false;
  }
  out.min_lat = out.min_lon = std::numeric_limits<double>::infinity();
  out.max_lat = out.max_lon = -std::numeric_limits<double>::infinity();
  for (const auto& p : out.polygons)
    for (const auto& [lon, lat] : p.front()) {
      out.min_lat = std::min(out.min_lat, lat);
      out.max_lat = std::max(out.max_lat, lat);
      out.min_lon = std::min(out.min_lon, lon);
      out.max_lon = std::max(out.max_lon, lon);
    }
  return true;
}

std::string feature_code(const json::object& feature) {
  auto text = [](const json::value& v) -> std::string {
    if (v.is_string()) return std::string(v.as_string());
    if (v.is_int64()) return std::to_string(v.as_int64());
    return "";
  };
  if (auto id = feature.find("id"); id != feature.end()) {
    if (auto code = text(id->value()); !code.empty()) return normalise_code(code, "commune");
  }
  auto props = feature.find("properties");
  if (props == feature.end() || !props->value().is_object()) return "";
  for (const char* key : {"code", "ma_xa", "ma"})
    if (auto it = props->value().as_object().find(key); it != props->value().as_object().end())
      if (auto code = text(it->value()); !code.empty()) return normalise_code(code, "commune");
  return "";
}

// Even-odd ray casting towards +longitude.
bool in_ring(const Ring& ring, double lat, double lon) {
  bool inside = false;
  for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    auto [xi, yi] = ring[i];
    auto [xj, yj] = ring[j];
    if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

}  // namespace

bool parse_geometry(std::string_view geometry_json, Boundary& out) {
  boost::system::error_code ec;
  auto v = json::parse(geometry_json, ec);
  return !ec && read_geometry(v, out);
}

BoundaryFile parse_boundaries(std::string_view geojson) {
  boost::system::error_code ec;
  auto doc = json::parse(geojson, ec);
  if (ec || !doc.is_object() || doc.as_object().if_contains("type") == nullptr ||
      *doc.as_object().if_contains("type") != "FeatureCollection" ||
      !doc.as_object().if_contains("features") ||
      !doc.as_object().if_contains("features")->is_array())
    throw Error(ErrorKind::bad_input, "bad_geojson", "Expected a GeoJSON FeatureCollection");
  BoundaryFile out;
  size_t n = 0;
  for (const auto& f : doc.as_object().at("features").as_array()) {
    ++n;
    std::string where = "feature " + std::to_string(n) + ": ";
    if (!f.is_object()) {
      out.rejected.push_back(where + "not an object");
      continue;
    }
    Boundary b;
    b.code = feature_code(f.as_object());
    if (b.code.empty()) {
      out.rejected.push_back(where + "no commune code (id, or properties code / ma_xa / ma)");
      continue;
    }
    auto geometry = f.as_object().find("geometry");
    if (geometry == f.as_object().end() || !read_geometry(geometry->value(), b)) {
      out.rejected.push_back(where + b.code +
                             ": geometry must be a Polygon or MultiPolygon of closed rings");
      continue;
    }
    b.geometry = json::serialize(geometry->value());
    b.feature = n;
    out.boundaries.push_back(std::move(b));
  }
  return out;
}

void keep_province_communes(
    BoundaryFile& file, std::string_view province,
    const std::function<std::optional<std::string>(const std::string& code)>& province_of) {
  std::map<std::string, size_t> copies;
  for (const auto& b : file.boundaries) ++copies[b.code];
  std::vector<Boundary> kept;
  for (auto& b : file.boundaries) {
    std::string where = "feature " + std::to_string(b.feature) + ": " + b.code + ": ";
    auto of = province_of(b.code);
    if (!of)
      file.rejected.push_back(where + "not a 2025 commune or ward");
    else if (*of != province)
      file.rejected.push_back(where + "a commune of province " + *of + ", not of " +
                              std::string(province));
    else if (size_t n = copies[b.code]; n > 1)
      file.rejected.push_back(where + "the code is given " + std::to_string(n) +
                              " times in the file; no copy is kept");
    else
      kept.push_back(std::move(b));
  }
  file.boundaries = std::move(kept);
}

bool contains(const Boundary& b, double lat, double lon) {
  if (lat < b.min_lat || lat > b.max_lat || lon < b.min_lon || lon > b.max_lon) return false;
  for (const auto& polygon : b.polygons) {
    if (!in_ring(polygon.front(), lat, lon)) continue;
    bool in_hole = std::any_of(polygon.begin() + 1, polygon.end(),
                               [&](const Ring& hole) { return in_ring(hole, lat, lon); });
    if (!in_hole) return true;
  }
  return false;
}

BoundaryIndex::BoundaryIndex(std::vector<Boundary> boundaries)
    : boundaries_(std::move(boundaries)) {
  std::sort(boundaries_.begin(), boundaries_.end(),
            [](const Boundary& a, const Boundary& b) { return a.code < b.code; });
}

std::optional<Extent> BoundaryIndex::extent() const {
  if (boundaries_.empty()) return std::nullopt;
  Extent e = {boundaries_.front().min_lat, boundaries_.front().max_lat, boundaries_.front().min_lon,
              boundaries_.front().max_lon};
  for (const auto& b : boundaries_) {
    e.min_lat = std::min(e.min_lat, b.min_lat);
    e.max_lat = std::max(e.max_lat, b.max_lat);
    e.min_lon = std::min(e.min_lon, b.min_lon);
    e.max_lon = std::max(e.max_lon, b.max_lon);
  }
  return e;
}

std::optional<std::string> BoundaryIndex::locate(double lat, double lon) const {
  for (const auto& b : boundaries_)
    if (contains(b, lat, lon)) return b.code;
  return std::nullopt;
}

std::optional<std::string> BoundaryIndex::geometry(std::string_view code) const {
  for (const auto& b : boundaries_)
    if (b.code == code) return b.geometry;
  return std::nullopt;
}

}  // namespace cds::units
