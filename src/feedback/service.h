// Field reports end to end, as services with one job each, built together by the module:
// the province's settings (settings.h), reading the record (reports.h), a citizen's filing and
// follow-up (filing.h), the officers' commands on one report (handling.h) and their console
// over many (console.h).
#pragma once

#include <filesystem>
#include <string>

#include "feedback/console.h"
#include "feedback/filing.h"
#include "feedback/handling.h"
#include "feedback/reports.h"
#include "feedback/settings.h"

namespace cds::feedback {

struct Services {
  // province_code: the 2025 province whose triage queue takes reports placed nowhere else.
  Services(db::Database& db, const units::UnitService& units, accounts::UnitParent unit_parent,
           std::filesystem::path uploads_dir, std::string province_code);

  Settings settings;
  Reports reports;
  Filing filing;
  Handling handling;
  Console console;
  // Where report photos are kept (outside the web root).
  std::filesystem::path uploads_dir;
  // The jurisdiction_id Open311 clients send (--open311-jurisdiction).
  std::string open311_jurisdiction = "laocai.gov.vn";
};

// With serve --demo: agencies, routing rules and a handful of reports of Lào Cai / Yên Bái
// from data/demo, only into a database that has no agencies and no reports yet. The reports
// have no author: no personal data is invented.
void load_demo(db::Database& db, const Settings& settings, const units::UnitService& units,
               const std::filesystem::path& demo_dir);

}  // namespace cds::feedback
