// SQL for reports, categories, routing rules, holidays, timelines, followers and
// the rest. Functions take the caller's connection so a change, its timeline entry, its
// notifications (notify::post) and its audit row commit together.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/time.h"
#include "db/connection.h"
#include "feedback/model.h"

namespace cds::feedback {

struct ReportFilter {
  std::string unit_code, category_code, status, query_folded;  // empty = any
  std::vector<std::string> statuses;                           // any of these (Open311 open/closed)
  std::string received_from, received_to;                      // ISO UTC bounds
  std::string updated_after, updated_before;
  std::vector<std::string> public_ids;
  int64_t agency_id = 0;
  std::vector<int64_t> agency_ids;  // with unit_codes: reports of any of these agencies or units
  std::vector<std::string> unit_codes;       // any of these (an officer's units)
  bool deadline_order = false;               // inbox: open first by deadline
  std::string deadline_before, deadline_on;  // yyyy-mm-dd; reports with a deadline only
  std::string after;  // keyset pagination: the public id of the last report of the page before
  size_t limit = 50, offset = 0;
  bool operator==(const ReportFilter&) const = default;
};

// The cache scopes (core/cache.h) that reports' representations depend on. Every write below
// touches the ones it changes.
inline constexpr const char* kAllReportsScope = "reports";
inline constexpr const char* kCategoriesScope = "feedback:categories";
inline constexpr const char* kHolidaysScope = "feedback:holidays";
inline constexpr const char* kRoutingScope = "feedback:routing";
inline std::string report_scope(int64_t id) { return "report:" + std::to_string(id); }
inline std::string unit_scope(const std::string& code) { return "unit:" + code; }

namespace store {

int64_t count(db::Connection& c, const std::string& table);

// categories and holidays
int64_t insert_category(db::Connection& c, const Category& k, int position);
void insert_question(db::Connection& c, int64_t category_id, const Question& q, int position);
std::vector<Category> categories(db::Connection& c);
void insert_holiday(db::Connection& c, const std::string& day, const std::string& name);
std::set<timeutil::Date> holidays(db::Connection& c);

void update_category(db::Connection& c, const Category& k);
void delete_holiday(db::Connection& c, const std::string& day);
std::vector<std::pair<std::string, std::string>> holiday_list(db::Connection& c);  // day, name

int64_t insert_answer_template(db::Connection& c, std::optional<int64_t> category_id,
                               const std::string& title, const std::string& body);
std::vector<AnswerTemplate> answer_templates(db::Connection& c);

// routing
struct RoutingRule {
  int64_t id = 0;
  std::string category_code;  // "" for every category
  std::string unit_code;
  int64_t agency_id = 0;
  bool agency_active = true;  // a rule to a deactivated agency routes nothing
};
std::vector<RoutingRule> routing_rules(db::Connection& c);
bool delete_rule(db::Connection& c, int64_t id);
void insert_rule(db::Connection& c, std::optional<int64_t> category_id,
                 const std::string& unit_code, int64_t agency);
// The most specific rule: this category before any category, the commune before its province,
// the oldest first (FeedbackService keeps the rules in memory).
std::optional<int64_t> pick_route(const std::vector<RoutingRule>& rules,
                                  const std::string& category_code, const std::string& unit_code,
                                  const std::string& province_code);

// reports
int64_t insert_report(db::Connection& c, const Report& r, const std::string& folded);
void insert_attribute(db::Connection& c, int64_t report, const std::string& code,
                      const std::string& value);
std::optional<Report> report_by_public_id(db::Connection& c, const std::string& public_id);
std::optional<Report> report_by_id(db::Connection& c, int64_t id);
std::vector<Report> reports(db::Connection& c, const ReportFilter& f);
int64_t count_reports(db::Connection& c, const ReportFilter& f);
void update_report(db::Connection& c, const Report& r);
void insert_event(db::Connection& c, int64_t report, const Event& e);
std::vector<Event> events(db::Connection& c, int64_t report, bool include_internal);
bool add_supporter(db::Connection& c, int64_t report, int64_t account);
bool add_follower(db::Connection& c, int64_t report, int64_t account);
std::vector<int64_t> followers(db::Connection& c, int64_t report);
bool remove_follower(db::Connection& c, int64_t report, int64_t account);
// Whether this person follows the report, and whether they said "me too" to it.
std::pair<bool, bool> following_and_support(db::Connection& c, int64_t report, int64_t account);
struct PerformanceRow {
  int64_t agency_id = 0;
  std::string status, received_at, resolved_at, deadline_on;
  std::optional<int> rating;
};
std::vector<PerformanceRow> performance_rows(db::Connection& c, const ReportFilter& f);
// Open reports past their deadline (before `today`) not escalated yet.
std::vector<Report> overdue_unescalated(db::Connection& c, const std::string& today, size_t limit);
void mark_escalated(db::Connection& c, int64_t report);
void insert_photo(db::Connection& c, int64_t report, const Photo& photo, int position);
std::vector<Photo> photos(db::Connection& c, int64_t report);
// For the person's own data export.
std::vector<Report> reports_by_reporter(db::Connection& c, int64_t account);
std::vector<std::string> followed_reports(db::Connection& c, int64_t account);
std::vector<std::string> supported_reports(db::Connection& c, int64_t account);

}  // namespace store
}  // namespace cds::feedback
