#include "community/permissions.h"

#include "community/model.h"

namespace cds::community {
using accounts::Actor;
using accounts::Role;
using accounts::Target;
using accounts::UnitParent;

namespace {

bool commune_staff(const Actor& a, const Target& t, const UnitParent& up) {
  bool staff = a.has(Role::officer) || a.has(Role::unit_admin);
  return accounts::province_admin_here(a, t, up) ||
         (staff && !t.unit_code.empty() && accounts::covers(a, t.unit_code, up));
}

bool village_head_here(const Actor& a, const Target& t, const UnitParent& up) {
  return a.has(kVillageHead) && !t.unit_code.empty() && accounts::covers(a, t.unit_code, up);
}

bool villages_rule(const Actor& a, const Target& t, const UnitParent& up) {
  if (t.unit_code.empty()) return a.has(Role::unit_admin) || a.has(Role::province_admin);
  return accounts::province_admin_here(a, t, up) ||
         (a.has(Role::unit_admin) && accounts::covers(a, t.unit_code, up));
}

bool households_rule(const Actor& a, const Target& t, const UnitParent& up) {
  if (t.unit_code.empty())
    return a.has(kVillageHead) || a.has(Role::officer) || a.has(Role::unit_admin) ||
           a.has(Role::province_admin);
  return village_head_here(a, t, up) || commune_staff(a, t, up);
}

bool visited_rule(const Actor& a, const Target& t, const UnitParent& up) {
  if (households_rule(a, t, up)) return true;
  if (t.unit_code.empty()) return a.has(kTechTeam);
  return a.has(kTechTeam) && accounts::covers(a, t.unit_code, up);
}

}  // namespace

namespace actions {
const accounts::Action manage_villages{"manage_villages", &villages_rule};
const accounts::Action view_households{"view_households", &households_rule};
const accounts::Action confirm_household{"confirm_household", &households_rule};
const accounts::Action write_notices{"write_notices", &households_rule};
const accounts::Action follow_notices{"follow_notices", &visited_rule};
}  // namespace actions

accounts::Permissions permissions() {
  return {{&actions::manage_villages, &actions::view_households, &actions::confirm_household,
           &actions::write_notices, &actions::follow_notices},
          {{kVillageHead, true, true, false, true}, {kTechTeam, true, true, false, true}},
          {},
          {{kTextsConsent, 35, "community.consent.texts", ""}}};
}

}  // namespace cds::community
