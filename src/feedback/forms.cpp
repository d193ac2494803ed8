#include "feedback/forms.h"

#include "core/error.h"
#include "core/text.h"

namespace cds::feedback::forms {
namespace json = boost::json;

namespace {

std::optional<double> json_coordinate(const json::object& body, std::string_view key) {
  auto it = body.find(key);
  if (it == body.end() || it->value().is_null()) return std::nullopt;
  if (it->value().is_double()) return it->value().as_double();
  if (it->value().is_int64()) return static_cast<double>(it->value().as_int64());
  throw Error(ErrorKind::bad_input, "bad_location", std::string(key) + " must be a number");
}

std::string json_text(const json::object& body, std::string_view key) {
  return http::json_string(body, key).value_or("");
}

}  // namespace

void read_coordinates(std::string_view lat, std::string_view lon, NewReport& into) {
  if (lat.empty() && lon.empty()) return;
  into.lat = text::parse_decimal(lat);
  into.lon = text::parse_decimal(lon);
  if (!into.lat || !into.lon)
    throw Error(ErrorKind::bad_input, "bad_location", "lat and lon must both be numbers");
}

NewReport report_from_json(const json::object& body) {
  NewReport n;
  n.source = "api";
  n.category_code = json_text(body, "category");
  n.description = json_text(body, "description");
  n.unit_code = json_text(body, "unit_code");
  n.address_text = json_text(body, "address");
  n.lat = json_coordinate(body, "lat");
  n.lon = json_coordinate(body, "lon");
  n.show_name = http::json_bool(body, "show_name").value_or(false);
  auto it = body.find("attributes");
  if (it == body.end() || !it->value().is_object()) return n;
  for (const auto& [code, value] : it->value().as_object()) {
    if (value.is_string())
      n.attributes.emplace_back(std::string(code), std::string(value.as_string()));
    else if (value.is_array())
      for (const auto& v : value.as_array())
        if (v.is_string()) n.attributes.emplace_back(std::string(code), std::string(v.as_string()));
  }
  return n;
}

NewReport report_from_web(const http::Form& form, const Services& service) {
  NewReport n;
  n.source = "web";
  n.category_code = form.get("category");
  n.description = form.get("description");
  n.unit_code = form.get("unit_code");
  n.address_text = form.get("address");
  n.show_name = form.has("show_name");
  read_coordinates(form.get("lat"), form.get("lon"), n);  // the map's pin, where JS runs
  if (auto k = service.settings.category(n.category_code))
    for (const auto& q : k->questions)
      for (const auto& v : form.all("q_" + q.code))
        if (!v.empty()) n.attributes.emplace_back(q.code, v);
  return n;
}

NewReport report_from_open311(const http::Form& form, const std::vector<units::Unit>& communes) {
  if (form.get("service_code").empty())
    throw Error(ErrorKind::bad_input, "service_code", "service_code missing");
  NewReport n;
  n.source = "open311";
  n.category_code = form.get("service_code");
  n.description = form.get("description");
  n.unit_code = form.get("address_id");
  n.address_text = form.get("address_string");
  read_coordinates(form.get("lat"), form.get("long"), n);
  if (n.unit_code.empty() && !n.address_text.empty()) {
    // The commune read from the address: exactly one of the province's communes must be
    // named in it ("… Phường Yên Bái, Lào Cai").
    std::string folded = text::fold(n.address_text);
    std::vector<std::string> named;
    for (const auto& u : communes)
      if (folded.find(u.name_folded) != std::string::npos) named.push_back(u.code);
    if (named.size() == 1) n.unit_code = named[0];
  }
  if (n.unit_code.empty() && !n.lat)
    throw Error(ErrorKind::bad_input, "address_id",
                "address_id (the 2025 commune code), an address_string naming one commune, "
                "or lat and long are required");
  for (const auto& [name, value] : form.fields) {
    if (!name.starts_with("attribute[")) continue;
    auto close = name.find(']');
    std::string code = close == std::string::npos ? "" : name.substr(10, close - 10);
    if (!code.empty()) n.attributes.emplace_back(code, value);
  }
  return n;
}

OfficerAction action_from_json(const json::object& body) {
  OfficerAction a;
  a.kind = json_text(body, "kind");
  a.agency_id = http::json_int(body, "agency_id").value_or(0);
  a.text = json_text(body, "text");
  a.suggested_agency = json_text(body, "suggested_agency");
  a.duplicate_of = json_text(body, "duplicate_of");
  a.unit_code = json_text(body, "unit_code");
  return a;
}

OfficerAction action_from_web(const http::Form& form) {
  OfficerAction a;
  a.kind = form.get("kind");
  if (!form.get("agency_id").empty()) {
    auto agency = text::parse_int(form.get("agency_id"));
    if (!agency) throw Error(ErrorKind::bad_input, "bad_agency", "Unknown agency");
    a.agency_id = *agency;
  }
  a.text = form.get("text");
  a.suggested_agency = form.get("suggested_agency");
  a.duplicate_of = form.get("duplicate_of");
  a.unit_code = form.get("unit_code");
  return a;
}

}  // namespace cds::feedback::forms
