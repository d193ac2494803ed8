#include "feedback/permissions.h"

#include <algorithm>

namespace cds::feedback {
using accounts::Actor;
using accounts::Role;
using accounts::Target;
using accounts::UnitParent;

namespace {

bool may_file(const Actor& a, const Target&, const UnitParent&) {
  return a.signed_in() || a.api_scopes.contains("open311");
}
bool officer_work(const Actor& a, const Target&, const UnitParent&) {
  return a.has(Role::province_admin) || accounts::staff(a);
}
// Officers of the report's agency or of a unit that covers it; province administrators.
bool handles(const Actor& a, const Target& t, const UnitParent& up) {
  if (a.has(Role::province_admin)) return true;
  if (!accounts::staff(a)) return false;
  bool agency = t.agency_id != 0 &&
                std::any_of(a.scopes.begin(), a.scopes.end(),
                            [&](const accounts::Scope& s) { return s.agency_id == t.agency_id; });
  return agency || accounts::covers(a, t.unit_code, up);
}
bool reporter(const Actor& a, const Target& t, const UnitParent&) {
  return a.signed_in() && a.account_id == t.owner_account;
}
bool signed_in(const Actor& a, const Target&, const UnitParent&) { return a.signed_in(); }
bool province_admin(const Actor& a, const Target&, const UnitParent&) {
  return a.has(Role::province_admin);
}

}  // namespace

namespace actions {
const accounts::Action file_report{"file_report", &may_file};
const accounts::Action work_reports{"work_reports", &officer_work};
const accounts::Action handle_report{"handle_report", &handles};
const accounts::Action act_as_reporter{"act_as_reporter", &reporter};
const accounts::Action follow_report{"follow_report", &signed_in};
const accounts::Action manage_categories{"manage_categories", &province_admin};
}  // namespace actions

accounts::Permissions permissions() {
  return {{&actions::file_report, &actions::work_reports, &actions::handle_report,
           &actions::act_as_reporter, &actions::follow_report, &actions::manage_categories},
          {},
          {{"open311", true}}};
}

}  // namespace cds::feedback
