// Reading field reports: by id or reference, timelines, lists, nearby, one's own, who may
// handle one, and a person's export.

#include "feedback/reports.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <map>

#include "feedback/internal.h"
#include "feedback/permissions.h"
#include "feedback/store.h"
#include "feedback/workflow.h"

namespace cds::feedback {
using accounts::Actor;
using accounts::Decision;
namespace json = boost::json;

Reports::Reports(db::Database& db, accounts::UnitParent unit_parent)
    : db_(db), unit_parent_(std::move(unit_parent)) {}

std::optional<Report> Reports::find_by_reference(std::string_view reference) const {
  auto id = parse_report_reference(reference);
  if (!id) return std::nullopt;
  return db_.read([&](db::Connection& c) { return store::report_by_id(c, *id); });
}

std::optional<Report> Reports::find(const std::string& public_id) const {
  if (public_id.empty() || public_id.size() > 32) return std::nullopt;
  return db_.read([&](db::Connection& c) { return store::report_by_public_id(c, public_id); });
}

std::optional<Reports::WithTimeline> Reports::find_with_timeline(
    const std::string& public_id) const {
  if (public_id.empty() || public_id.size() > 32) return std::nullopt;
  return db_.read([&](db::Connection& c) -> std::optional<WithTimeline> {
    std::vector<Event> timeline;
    auto r = store::report_with_public_timeline(c, public_id, timeline);
    if (!r) return std::nullopt;
    return WithTimeline{std::move(*r), std::move(timeline)};
  });
}

std::vector<Event> Reports::timeline(const Report& report, bool include_internal) const {
  return db_.read([&](db::Connection& c) { return store::events(c, report.id, include_internal); });
}

ReportPage Reports::list(const ReportFilter& filter) const {
  return db_.read([&](db::Connection& c) {
    return ReportPage{store::reports(c, filter), store::count_reports(c, filter)};
  });
}

std::vector<Report> Reports::nearby_open(const std::string& category_code, double lat, double lon,
                                         double meters) const {
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

json::object Reports::personal_export(db::Connection& c, int64_t account) {
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

bool Reports::may_handle(const Actor& actor, const Report& r) const {
  return accounts::decide(actor, actions::handle_report,
                          {r.unit_code, r.agency_id, r.reporter_account},
                          unit_parent_) == Decision::allow;
}

std::pair<bool, bool> Reports::following_and_support(const Actor& actor, const Report& r) const {
  if (!actor.signed_in()) return {false, false};
  return db_.read(
      [&](db::Connection& c) { return store::following_and_support(c, r.id, actor.account_id); });
}

Reports::MyReports Reports::my_reports(const Actor& actor) const {
  accounts::require(actor, actions::follow_report, {}, unit_parent_);
  return db_.read([&](db::Connection& c) {
    MyReports mine;
    mine.filed = store::reports_by_reporter(c, actor.account_id);
    auto followed = store::followed_reports(c, actor.account_id);
    for (const auto& id : followed)
      if (auto r = store::report_by_public_id(c, id); r && r->reporter_account != actor.account_id)
        mine.followed.push_back(*r);
    auto newest = [](const Report& a, const Report& b) { return a.updated_at > b.updated_at; };
    std::sort(mine.filed.begin(), mine.filed.end(), newest);
    std::sort(mine.followed.begin(), mine.followed.end(), newest);
    return mine;
  });
}

}  // namespace cds::feedback
