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

// routing (the rule is in model.h)
using feedback::RoutingRule;
std::vector<RoutingRule> routing_rules(db::Connection& c);
bool delete_rule(db::Connection& c, int64_t id);
void insert_rule(db::Connection& c, std::optional<int64_t> category_id,
                 const std::string& unit_code, int64_t agency);
// The most specific rule: this category before any category, the commune before its province,
// the oldest first (Settings keeps the rules in memory).
std::optional<int64_t> pick_route(const std::vector<RoutingRule>& rules,
                                  const std::string& category_code, const std::string& unit_code,
                                  const std::string& province_code);

// reports
int64_t insert_report(db::Connection& c, const Report& r, const std::string& folded);
void insert_attribute(db::Connection& c, int64_t report, const std::string& code,
                      const std::string& value);
std::optional<Report> report_by_public_id(db::Connection& c, const std::string& public_id);
std::optional<Report> report_by_id(db::Connection& c, int64_t id);
// The report and its public timeline in one query (a public read of one report).
std::optional<Report> report_with_public_timeline(db::Connection& c, const std::string& public_id,
                                                  std::vector<Event>& timeline);
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
