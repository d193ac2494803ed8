#include "feedback/presenters.h"

#include "accounts/model.h"
#include "core/text.h"
#include "feedback/service.h"
#include "feedback/workflow.h"
#include "units/service.h"
#include "web/pages.h"

namespace cds::feedback {
namespace json = boost::json;
using web::display_day;
using web::display_time;

json::object public_report_json(const Report& r, const web::AppContext& app,
                                const Services& service,
                                const std::map<int64_t, std::string>& agencies) {
  json::object o;
  o["id"] = r.public_id;
  json::object category{{"code", r.category_code}};
  if (auto k = service.settings.category(r.category_code)) {
    category["name"] = k->name_vi;
    category["name_en"] = k->name_en;
  }
  o["category"] = std::move(category);
  o["description"] = r.description;
  json::object unit{{"code", r.unit_code}};
  if (auto u = app.units.find(units::kGeneration2025, r.unit_code))
    unit["name"] = app.units.full_name(*u);
  o["unit"] = std::move(unit);
  o["address"] = r.address_text;
  o["lat"] = r.lat ? json::value(*r.lat) : json::value(nullptr);
  o["lon"] = r.lon ? json::value(*r.lon) : json::value(nullptr);
  o["status"] = r.status;
  o["open"] = is_open(r.status);
  o["overdue"] = service.settings.overdue(r);
  auto agency = agencies.find(r.agency_id);
  o["agency"] = agency == agencies.end()
                    ? json::value(nullptr)
                    : json::value(json::object{{"id", r.agency_id}, {"name", agency->second}});
  o["received_at"] = r.received_at;
  o["deadline_on"] = r.deadline_on;  // empty while the report awaits its commune
  o["awaiting_place"] = awaiting_place(r);
  o["resolved_at"] = r.resolved_at.empty() ? json::value(nullptr) : json::value(r.resolved_at);
  o["updated_at"] = r.updated_at;
  o["answer"] = r.answer;
  o["support_count"] = r.support_count;
  o["rating"] = r.rating ? json::value(*r.rating) : json::value(nullptr);
  o["reporter_name"] =
      r.show_name && !r.reporter_name.empty() ? json::value(r.reporter_name) : json::value(nullptr);
  json::array attributes;
  for (const auto& [code, value] : r.attributes)
    attributes.push_back(json::object{{"code", code}, {"value", value}});
  o["attributes"] = std::move(attributes);
  json::array photos;
  for (const auto& p : r.photos)
    photos.push_back(json::object{{"kind", p.kind},
                                  {"url", "/anh/" + p.path},
                                  {"thumb_url", "/anh/" + p.thumb_path},
                                  {"width", p.width},
                                  {"height", p.height}});
  o["photos"] = std::move(photos);
  return o;
}

json::object report_view(const web::AppContext& app, const Services& svc, const Report& r,
                         const std::map<int64_t, std::string>& agencies, const std::string& lang) {
  json::object o = public_report_json(r, app, svc, agencies);
  auto k = svc.settings.category(r.category_code);
  o["category_name"] = k ? (lang == "en" ? k->name_en : k->name_vi) : r.category_code;
  o["status_text"] = app.catalogues.text(lang, "report.status." + r.status);
  o["status_class"] =
      is_open(r.status) ? (svc.settings.overdue(r) ? "tag-warn" : "tag") : "tag-ready";
  o["received"] = display_time(r.received_at);
  o["deadline"] = awaiting_place(r) ? app.catalogues.text(lang, "report.awaiting_place")
                                    : display_day(r.deadline_on);
  o["excerpt"] = text::shorten(r.description, 200);
  o["reference"] = report_reference(r.id);
  json::array report_photos, answer_photos;
  for (const auto& p : r.photos) {
    json::object po{{"src", "/anh/" + p.path}, {"thumb", "/anh/" + p.thumb_path}};
    (p.kind == "answer" ? answer_photos : report_photos).push_back(std::move(po));
  }
  o["has_photos"] = !report_photos.empty();
  o["first_thumb"] = report_photos.empty() ? json::value(nullptr) : report_photos[0].at("thumb");
  o["photos"] = std::move(report_photos);
  o["has_answer_photos"] = !answer_photos.empty();
  o["answer_photos"] = std::move(answer_photos);
  o["has_answer"] = !r.answer.empty();
  o["has_rating"] = r.rating.has_value();
  return o;
}

json::array timeline_json(const std::vector<Event>& events) {
  json::array out;
  for (const auto& e : events) {
    json::object o{{"at", e.at}, {"kind", e.kind}, {"status", e.to_status}, {"text", e.body}};
    if (!e.is_public) o["internal"] = true;
    out.push_back(std::move(o));
  }
  return out;
}

json::object category_json(const Category& k) {
  json::array questions;
  for (const auto& q : k.questions) {
    json::array choices;
    for (const auto& c : q.choices)
      choices.push_back(
          json::object{{"key", c.key}, {"label", c.label_vi}, {"label_en", c.label_en}});
    questions.push_back(json::object{{"code", q.code},
                                     {"label", q.label_vi},
                                     {"label_en", q.label_en},
                                     {"kind", q.kind},
                                     {"required", q.required},
                                     {"choices", std::move(choices)}});
  }
  return json::object{{"code", k.code},
                      {"name", k.name_vi},
                      {"name_en", k.name_en},
                      {"group", k.group_vi},
                      {"group_en", k.group_en},
                      {"description", k.description_vi},
                      {"deadline_days", k.deadline_days},
                      {"questions", std::move(questions)}};
}

void add_scopes(const Report& r, std::vector<std::string>& scopes) {
  scopes.push_back(report_scope(r.id));
  scopes.emplace_back(kCategoriesScope);
  scopes.emplace_back(agencies::kScope);
  if (r.show_name && r.reporter_account)
    scopes.push_back(accounts::account_scope(r.reporter_account));
}

void add_list_scopes(const std::string& unit_code, const std::vector<Report>& reports,
                     std::vector<std::string>& scopes) {
  scopes.push_back(unit_code.empty() ? std::string(kAllReportsScope) : unit_scope(unit_code));
  scopes.emplace_back(kCategoriesScope);
  scopes.emplace_back(agencies::kScope);
  for (const auto& r : reports) {
    scopes.push_back(report_scope(r.id));
    if (r.show_name && r.reporter_account)
      scopes.push_back(accounts::account_scope(r.reporter_account));
  }
}

}  // namespace cds::feedback
