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

// A province administrator's powers over units stop at their province: the target unit (when
// there is one; "-" or "" means none) must be covered by one of their scopes.
bool province_admin_here(const Actor& actor, const Target& target, const UnitParent& unit_parent) {
  if (!actor.has(Role::province_admin)) return false;
  if (target.unit_code.empty() || target.unit_code == "-") return true;
  return covers(actor, target.unit_code, unit_parent);
}

bool staff(const Actor& actor) { return actor.has(Role::officer) || actor.has(Role::unit_admin); }

namespace {

bool signed_in(const Actor& a, const Target&, const UnitParent&) { return a.signed_in(); }
bool anyone(const Actor&, const Target&, const UnitParent&) { return true; }
bool province_admin(const Actor& a, const Target&, const UnitParent&) {
  return a.has(Role::province_admin);
}
bool staff_or_province_admin(const Actor& a, const Target&, const UnitParent&) {
  return a.has(Role::province_admin) || staff(a);
}
bool person_in_scope(const Actor& a, const Target& t, const UnitParent& up) {
  return a.has(Role::province_admin) || (staff(a) && covers(a, t.unit_code, up));
}
bool vneid_row(const Actor& a, const Target& t, const UnitParent& up) {
  return a.api_scopes.contains("vneid:import") || person_in_scope(a, t, up);
}
// Rows outside an officer's units are reported, not applied (the service checks each).
bool vneid_list(const Actor& a, const Target&, const UnitParent&) {
  return a.has(Role::province_admin) || staff(a) || a.api_scopes.contains("vneid:import");
}
bool vneid_list_seen(const Actor& a, const Target& t, const UnitParent&) {
  return a.has(Role::province_admin) || (t.owner_account != 0 && t.owner_account == a.account_id);
}
bool units_administrator(const Actor& a, const Target&, const UnitParent&) {
  return a.has(Role::province_admin) || a.has(Role::unit_admin);
}
bool unit_administrator_here(const Actor& a, const Target& t, const UnitParent& up) {
  return province_admin_here(a, t, up) || (a.has(Role::unit_admin) && covers(a, t.unit_code, up));
}

}  // namespace

const Action Action::use_own_account{"use_own_account", &signed_in};
const Action Action::look_up_people{"look_up_people", &staff_or_province_admin};
const Action Action::view_person{"view_person", &person_in_scope};
const Action Action::set_person_fact{"set_person_fact", &person_in_scope};
const Action Action::import_vneid{"import_vneid", &vneid_list};
const Action Action::import_vneid_row{"import_vneid_row", &vneid_row};
const Action Action::view_vneid_import{"view_vneid_import", &vneid_list_seen};
const Action Action::administer_units{"administer_units", &units_administrator};
const Action Action::manage_agencies{"manage_agencies", &unit_administrator_here};
const Action Action::manage_officers{"manage_officers", &unit_administrator_here};
const Action Action::grant_admin_role{"grant_admin_role", &province_admin_here};
const Action Action::manage_api_keys{"manage_api_keys", &province_admin};
const Action Action::view_audit{"view_audit", &province_admin};
const Action Action::handle_deletion{"handle_deletion", &province_admin};
const Action Action::view_dev_outbox{"view_dev_outbox", &anyone, true};

namespace {
// Accounts' own: the commune police's VNeID list.
const std::vector<ApiScope> kOwnApiScopes{{"vneid:import", false}};
// Declared at start, read afterwards (as the roles, model.cpp).
std::vector<ApiScope>& api_scope_registry() {
  static std::vector<ApiScope> scopes = kOwnApiScopes;
  return scopes;
}
}  // namespace

std::vector<ApiScope> known_api_scopes() { return api_scope_registry(); }

Permissions own_permissions() {
  Permissions p;
  p.actions = {&Action::use_own_account,   &Action::look_up_people,   &Action::view_person,
               &Action::set_person_fact,   &Action::import_vneid,     &Action::import_vneid_row,
               &Action::view_vneid_import, &Action::administer_units, &Action::manage_agencies,
               &Action::manage_officers,   &Action::grant_admin_role, &Action::manage_api_keys,
               &Action::view_audit,        &Action::handle_deletion,  &Action::view_dev_outbox};
  p.roles = own_roles();
  p.consents = own_consent_purposes();
  p.api_scopes = kOwnApiScopes;
  return p;
}

void declare(const Permissions& permissions) {
  for (const auto& role : permissions.roles) declare_role(role);
  for (const auto& purpose : permissions.consents) declare_consent_purpose(purpose);
  auto& scopes = api_scope_registry();
  for (const auto& scope : permissions.api_scopes)
    if (std::none_of(scopes.begin(), scopes.end(),
                     [&](const ApiScope& s) { return s.code == scope.code; }))
      scopes.push_back(scope);
}

Decision decide(const Actor& actor, const Action& action, const Target& target,
                const UnitParent& unit_parent) {
  if (actor.anonymous() && !action.open_to_anyone) return Decision::unauthenticated;
  return action.rule(actor, target, unit_parent) ? Decision::allow : Decision::forbidden;
}

void require(const Actor& actor, const Action& action, const Target& target,
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
  for (const Action* a :
       {&Action::look_up_people, &Action::manage_api_keys, &Action::administer_units})
    if (decide(actor, *a, {}, unit_parent) == Decision::allow) return true;
  return false;
}

}  // namespace cds::accounts
