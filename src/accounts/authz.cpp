#include "accounts/authz.h"

#include <algorithm>

#include "core/error.h"

namespace cds::accounts {

bool covers(const Actor& actor, const std::string& unit_code, const UnitParent& unit_parent) {
  if (unit_code.empty()) return false;
  for (const auto& scope : actor.scopes) {
    if (scope.unit_code.empty()) continue;
    // Walk up from the unit: a province scope covers every commune in it.
    std::string u = unit_code;
    for (int depth = 0; depth < 4 && !u.empty(); ++depth) {
      if (u == scope.unit_code) return true;
      u = unit_parent(u);
    }
  }
  return false;
}

namespace {
// A province administrator's powers over units stop at their province: the target unit (when
// there is one; "-" or "" means none) must be covered by one of their scopes.
bool in_own_province(const Actor& actor, const Target& target, const UnitParent& unit_parent) {
  if (target.unit_code.empty() || target.unit_code == "-") return true;
  return covers(actor, target.unit_code, unit_parent);
}
}  // namespace

Decision decide(const Actor& actor, Action action, const Target& target,
                const UnitParent& unit_parent) {
  // Only routed at all when the server runs with --dev-outbox.
  if (action == Action::view_dev_outbox) return Decision::allow;
  if (actor.anonymous()) return Decision::unauthenticated;
  const bool province_admin = actor.has(Role::province_admin);
  const bool staff = actor.has(Role::officer) || actor.has(Role::unit_admin);
  auto allow_if = [](bool ok) { return ok ? Decision::allow : Decision::forbidden; };
  switch (action) {
    case Action::use_own_account:
      return allow_if(actor.signed_in());
    case Action::import_vneid_row:
      return allow_if(actor.api_scopes.contains("vneid:import") ||
                      decide(actor, Action::set_person_fact, target, unit_parent) ==
                          Decision::allow);
    case Action::look_up_people:
      return allow_if(province_admin || staff);
    case Action::view_person:
    case Action::set_person_fact:
      return allow_if(province_admin || (staff && covers(actor, target.unit_code, unit_parent)));
    case Action::import_vneid:
      // Rows outside an officer's units are reported, not applied (the service checks each).
      return allow_if(province_admin || staff || actor.api_scopes.contains("vneid:import"));
    case Action::administer_units:
      return allow_if(province_admin || actor.has(Role::unit_admin));
    case Action::manage_agencies:
    case Action::manage_officers:
      return allow_if(
          (province_admin && in_own_province(actor, target, unit_parent)) ||
          (actor.has(Role::unit_admin) && covers(actor, target.unit_code, unit_parent)));
    case Action::grant_admin_role:
      return allow_if(province_admin && in_own_province(actor, target, unit_parent));
    case Action::manage_api_keys:
    case Action::view_audit:
    case Action::handle_deletion:
      return allow_if(province_admin);
    case Action::view_dev_outbox:
      return Decision::allow;
    case Action::file_report:
      return allow_if(actor.signed_in() || actor.api_scopes.contains("open311"));
    case Action::work_reports:
      return allow_if(province_admin || staff);
    case Action::handle_report: {
      if (province_admin) return Decision::allow;
      if (!staff) return Decision::forbidden;
      bool agency = target.agency_id != 0 &&
                    std::any_of(actor.scopes.begin(), actor.scopes.end(),
                                [&](const Scope& s) { return s.agency_id == target.agency_id; });
      return allow_if(agency || covers(actor, target.unit_code, unit_parent));
    }
    case Action::follow_report:
      return allow_if(actor.signed_in());
    case Action::act_as_reporter:
      return allow_if(actor.signed_in() && actor.account_id == target.owner_account);
    case Action::manage_categories:
      return allow_if(province_admin);
    case Action::view_vneid_import:
      return allow_if(province_admin ||
                      (target.owner_account != 0 && target.owner_account == actor.account_id));
    case Action::publish_news:
      // Officers and administrators of the units it is for; without a unit: may write at all.
      if (target.unit_code.empty())
        return allow_if(province_admin || actor.has(Role::unit_admin) || actor.has(Role::officer));
      return allow_if((province_admin && in_own_province(actor, target, unit_parent)) ||
                      ((actor.has(Role::officer) || actor.has(Role::unit_admin)) &&
                       covers(actor, target.unit_code, unit_parent)));
    case Action::follow_alert_answers:
      // The commune's officers and alert officers, and the province's administrators.
      return allow_if((province_admin && in_own_province(actor, target, unit_parent)) ||
                      ((actor.has(Role::officer) || actor.has(Role::alert_officer)) &&
                       covers(actor, target.unit_code, unit_parent)));
    case Action::issue_alerts:
      // Without a unit: may this person issue alerts at all (checked again per unit).
      if (target.unit_code.empty())
        return allow_if(province_admin || actor.has(Role::alert_officer));
      return allow_if(
          (province_admin && in_own_province(actor, target, unit_parent)) ||
          (actor.has(Role::alert_officer) && covers(actor, target.unit_code, unit_parent)));
  }
  return Decision::forbidden;
}

void require(const Actor& actor, Action action, const Target& target,
             const UnitParent& unit_parent) {
  switch (decide(actor, action, target, unit_parent)) {
    case Decision::allow:
      return;
    case Decision::unauthenticated:
      throw Error(ErrorKind::unauthenticated, "sign_in_required", "Sign in first");
    case Decision::forbidden:
      throw Error(ErrorKind::forbidden, "forbidden", "Not allowed");
  }
}

bool may_open_administration(const Actor& actor, const UnitParent& unit_parent) {
  for (Action a : {Action::look_up_people, Action::manage_api_keys, Action::administer_units})
    if (decide(actor, a, {}, unit_parent) == Decision::allow) return true;
  return false;
}

}  // namespace cds::accounts
