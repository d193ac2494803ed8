// How an alert reads on the pages: one view for the banner, the lists and its own page.
#include "alerts/views.h"

#include <boost/json.hpp>

#include "alerts/service.h"
#include "core/text.h"
#include "core/time.h"
#include "units/service.h"
#include "web/pages.h"

namespace cds::alerts {
namespace json = boost::json;

namespace {
// The text in the reader's language when the alert has it, Vietnamese otherwise.
const Text& text_for(const Alert& a, const std::string& lang) {
  for (const auto& t : a.texts)
    if (t.language.starts_with(lang)) return t;
  return a.texts.front();
}

std::string label_for(const web::AppContext& app, const std::string& lang, const Alert& a) {
  return app.catalogues.text(lang, a.status == "Actual"     ? "alerts.label.actual"
                                   : a.status == "Exercise" ? "alerts.label.exercise"
                                                            : "alerts.label.test");
}

}  // namespace

json::object alert_view(const web::AppContext& app, const std::string& lang, const Record& r) {
  const Alert& a = r.alert;
  const Text& t = text_for(a, lang);
  auto shown = [](const std::string& cap) {
    auto at = timeutil::parse_w3c(cap);
    return at ? web::display_time(timeutil::iso_utc(*at)) : std::string();
  };
  std::string label = label_for(app, lang, a);
  return json::object{
      {"id", a.id},
      {"label", label},
      // "Diễn tập: …" says it already: the banner does not say it twice.
      {"label_in_headline", text::fold(t.headline).find(text::fold(label)) != std::string::npos},
      {"exercise", a.status != "Actual"},
      {"event", a.event},
      {"headline", t.headline},
      {"description", t.description},
      {"instruction", t.instruction},
      {"area", a.area_desc},
      {"severity", app.catalogues.text(lang, "alerts.severity." + a.severity)},
      {"sent", shown(a.sent)},
      {"expires", shown(a.expires)},
      // A Cancel message is not a warning in force: it says the earlier one is over.
      {"state",
       app.catalogues.text(lang, a.msg_type == "Cancel"
                                     ? std::string("alerts.state.cancel_notice")
                                     : "alerts.state." + std::string(state_name(r.state)))},
      {"in_force", r.in_force()},
      {"link", "/canh-bao/" + std::to_string(a.id)},
      {"cap", "/alerts/" + std::to_string(a.id) + ".cap"}};
}

void add_officer_figures(json::object& view, const Record& r) {
  view["has_texts"] = !r.sms_state.empty();
  view["texts_sent"] = r.sms_sent;
  view["texts_failed"] = r.sms_failed;
  view["texts_going"] = r.sms_state == "pending" || r.sms_state == "sending";
}

void add_area_map(const web::AppContext& app, json::object& view, const Record& r) {
  const Alert& a = r.alert;
  json::array features;
  auto feature = [](json::value geometry, json::object properties) {
    return json::object{{"type", "Feature"},
                        {"geometry", std::move(geometry)},
                        {"properties", std::move(properties)}};
  };
  for (const auto& code : a.unit_codes)
    if (auto geometry = app.units.boundary_geometry(code)) {
      boost::system::error_code ec;
      auto parsed = json::parse(*geometry, ec);
      if (!ec) features.push_back(feature(std::move(parsed), json::object{{"kind", "commune"}}));
    }
  if (!a.polygon.empty()) {
    json::array ring;
    for (const auto& p : a.polygon) ring.push_back(json::array{p.lon, p.lat});  // GeoJSON order
    features.push_back(
        feature(json::object{{"type", "Polygon"}, {"coordinates", json::array{ring}}},
                json::object{{"kind", "drawn"}}));
  }
  if (a.circle)
    features.push_back(feature(
        json::object{{"type", "Point"},
                     {"coordinates", json::array{a.circle->centre.lon, a.circle->centre.lat}}},
        json::object{{"kind", "circle"}, {"radius_m", a.circle->radius_km * 1000}}));
  if (features.empty()) return;
  view["area_map"] = json::serialize(
      json::object{{"type", "FeatureCollection"}, {"features", std::move(features)}});
}

json::object answers_json(const Answers& answers) {
  json::array communes, calls;
  for (const auto& c : answers.communes)
    communes.push_back(json::object{{"unit_code", c.unit_code},
                                    {"name", c.unit_name},
                                    {"residents", c.residents},
                                    {"connected", c.connected},
                                    {"safe", c.safe},
                                    {"need_help", c.need_help}});
  for (const auto& c : answers.calls) {
    json::object o{{"id", c.id},
                   {"name", c.name},
                   {"phone", c.phone},
                   {"commune", c.unit_name},
                   {"note", c.note},
                   {"answered_at", c.answered_at},
                   {"handled", !c.handled_at.empty()}};
    if (c.lat) o["position"] = json::array{*c.lat, *c.lon};
    calls.push_back(std::move(o));
  }
  return json::object{{"communes", std::move(communes)}, {"calls", std::move(calls)}};
}

}  // namespace cds::alerts
