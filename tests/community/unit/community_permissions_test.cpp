// The community module's roles are held for a village: its head writes on its board and looks
// after its households, its technology team only marks visits; neither reaches the commune's
// board or another village. The commune's officers reach every village of the commune.
#include <gtest/gtest.h>

#include "app/platform.h"
#include "cli/modules.h"
#include "community/permissions.h"

using namespace cds;
using accounts::Actor;
using accounts::Decision;
using accounts::Role;

namespace {

std::string parent(const std::string& unit) {
  if (unit == "04252.1" || unit == "04252.2") return "04252";
  if (unit == "04252" || unit == "04543") return "15";
  return "";
}

Actor person(Role role, const std::string& unit) {
  Actor a;
  a.account_id = 1;
  a.roles = {Role::citizen, role};
  a.scopes.push_back({std::nullopt, unit});
  return a;
}

char decided(const Actor& a, const accounts::Action& action, const std::string& unit) {
  Decision d = accounts::decide(a, action, {unit, 0, 0}, parent);
  return d == Decision::allow ? 'a' : d == Decision::unauthenticated ? 'u' : 'f';
}

}  // namespace

TEST(CommunityPermissions, AVillageRoleStopsAtItsVillage) {
  auto modules = cli::modules();
  app::declare_permissions(modules);
  Actor head = person(community::kVillageHead, "04252.1");
  Actor team = person(community::kTechTeam, "04252.1");
  Actor officer = person(Role::officer, "04252");
  Actor elsewhere = person(Role::officer, "04543");
  using namespace community::actions;
  // On its own village's board and households.
  EXPECT_EQ(decided(head, write_notices, "04252.1"), 'a');
  EXPECT_EQ(decided(head, view_households, "04252.1"), 'a');
  EXPECT_EQ(decided(head, confirm_household, "04252.1"), 'a');
  EXPECT_EQ(decided(head, follow_notices, "04252.1"), 'a');
  EXPECT_EQ(decided(team, follow_notices, "04252.1"), 'a');
  EXPECT_EQ(decided(team, write_notices, "04252.1"), 'f');
  EXPECT_EQ(decided(team, view_households, "04252.1"), 'f');
  // Not the commune's board, not another village, not the villages themselves.
  for (const auto* action : {&write_notices, &view_households, &follow_notices}) {
    EXPECT_EQ(decided(head, *action, "04252"), 'f') << action->code;
    EXPECT_EQ(decided(head, *action, "04252.2"), 'f') << action->code;
    EXPECT_EQ(decided(team, *action, "04252.2"), 'f') << action->code;
  }
  EXPECT_EQ(decided(head, manage_villages, "04252"), 'f');
  // The commune's officers reach its villages; another commune's do not.
  EXPECT_EQ(decided(officer, write_notices, "04252.2"), 'a');
  EXPECT_EQ(decided(officer, view_households, "04252.1"), 'a');
  EXPECT_EQ(decided(elsewhere, write_notices, "04252.1"), 'f');
  EXPECT_EQ(decided(elsewhere, view_households, "04252.1"), 'f');
  EXPECT_EQ(decided(officer, manage_villages, "04252"), 'f');
  EXPECT_EQ(decided(person(Role::unit_admin, "04252"), manage_villages, "04252"), 'a');
  EXPECT_EQ(decided(Actor{}, write_notices, "04252.1"), 'u');
}
