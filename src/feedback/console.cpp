// The officers' console: their scoped inbox, its CSV, each agency's figures, bulk assignment.

#include "feedback/console.h"

#include <map>

#include "accounts/service.h"
#include "audit/service.h"
#include "core/csv.h"
#include "core/error.h"
#include "core/text.h"
#include "feedback/handling.h"
#include "feedback/internal.h"
#include "feedback/permissions.h"
#include "feedback/settings.h"
#include "feedback/store.h"
#include "feedback/workflow.h"
#include "notify/inbox.h"
#include "units/service.h"

namespace cds::feedback {
using accounts::Actor;
using accounts::Decision;

Console::Console(db::Database& db, const units::UnitService& units,
                 accounts::UnitParent unit_parent, const Settings& settings, const Reports& reports,
                 Handling& handling)
    : db_(db),
      units_(units),
      unit_parent_(std::move(unit_parent)),
      settings_(settings),
      reports_(reports),
      handling_(handling) {}

ReportFilter Console::scope_of(const Actor& actor, ReportFilter f) const {
  accounts::require(actor, actions::work_reports, {}, unit_parent_);
  if (accounts::decide(actor, actions::manage_categories, {}, unit_parent_) == Decision::allow)
    return f;  // the province
  for (const auto& s : actor.scopes) {
    if (s.agency_id) f.agency_ids.push_back(*s.agency_id);
    if (s.unit_code.empty()) continue;
    auto unit = units_.find(units::kGeneration2025, s.unit_code);
    if (unit && unit->level == "province")
      for (const auto& c : units_.children(units::kGeneration2025, unit->code))
        f.unit_codes.push_back(c.code);
    else
      f.unit_codes.push_back(s.unit_code);
  }
  if (f.agency_ids.empty() && f.unit_codes.empty())
    f.unit_codes.push_back("-");  // nothing in scope
  return f;
}

ReportPage Console::inbox(const Actor& actor, ReportFilter extra) const {
  ReportFilter f = scope_of(actor, std::move(extra));
  f.deadline_order = true;
  return reports_.list(f);
}

Workload Console::workload(const Actor& actor) const {
  ReportFilter open = scope_of(actor, {});
  open.statuses = open_statuses();
  std::string today = timeutil::iso_date(settings_.today());
  ReportFilter late = open, due = open;
  late.deadline_before = today;
  due.deadline_on = today;
  return db_.read([&](db::Connection& c) {
    return Workload{store::count_reports(c, open), store::count_reports(c, late),
                    store::count_reports(c, due)};
  });
}

std::string Console::inbox_csv(const Actor& actor, ReportFilter extra) const {
  ReportFilter f = scope_of(actor, std::move(extra));
  f.deadline_order = true;
  f.limit = 100000;
  f.offset = 0;
  auto agencies_held = settings_.agency_names();
  const auto& agencies = *agencies_held;
  std::string out =
      csv::format_row({"id", "category", "unit_code", "status", "received_at", "deadline_on",
                       "overdue", "agency", "support_count", "rating", "description"});
  for (const auto& r : reports_.list(f).reports) {
    auto agency = agencies.find(r.agency_id);
    out += csv::format_row({r.public_id, r.category_code, r.unit_code, r.status, r.received_at,
                            r.deadline_on, settings_.overdue(r) ? "yes" : "no",
                            agency == agencies.end() ? "" : agency->second,
                            std::to_string(r.support_count),
                            r.rating ? std::to_string(*r.rating) : "", r.description});
  }
  return out;
}

std::vector<AgencyPerformance> Console::performance(const Actor& actor) const {
  ReportFilter f = scope_of(actor, {});
  auto rows = db_.read([&](db::Connection& c) { return store::performance_rows(c, f); });
  auto names_held = settings_.agency_names();
  const auto& names = *names_held;
  std::map<int64_t, AgencyPerformance> by_agency;
  std::map<int64_t, double> hours_sum, rating_sum;
  auto vietnam_day = [](const std::string& iso) -> std::optional<timeutil::Date> {
    auto t = timeutil::parse_w3c(iso);
    return t ? std::optional(timeutil::vietnam_date(*t)) : std::nullopt;
  };
  timeutil::Date now_day = settings_.today();
  for (const auto& row : rows) {
    auto& p = by_agency[row.agency_id];
    p.agency_id = row.agency_id;
    ++p.received;
    auto due = timeutil::parse_iso_date(row.deadline_on);
    if (is_open(row.status)) {
      ++p.open;
      if (due && is_overdue(row.status, *due, now_day)) ++p.overdue;
    }
    if (state_of(row.status) == State::resolved && !row.resolved_at.empty()) {
      ++p.resolved;
      auto resolved_day = vietnam_day(row.resolved_at);
      if (resolved_day && due && *resolved_day <= *due) ++p.resolved_on_time;
      auto a = timeutil::parse_w3c(row.received_at), b = timeutil::parse_w3c(row.resolved_at);
      if (a && b)
        hours_sum[row.agency_id] +=
            std::chrono::duration<double, std::ratio<3600>>(*b - *a).count();
    }
    if (row.rating) {
      ++p.rated;
      rating_sum[row.agency_id] += *row.rating;
    }
  }
  std::vector<AgencyPerformance> out;
  for (auto& [id, p] : by_agency) {
    auto name = names.find(id);
    p.agency_name = name == names.end() ? "" : name->second;
    if (p.resolved) p.average_hours_to_resolve = hours_sum[id] / static_cast<double>(p.resolved);
    if (p.rated) p.average_rating = rating_sum[id] / static_cast<double>(p.rated);
    out.push_back(p);
  }
  return out;
}

BulkResult Console::bulk_assign(const Actor& actor, const std::vector<std::string>& public_ids,
                                int64_t agency_id, const std::string& reason,
                                const std::string& ip) {
  accounts::require(actor, actions::work_reports, {}, unit_parent_);
  if (public_ids.size() > 500)
    throw Error(ErrorKind::bad_input, "too_many", "At most 500 reports at a time");
  BulkResult result;
  for (const auto& id : public_ids) {
    try {
      OfficerAction a;
      a.kind = "assign";
      a.agency_id = agency_id;
      a.text = reason;
      handling_.act(actor, id, a,
                    ip);  // each report on its own: one refusal does not undo the others
      ++result.done;
    } catch (const Error& e) {
      result.refused.push_back(id + ": " + e.code);
    }
  }
  return result;
}

}  // namespace cds::feedback
