// Villages read and checked without the database (villages.h).
#include "units/villages.h"

#include <boost/json.hpp>
#include <map>
#include <set>

#include "core/csv.h"
#include "core/error.h"
#include "core/text.h"
#include "units/boundaries.h"

namespace cds::units {

namespace {
constexpr size_t kMaxNameChars = 120;

std::string collapsed(std::string_view s) {
  std::string out;
  for (const auto& w : text::split_words(text::trim(s))) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}
}  // namespace

std::string village_code(std::string_view commune_code, int64_t id) {
  return std::string(commune_code) + "." + std::to_string(id);
}

std::optional<int64_t> village_id_of(std::string_view code) {
  auto dot = code.find('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  for (char ch : code.substr(0, dot))
    if (ch < '0' || ch > '9') return std::nullopt;
  auto id = text::parse_int(code.substr(dot + 1));
  if (!id || *id == 0) return std::nullopt;
  return id;
}

Unit as_unit(const Village& v) {
  return Unit{kGeneration2025,
              v.code,
              v.name,
              std::string(kVillageLevel),
              v.commune_code,
              v.name_folded,
              text::collation_key(v.name)};
}

std::optional<std::string> parse_village_kind(std::string_view given) {
  static const std::map<std::string, std::string, std::less<>> kNames = {
      {"thon", "thon"}, {"ban", "ban"}, {"to dan pho", "to_dan_pho"}, {"to_dan_pho", "to_dan_pho"}};
  auto it = kNames.find(text::fold(given));
  if (it == kNames.end()) return std::nullopt;
  return it->second;
}

std::string bare_village_name(std::string_view folded) {
  for (std::string_view kind : {"to dan pho ", "thon ", "ban ", "to "})
    if (folded.starts_with(kind) && folded.size() > kind.size())
      return std::string(folded.substr(kind.size()));
  return std::string(folded);
}

std::optional<std::string> village_name(std::string_view given) {
  auto accepted = text::accepted_input(given);
  if (!accepted) return std::nullopt;
  std::string name = collapsed(*accepted);
  if (name.empty() || text::char_count(name) > kMaxNameChars ||
      name.find_first_of("\t\r\n") != std::string::npos)
    return std::nullopt;
  return name;
}

VillageList read_village_list(std::string_view csv_text,
                              const std::function<bool(const std::string&)>& is_commune) {
  auto accepted = text::accepted_input(csv_text);
  if (!accepted)
    throw Error(ErrorKind::bad_input, "bad_csv",
                "The file is not UTF-8 text, or holds control characters");
  csv::Table table;
  try {
    table = csv::parse(*accepted);
  } catch (const std::exception& e) {
    throw Error(ErrorKind::bad_input, "bad_csv", e.what());
  }
  if (table.column("commune_code") < 0 || table.column("name") < 0 || table.column("kind") < 0)
    throw Error(ErrorKind::bad_input, "bad_csv", "Columns needed: commune_code,name,kind");
  VillageList out;
  std::map<std::pair<std::string, std::string>, size_t> seen;  // (commune, folded) → line
  for (size_t i = 0; i < table.rows.size(); ++i) {
    const auto& row = table.rows[i];
    size_t line = table.line_numbers[i];
    auto reject = [&](const std::string& why) {
      out.rejected.push_back("line " + std::to_string(line) + ": " + why);
    };
    std::string commune = text::trim(table.field(row, "commune_code"));
    auto name = village_name(table.field(row, "name"));
    auto kind = parse_village_kind(table.field(row, "kind"));
    if (!is_commune(commune)) {
      reject("commune_code " + commune + " is not a commune of the province");
      continue;
    }
    if (!name) {
      reject("the name is empty, longer than 120 characters or not plain text");
      continue;
    }
    if (!kind) {
      reject("kind must be thôn, bản or tổ dân phố");
      continue;
    }
    std::string folded = text::fold(*name);
    auto [it, fresh] = seen.emplace(std::make_pair(commune, folded), line);
    if (!fresh) {
      reject("the commune already has this village on line " + std::to_string(it->second));
      continue;
    }
    out.lines.push_back({line, commune, *name, *kind, folded});
  }
  return out;
}

namespace {
std::string string_of(const boost::json::object& o, std::initializer_list<const char*> keys) {
  for (const char* k : keys)
    if (const auto* v = o.if_contains(k)) {
      if (v->is_string()) return std::string(v->as_string());
      if (v->is_int64() && v->as_int64() >= 0) return std::to_string(v->as_int64());
    }
  return "";
}
}  // namespace

VillageShapes read_village_shapes(std::string_view geojson) {
  namespace json = boost::json;
  boost::system::error_code ec;
  auto doc = json::parse(geojson, ec);
  const json::object* root = !ec && doc.is_object() ? &doc.as_object() : nullptr;
  const json::value* features = root ? root->if_contains("features") : nullptr;
  if (!root || !root->if_contains("type") || *root->if_contains("type") != "FeatureCollection" ||
      !features || !features->is_array())
    throw Error(ErrorKind::bad_input, "bad_geojson", "Expected a GeoJSON FeatureCollection");
  VillageShapes out;
  size_t n = 0;
  for (const auto& f : features->as_array()) {
    std::string where = "feature " + std::to_string(++n) + ": ";
    const json::object* feature = f.is_object() ? &f.as_object() : nullptr;
    const json::value* props = feature ? feature->if_contains("properties") : nullptr;
    json::object none;
    const json::object& p = props && props->is_object() ? props->as_object() : none;
    VillageShape s;
    s.feature = n;
    if (feature) {
      s.code = string_of(*feature, {"id"});
      if (!village_id_of(s.code)) s.code = string_of(p, {"code"});
      if (!village_id_of(s.code)) s.code.clear();
    }
    s.commune_code = text::trim(string_of(p, {"commune_code", "ma_xa"}));
    if (auto name = village_name(string_of(p, {"name", "ten"}))) s.name_folded = text::fold(*name);
    if (!feature || (s.code.empty() && (s.commune_code.empty() || s.name_folded.empty()))) {
      out.rejected.push_back(where +
                             "names no village (properties commune_code and name, or a "
                             "village's code in id)");
      continue;
    }
    const json::value* geometry = feature->if_contains("geometry");
    Boundary check;
    if (!geometry || !parse_geometry(json::serialize(*geometry), check)) {
      out.rejected.push_back(where + "geometry must be a Polygon or MultiPolygon of closed rings");
      continue;
    }
    s.geometry = json::serialize(*geometry);
    out.shapes.push_back(std::move(s));
  }
  return out;
}

}  // namespace cds::units
