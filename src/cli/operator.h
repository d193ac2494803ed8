// What the operator commands (user add, apikey create, reports escalate, units import) work
// with: the database migrated, the units loaded, accounts and reports without any text gateway.
#pragma once

#include "accounts/service.h"
#include "cli/options.h"
#include "core/i18n.h"
#include "db/connection.h"
#include "feedback/service.h"
#include "notify/sms.h"
#include "units/service.h"

namespace cds::cli {

struct OperatorServices {
  OperatorServices(db::Database& db, const Options& o);
  bool migrated;  // before the services below are built
  units::UnitService units;
  i18n::Catalogues catalogues;
  notify::NoSmsGateway no_sms;
  accounts::AccountService accounts;
  feedback::Services feedback;
};

// The importer's counts and rejected rows, in the log.
void print_import_report(const units::ImportReport& r);

}  // namespace cds::cli
