// Reading field reports: one by its public id or its spoken reference, its timeline, lists by
// filter, open ones near a point, a person's own and followed ones, who may handle one, and
// what a person's data export holds of them. The public record never shows who reported
// unless they chose to be named (model.h, Report::reporter_name).
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "accounts/authz.h"
#include "db/connection.h"
#include "feedback/model.h"

namespace cds::feedback {

struct ReportPage {
  std::vector<Report> reports;
  int64_t total = 0;
};

class Reports {
 public:
  Reports(db::Database& db, accounts::UnitParent unit_parent);

  std::optional<Report> find(const std::string& public_id) const;
  // The report with its public timeline, in one query.
  struct WithTimeline {
    Report report;
    std::vector<Event> public_timeline;
  };
  std::optional<WithTimeline> find_with_timeline(const std::string& public_id) const;
  // By the reference read out over the phone ("PA-000123").
  std::optional<Report> find_by_reference(std::string_view reference) const;
  std::vector<Event> timeline(const Report& report, bool include_internal) const;
  ReportPage list(const ReportFilter& filter) const;
  // Open reports of the same category within `meters` of a point, for "me too" before filing.
  std::vector<Report> nearby_open(const std::string& category_code, double lat, double lon,
                                  double meters) const;
  // May this actor handle (answer, reassign, see internal notes of) this report?
  bool may_handle(const accounts::Actor& actor, const Report& report) const;
  // Whether this person follows the report and said "me too" to it (false, false for anyone
  // not signed in).
  std::pair<bool, bool> following_and_support(const accounts::Actor& actor, const Report& r) const;
  // "Phản ánh của tôi": what this person filed, and what they follow, newest first.
  struct MyReports {
    std::vector<Report> filed, followed;
  };
  MyReports my_reports(const accounts::Actor& actor) const;

  // What a person's data export holds from field reports: the reports they filed (with the
  // answers and their ratings), the reports they follow and those they said "me too" to.
  static boost::json::object personal_export(db::Connection& c, int64_t account);

 private:
  db::Database& db_;
  accounts::UnitParent unit_parent_;
};

}  // namespace cds::feedback
