// Villages' boundaries (units::read_village_shapes) on any text: nothing may crash; a text that
// is not a FeatureCollection is refused whole as cds::Error bad_geojson; every feature is kept
// or named in the report, once; a kept one names a village (a village's code, or a commune and
// a folded name of plain text) and carries a geometry that parses as a Polygon or
// MultiPolygon again.
#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/text.h"
#include "fuzz.h"
#include "units/boundaries.h"
#include "units/villages.h"

namespace units = cds::units;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  units::VillageShapes file;
  try {
    file = units::read_village_shapes(input);
  } catch (const cds::Error& e) {
    CHECK(e.code == "bad_geojson");
    return 0;
  }
  boost::json::value doc = boost::json::parse(input);
  size_t features = doc.as_object().at("features").as_array().size();
  CHECK(file.shapes.size() + file.rejected.size() == features);
  size_t last = 0;
  for (const auto& s : file.shapes) {
    CHECK(s.feature > last && s.feature <= features);
    last = s.feature;
    CHECK(units::village_id_of(s.code) || (!s.commune_code.empty() && !s.name_folded.empty()));
    // The folded name is a search key (no tone marks, a Hangul syllable as its letters): only
    // text, never a control or direction character.
    CHECK(s.name_folded.empty() ||
          (cds::text::is_valid_utf8(s.name_folded) && cds::text::accepted_input(s.name_folded)));
    units::Boundary again;
    CHECK(units::parse_geometry(s.geometry, again));
  }
  for (const auto& r : file.rejected) CHECK(r.rfind("feature ", 0) == 0);
  return 0;
}
