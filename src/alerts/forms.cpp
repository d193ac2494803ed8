#include "alerts/forms.h"

#include <boost/json.hpp>
#include <cmath>

#include "alerts/cap.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"

namespace cds::alerts {
namespace json = boost::json;

namespace {

constexpr const char* kTimeRule =
    "a time like 2026-11-29T08:00:00+07:00 (or 2026-11-29T08:00 in the form), years 1900–2200";

std::vector<std::string> strings(const json::object& body, std::string_view key) {
  std::vector<std::string> out;
  auto it = body.find(key);
  if (it == body.end()) return out;
  if (!it->value().is_array())
    throw Error(ErrorKind::bad_input, "bad_field", std::string(key) + " is a list of strings");
  for (const auto& v : it->value().as_array()) {
    if (!v.is_string())
      throw Error(ErrorKind::bad_input, "bad_field", std::string(key) + " is a list of strings");
    out.emplace_back(v.as_string());
  }
  return out;
}

// A JSON number that is finite (1e999 reads as infinity); `code` names the field otherwise.
double number(const json::value& v, const char* code) {
  double d = v.is_double()   ? v.as_double()
             : v.is_int64()  ? static_cast<double>(v.as_int64())
             : v.is_uint64() ? static_cast<double>(v.as_uint64())
                             : std::nan("");
  if (!std::isfinite(d)) throw Error(ErrorKind::bad_input, code, "a finite number is needed");
  return d;
}

std::optional<double> optional_number(const json::object& body, std::string_view key) {
  auto it = body.find(key);
  if (it == body.end() || it->value().is_null()) return std::nullopt;
  if (!it->value().is_number() || !std::isfinite(it->value().to_number<double>()))
    throw Error(ErrorKind::bad_input, "bad_location", std::string(key) + " is a number");
  return it->value().to_number<double>();
}

// Refused as soon as it is known, before any work on the points (validate says it again).
void check_point_count(size_t n) {
  if (n > kMaxPolygonPoints)
    throw Error(ErrorKind::bad_input, "bad_polygon",
                "a polygon has at most " + std::to_string(kMaxPolygonPoints) + " points");
}

// [[lat, lon], …] as given in the JSON body.
std::vector<Point> points(const json::object& body) {
  std::vector<Point> out;
  auto it = body.find("polygon");
  if (it == body.end() || it->value().is_null()) return out;
  if (!it->value().is_array()) throw Error(ErrorKind::bad_input, "bad_polygon", "[[lat, lon], …]");
  check_point_count(it->value().as_array().size());
  for (const auto& p : it->value().as_array()) {
    if (!p.is_array() || p.as_array().size() != 2)
      throw Error(ErrorKind::bad_input, "bad_polygon", "[[lat, lon], …]");
    out.push_back({number(p.as_array()[0], "bad_polygon"), number(p.as_array()[1], "bad_polygon")});
  }
  return out;
}

// "2026-11-29T18:00" (datetime-local, Vietnam time) → "2026-11-29T18:00:00+07:00"; a full
// RFC 3339 time as it is; "" stays "".
std::string form_time(const std::string& given) {
  if (given.size() == 16 && given[10] == 'T') return given + ":00+07:00";
  if (given.size() == 19 && given[10] == 'T') return given + "+07:00";
  return given;
}

// "lat,lon lat,lon …": the map's drawing, closed when its last point is not its first.
std::vector<Point> form_polygon(const std::string& given) {
  std::vector<Point> out;
  auto pairs = text::split_words(given);
  check_point_count(pairs.size());
  for (const auto& pair : pairs) {
    auto comma = pair.find(',');
    auto lat =
        comma == std::string::npos ? std::nullopt : text::parse_decimal(pair.substr(0, comma));
    auto lon =
        comma == std::string::npos ? std::nullopt : text::parse_decimal(pair.substr(comma + 1));
    if (!lat || !lon) throw Error(ErrorKind::bad_input, "bad_polygon", "lat,lon lat,lon …");
    out.push_back({*lat, *lon});
  }
  if (out.size() >= 3 && (out.front().lat != out.back().lat || out.front().lon != out.back().lon))
    out.push_back(out.front());
  return out;
}

// Each time is checked here, where its name is known, so that the refusal names it (the
// service then converts only times of the years core/time.h reads). "" is "not given".
bool time_or_nothing(const std::string& given) {
  return given.empty() || timeutil::parse_w3c(given).has_value();
}

void check_times(const Draft& d) {
  if (!time_or_nothing(d.effective))
    throw Error(ErrorKind::bad_input, "bad_effective", "effective: " + std::string(kTimeRule));
  if (!time_or_nothing(d.onset))
    throw Error(ErrorKind::bad_input, "bad_onset", "onset: " + std::string(kTimeRule));
  if (!time_or_nothing(d.expires))
    throw Error(ErrorKind::bad_input, "bad_expires", "expires: " + std::string(kTimeRule));
}

std::optional<double> form_number(const http::Form& form, std::string_view name) {
  std::string v = form.get(name);
  if (v.empty()) return std::nullopt;
  auto d = text::parse_decimal(v);
  if (!d) throw Error(ErrorKind::bad_input, "bad_location", "A position is two numbers");
  return d;
}

}  // namespace

Draft draft_from_json(const json::object& body, const std::string& drawn_area) {
  Draft d;
  auto text = [&](std::string_view key, std::string fallback = "") {
    return http::json_string(body, key).value_or(std::move(fallback));
  };
  d.status = text("status", "Actual");
  d.event = text("event");
  d.categories = strings(body, "categories");
  d.response_types = strings(body, "response_types");
  d.urgency = text("urgency", "Expected");
  d.severity = text("severity", "Severe");
  d.certainty = text("certainty", "Likely");
  d.effective = text("effective");
  d.onset = text("onset");
  d.expires = text("expires");
  d.texts.push_back({"vi-VN", text("headline"), text("description"), text("instruction")});
  if (!text("headline_en").empty())
    d.texts.push_back(
        {"en-US", text("headline_en"), text("description_en"), text("instruction_en")});
  d.unit_codes = strings(body, "units");
  d.area_desc = text("area", drawn_area);
  d.polygon = points(body);
  d.updates = http::json_int(body, "updates").value_or(0);
  if (auto it = body.find("circle"); it != body.end() && !it->value().is_null()) {
    if (!it->value().is_object())
      throw Error(ErrorKind::bad_input, "bad_circle", "{lat, lon, radius_km}");
    const auto& o = it->value().as_object();
    if (!o.contains("lat") || !o.contains("lon") || !o.contains("radius_km"))
      throw Error(ErrorKind::bad_input, "bad_circle", "{lat, lon, radius_km}");
    d.circle = Circle{{number(o.at("lat"), "bad_circle"), number(o.at("lon"), "bad_circle")},
                      number(o.at("radius_km"), "bad_circle")};
  }
  check_times(d);
  return d;
}

Draft draft_from_form(const http::Form& form, const std::string& drawn_area) {
  // The form starts with these unchosen: each must be chosen, and the refusal says which.
  for (const char* field : {"status", "response_type", "urgency", "severity", "certainty"})
    if (form.get(field).empty())
      throw Error(ErrorKind::bad_input, std::string("choose_") + field,
                  std::string(field) + ": choose one");
  Draft d;
  d.status = form.get("status");
  d.event = form.get("event");
  if (!form.get("category").empty()) d.categories = {form.get("category")};
  if (!form.get("response_type").empty()) d.response_types = {form.get("response_type")};
  d.urgency = form.get("urgency");
  d.severity = form.get("severity");
  d.certainty = form.get("certainty");
  d.effective = form_time(form.get("effective"));
  d.onset = form_time(form.get("onset"));
  d.expires = form_time(form.get("expires"));
  d.texts.push_back(
      {"vi-VN", form.get("headline"), form.get("description"), form.get("instruction")});
  if (!form.get("headline_en").empty())
    d.texts.push_back({"en-US", form.get("headline_en"), "", form.get("instruction_en")});
  d.unit_codes = form.all("units");
  d.polygon = form_polygon(form.get("polygon"));
  // Residents are reached by their commune (banner, texts, answers): a drawn area alone would
  // go to the whole province's banner and to nobody's phone, which is not what an officer
  // drawing an area means. The API may still send one (CAP allows it).
  if (!d.polygon.empty() && d.unit_codes.empty())
    throw Error(ErrorKind::bad_input, "area_needs_units",
                "Choose the communes the drawn area covers as well");
  d.area_desc = drawn_area;
  d.updates = text::parse_int(form.get("updates")).value_or(0);
  check_times(d);
  return d;
}

AnswerInput answer_from_json(const json::object& body) {
  return {http::json_string(body, "answer").value_or(""),
          http::json_string(body, "note").value_or(""), optional_number(body, "lat"),
          optional_number(body, "lon")};
}

AnswerInput answer_from_form(const http::Form& form) {
  return {form.get("answer"), form.get("note"), form_number(form, "lat"), form_number(form, "lon")};
}

}  // namespace cds::alerts
