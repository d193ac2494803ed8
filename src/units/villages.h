// Villages (thôn, bản, tổ dân phố): the level below a 2025 commune. Their list comes from the
// commune as CSV (commune_code,name,kind), read and checked here without the database; the
// service applies a list only when every line of it is good.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "units/model.h"

namespace cds::units {

inline constexpr std::string_view kVillageLevel = "village";
// The kinds, as stored; named in the catalogue as "village.kind.<kind>".
inline constexpr std::string_view kVillageKinds[] = {"thon", "ban", "to_dan_pho"};

struct Village {
  int64_t id = 0;
  std::string code;  // "<commune code>.<id>": the village as a unit
  std::string commune_code, name, kind, name_folded;
  bool has_boundary = false;
};

// "04252.17" for village 17 of commune 04252.
std::string village_code(std::string_view commune_code, int64_t id);
// The id in a village's code; none when the code is not one.
std::optional<int64_t> village_id_of(std::string_view code);
// The village as a unit of 2025 (level "village", its commune as parent).
Unit as_unit(const Village& v);

// The stored kind for what a list or a form says: the stored word itself, or the Vietnamese
// name with or without tone marks ("thôn", "Bản", "to dan pho"); none otherwise.
std::optional<std::string> parse_village_kind(std::string_view given);
// A name as stored: the input rule, NFC, spaces trimmed and collapsed; none when it breaks the
// rule, is empty or longer than 120 characters.
std::optional<std::string> village_name(std::string_view given);

// The folded name without its kind word: "thon khe lech" → "khe lech".
std::string bare_village_name(std::string_view folded);

struct VillageLine {
  size_t line = 0;  // where it starts in the file, from 1
  std::string commune_code, name, kind, name_folded;
};
struct VillageList {
  std::vector<VillageLine> lines;     // the good lines
  std::vector<std::string> rejected;  // "line 12: reason"
};

// Reads the list. A line is rejected for a commune that `is_commune` does not know, an empty or
// unusable name, an unknown kind, or a name given twice for one commune. Throws Error bad_input
// "bad_csv" when the text is not CSV or lacks the three columns.
VillageList read_village_list(std::string_view csv_text,
                              const std::function<bool(const std::string&)>& is_commune);

// Villages' boundaries from a GeoJSON FeatureCollection: each feature names its village by
// properties commune_code (or ma_xa) and name (or ten), tone marks and case aside, or by its
// code ("02947.1") in id or properties code; its geometry a Polygon or MultiPolygon of closed
// rings. Features without these are listed in `rejected` ("feature 3: …"); a text that is not a
// FeatureCollection throws Error bad_input "bad_geojson".
struct VillageShape {
  size_t feature = 0;  // its place in the file, from 1
  std::string code;    // when the feature gives it
  std::string commune_code, name_folded;
  std::string geometry;  // the GeoJSON geometry as text
};
struct VillageShapes {
  std::vector<VillageShape> shapes;
  std::vector<std::string> rejected;
};
VillageShapes read_village_shapes(std::string_view geojson);

}  // namespace cds::units
