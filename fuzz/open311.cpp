// Open311 POST requests.json on any body: the form as the server reads it (http::form_body),
// then feedback::forms::report_from_open311 with Lào Cai's 2025 communes from data/units.
// Nothing may crash; only cds::Error bad_input leaves (the specification's 400); a report read
// has its service_code, both coordinates or neither (finite), a commune that is address_id as
// given or the one commune the address names, or else a pin; every attribute comes from an
// attribute[code] field; every text passes the input rule.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/text.h"
#include "feedback/forms.h"
#include "fuzz.h"
#include "http/body.h"
#include "units/importer.h"

namespace http = cds::http;
namespace text = cds::text;
namespace units = cds::units;
using cds::fuzz::accepted_as_is;

namespace {

constexpr const char* kProvince = "15";

const std::vector<units::Unit>& communes() {
  static const std::vector<units::Unit> all = [] {
    auto data = units::read_unit_files(std::filesystem::path(CDS_SOURCE_DIR) / "data" / "units");
    std::vector<units::Unit> out;
    for (auto& u : data.units)
      if (u.generation == units::kGeneration2025 && u.parent_code == kProvince)
        out.push_back(std::move(u));
    return out;
  }();
  return all;
}

void check_report(const http::Form& form, const cds::feedback::NewReport& n) {
  CHECK(n.source == "open311");
  CHECK(!n.category_code.empty() && n.category_code == form.get("service_code"));
  for (const auto* s : {&n.category_code, &n.description, &n.unit_code, &n.address_text})
    CHECK(accepted_as_is(*s));
  CHECK(n.lat.has_value() == n.lon.has_value());
  if (n.lat) CHECK(std::isfinite(*n.lat) && std::isfinite(*n.lon));
  CHECK(!n.unit_code.empty() || n.lat);
  if (!form.get("address_id").empty()) {
    CHECK(n.unit_code == form.get("address_id"));
  } else if (!n.unit_code.empty()) {
    // Named by the address: one of the province's communes, and the only one it names.
    std::string folded = text::fold(n.address_text);
    size_t named = 0;
    bool ours = false;
    for (const auto& u : communes()) {
      if (folded.find(u.name_folded) != std::string::npos) ++named;
      ours = ours || u.code == n.unit_code;
    }
    CHECK(ours && named == 1);
  }
  for (const auto& [code, value] : n.attributes) {
    CHECK(!code.empty() && accepted_as_is(code) && accepted_as_is(value));
    bool given = false;
    for (const auto& [name, v] : form.fields)
      given = given || (name.starts_with("attribute[" + code + "]") && v == value);
    CHECK(given);
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  if (communes().empty()) std::abort();  // data/units is missing: nothing would be checked
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  http::Request req;
  req.raw.method(http::Verb::post);
  req.raw.target("/open311/v2/requests.json");
  req.raw.set("Content-Type", "application/x-www-form-urlencoded");
  req.raw.body().assign(reinterpret_cast<const char*>(data), size);
  try {
    http::Form form = http::form_body(req);
    for (const auto& [k, v] : form.fields) CHECK(accepted_as_is(k) && accepted_as_is(v));
    check_report(form, cds::feedback::forms::report_from_open311(form, communes()));
  } catch (const cds::Error& e) {
    CHECK(e.kind == cds::ErrorKind::bad_input);
  }
  return 0;
}
