#include "feedback/service.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <map>

#include "accounts/service.h"
#include "agencies/service.h"
#include "audit/service.h"
#include "core/error.h"
#include "core/text.h"
#include "feedback/internal.h"
#include "feedback/permissions.h"
#include "feedback/store.h"
#include "feedback/workflow.h"
#include "units/service.h"

namespace cds::feedback {
using accounts::Actor;
using accounts::Decision;
namespace json = boost::json;

void audit_report(db::Connection& c, const accounts::Actor& actor, const std::string& action,
                  const Report& report, const std::string& ip) {
  audit::record(c, {.actor_account = actor.account_id,
                    .actor_api_key = actor.api_key_id,
                    .action = action,
                    .detail = "report=" + report.public_id,
                    .ip = ip,
                    .unit_code = report.unit_code});
}

std::string now() { return timeutil::iso_utc(timeutil::Clock::now()); }

void check_attributes(const Category& k,
                      const std::vector<std::pair<std::string, std::string>>& given) {
  for (const auto& answer : given) {
    // Named references, not a structured binding: the lambdas below capture them.
    const std::string& code = answer.first;
    const std::string& value = answer.second;
    auto q = std::find_if(k.questions.begin(), k.questions.end(),
                          [&](const Question& x) { return x.code == code; });
    if (q == k.questions.end())
      throw Error(ErrorKind::bad_input, "bad_attribute", "This category does not ask " + code);
    auto is_choice = [&](const std::string& v) {
      return std::any_of(q->choices.begin(), q->choices.end(),
                         [&](const Choice& c) { return c.key == v; });
    };
    bool ok = q->kind == "text"     ? char_count(value) <= 500
              : q->kind == "number" ? text::parse_decimal(value).has_value()
              : q->kind == "date"   ? timeutil::parse_iso_date(value).has_value()
                                    : is_choice(value);
    if (!ok)
      throw Error(ErrorKind::bad_input, "bad_attribute", "The answer to " + code + " is not valid");
    if (q->kind != "multi" && std::count_if(given.begin(), given.end(),
                                            [&](const auto& p) { return p.first == code; }) > 1)
      throw Error(ErrorKind::bad_input, "bad_attribute", code + " takes one answer");
  }
  for (const auto& q : k.questions) {
    bool answered =
        std::any_of(given.begin(), given.end(), [&](const auto& p) { return p.first == q.code; });
    if (q.required && !answered)
      throw Error(ErrorKind::bad_input, "attribute_required", "Please answer: " + q.label_vi);
  }
}

FeedbackService::FeedbackService(db::Database& db, const units::UnitService& units,
                                 accounts::UnitParent unit_parent,
                                 std::filesystem::path uploads_dir, std::string province_code)
    : db_(db),
      units_(units),
      unit_parent_(std::move(unit_parent)),
      uploads_dir_(std::move(uploads_dir)),
      province_code_(std::move(province_code)),
      agency_names_(db) {}

std::vector<Category> FeedbackService::categories() const {
  refresh_reference_data();
  std::lock_guard lock(mutex_);
  return categories_;
}

std::optional<Category> FeedbackService::category(const std::string& code) const {
  refresh_reference_data();
  std::lock_guard lock(mutex_);
  auto it = category_index_.find(code);
  if (it == category_index_.end()) return std::nullopt;
  return categories_[it->second];
}

std::optional<int64_t> FeedbackService::route(const std::string& category_code,
                                              const std::string& unit_code,
                                              const std::string& province_code) const {
  refresh_reference_data();
  std::lock_guard lock(mutex_);
  return store::pick_route(routing_, category_code, unit_code, province_code);
}

std::shared_ptr<const std::map<int64_t, std::string>> FeedbackService::agency_names() const {
  return agency_names_.get();
}

std::shared_ptr<const std::map<int64_t, std::string>> FeedbackService::active_agencies() const {
  return agency_names_.active();
}

std::string FeedbackService::deadline_from_today(int working_days) const {
  std::set<timeutil::Date> holidays;
  refresh_reference_data();
  {
    std::lock_guard lock(mutex_);
    holidays = holidays_;
  }
  return timeutil::iso_date(deadline(today(), working_days, holidays));
}

timeutil::Date FeedbackService::today() const {
  return timeutil::vietnam_date(timeutil::Clock::now());
}

bool FeedbackService::overdue(const Report& r) const {
  auto due = timeutil::parse_iso_date(r.deadline_on);  // none while awaiting its commune
  return due && is_overdue(r.status, *due, today());
}

std::optional<Report> FeedbackService::find_by_reference(std::string_view reference) const {
  auto id = parse_report_reference(reference);
  if (!id) return std::nullopt;
  return db_.read([&](db::Connection& c) { return store::report_by_id(c, *id); });
}

std::optional<Report> FeedbackService::find(const std::string& public_id) const {
  if (public_id.empty() || public_id.size() > 32) return std::nullopt;
  return db_.read([&](db::Connection& c) { return store::report_by_public_id(c, public_id); });
}

std::vector<Event> FeedbackService::timeline(const Report& report, bool include_internal) const {
  return db_.read([&](db::Connection& c) { return store::events(c, report.id, include_internal); });
}

ReportPage FeedbackService::list(const ReportFilter& filter) const {
  return db_.read([&](db::Connection& c) {
    return ReportPage{store::reports(c, filter), store::count_reports(c, filter)};
  });
}

std::vector<Report> FeedbackService::nearby_open(const std::string& category_code, double lat,
                                                 double lon, double meters) const {
  // A box of the right size first (cheap in SQL), then the true distance.
  ReportFilter f;
  f.category_code = category_code;
  f.statuses = open_statuses();
  f.limit = 500;
  auto candidates = db_.read([&](db::Connection& c) { return store::reports(c, f); });
  std::vector<Report> out;
  constexpr double kEarthRadius = 6371000.0;
  for (auto& r : candidates) {
    if (!r.lat || !r.lon) continue;
    double dlat = (*r.lat - lat) * M_PI / 180, dlon = (*r.lon - lon) * M_PI / 180;
    double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
               std::cos(lat * M_PI / 180) * std::cos(*r.lat * M_PI / 180) * std::sin(dlon / 2) *
                   std::sin(dlon / 2);
    if (2 * kEarthRadius * std::asin(std::sqrt(a)) <= meters) out.push_back(std::move(r));
  }
  return out;
}

json::object FeedbackService::personal_export(db::Connection& c, int64_t account) {
  json::array filed, ratings, follows, supports;
  // Codes for programs, and the words a person reads beside them ("category_name").
  std::map<std::string, std::string> category_names;
  for (const auto& k : store::categories(c)) category_names[k.code] = k.name_vi;
  for (const auto& r : store::reports_by_reporter(c, account)) {
    json::object o{
        {"id", r.public_id},
        {"reference", report_reference(r.id)},
        {"category", r.category_code},
        {"category_name", category_names.contains(r.category_code) ? category_names[r.category_code]
                                                                   : r.category_code},
        {"description", r.description},
        {"unit_code", r.unit_code},
        {"address", r.address_text},
        {"show_name", r.show_name},
        {"status", r.status},
        {"received_at", r.received_at},
        {"answer", r.answer}};
    o["lat"] = r.lat ? json::value(*r.lat) : json::value(nullptr);
    o["lon"] = r.lon ? json::value(*r.lon) : json::value(nullptr);
    json::object attributes;
    for (const auto& [code, value] : r.attributes) attributes[code] = value;
    o["attributes"] = std::move(attributes);
    if (r.rating)
      ratings.push_back(json::object{
          {"report", r.public_id}, {"stars", *r.rating}, {"comment", r.rating_comment}});
    filed.push_back(std::move(o));
  }
  for (auto& id : store::followed_reports(c, account)) follows.push_back(json::string(id));
  for (auto& id : store::supported_reports(c, account)) supports.push_back(json::string(id));
  return json::object{{"reports", std::move(filed)},
                      {"ratings", std::move(ratings)},
                      {"follows", std::move(follows)},
                      {"me_too", std::move(supports)}};
}

bool FeedbackService::may_handle(const Actor& actor, const Report& r) const {
  return accounts::decide(actor, actions::handle_report,
                          {r.unit_code, r.agency_id, r.reporter_account},
                          unit_parent_) == Decision::allow;
}

}  // namespace cds::feedback
