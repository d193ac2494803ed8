#include "alerts/permissions.h"

namespace cds::alerts {
using accounts::Actor;
using accounts::Role;
using accounts::Target;
using accounts::UnitParent;

namespace {

bool issues(const Actor& a, const Target& t, const UnitParent& up) {
  if (t.unit_code.empty()) return a.has(Role::province_admin) || a.has(kAlertOfficer);
  return accounts::province_admin_here(a, t, up) ||
         (a.has(kAlertOfficer) && accounts::covers(a, t.unit_code, up));
}
// The commune's officers and alert officers, and the province's administrators.
bool follows(const Actor& a, const Target& t, const UnitParent& up) {
  return accounts::province_admin_here(a, t, up) ||
         ((a.has(Role::officer) || a.has(kAlertOfficer)) && accounts::covers(a, t.unit_code, up));
}

}  // namespace

namespace actions {
const accounts::Action issue_alerts{"issue_alerts", &issues};
const accounts::Action follow_alert_answers{"follow_alert_answers", &follows};
}  // namespace actions

accounts::Permissions permissions() {
  return {.actions = {&actions::issue_alerts, &actions::follow_alert_answers},
          .roles = {{kAlertOfficer, true, true, false}},
          .consents = {{kWarningsConsent, 30, "alerts.consent.warnings",
                        "alerts.consent.warnings_sign_up"}}};
}

}  // namespace cds::alerts
