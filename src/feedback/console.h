// The officers' console over many reports: their scoped inbox (their agencies' or their
// units'), its CSV, what waits for them (their tile), each agency's figures, and assigning
// many reports at once.
#pragma once

#include <string>
#include <vector>

#include "accounts/authz.h"
#include "db/connection.h"
#include "feedback/model.h"
#include "feedback/reports.h"

namespace cds::units {
class UnitService;
}

namespace cds::feedback {

class Settings;
class Handling;

struct AgencyPerformance {
  int64_t agency_id = 0;  // 0: not yet routed to an agency
  std::string agency_name;
  int64_t received = 0, open = 0, overdue = 0, resolved = 0, resolved_on_time = 0, rated = 0;
  double average_hours_to_resolve = 0, average_rating = 0;
};

// What waits for an officer within their scope (the tile on their landing page).
struct Workload {
  int64_t open = 0, overdue = 0, due_today = 0;
};

struct BulkResult {
  int64_t done = 0;
  std::vector<std::string> refused;  // "id: reason"
};

class Console {
 public:
  Console(db::Database& db, const units::UnitService& units, accounts::UnitParent unit_parent,
          const Settings& settings, const Reports& reports, Handling& handling);

  // The reports this officer works on, open ones first by deadline; extra narrows it
  // (status, category, unit).
  ReportPage inbox(const accounts::Actor& actor, ReportFilter extra) const;
  std::string inbox_csv(const accounts::Actor& actor, ReportFilter extra) const;
  Workload workload(const accounts::Actor& actor) const;
  std::vector<AgencyPerformance> performance(const accounts::Actor& actor) const;
  BulkResult bulk_assign(const accounts::Actor& actor, const std::vector<std::string>& public_ids,
                         int64_t agency_id, const std::string& reason, const std::string& ip);

 private:
  // The part of the reports this actor may work on, as a filter.
  ReportFilter scope_of(const accounts::Actor& actor, ReportFilter extra) const;

  db::Database& db_;
  const units::UnitService& units_;
  accounts::UnitParent unit_parent_;
  const Settings& settings_;
  const Reports& reports_;
  Handling& handling_;
};

}  // namespace cds::feedback
