// Every action every module declares (app::Module::permissions), decided for every kind of
// person: the table below must have a row for each declared action and none for an action
// nobody declares, so a module that adds an action without saying who may do it fails here.
#include <gtest/gtest.h>

#include <map>

#include "accounts/authz.h"
#include "app/platform.h"
#include "cli/modules.h"

using namespace cds;
using accounts::Actor;
using accounts::Decision;
using accounts::Role;

namespace {

constexpr const char* kCommune = "04252";  // Phường Yên Bái, in province 15
constexpr const char* kOther = "04543";    // Phường Âu Lâu, in province 15
constexpr const char* kProvince = "15";
constexpr const char* kElsewhere = "01";  // another province (Hà Nội)
constexpr const char* kElsewhereCommune = "00004";

std::string parent(const std::string& unit) {
  if (unit == kCommune || unit == kOther) return kProvince;
  if (unit == kElsewhereCommune) return kElsewhere;
  return "";
}

Actor person(int64_t id, std::vector<Role> roles, std::vector<std::string> units) {
  Actor a;
  a.account_id = id;
  a.roles.insert(Role::citizen);
  for (Role r : roles) a.roles.insert(r);
  for (const auto& u : units) a.scopes.push_back({std::nullopt, u});
  return a;
}

Actor machine(std::set<std::string> scopes) {
  Actor a;
  a.api_key_id = 9;
  a.api_scopes = std::move(scopes);
  return a;
}

// Columns, in this order.
enum Who {
  anonymous,
  citizen,
  officer,
  officer_elsewhere,
  unit_admin,
  province_admin,
  other_province_admin,
  party_member,
  alert_officer,
  open311_key,
  vneid_key,
  kWho
};

std::array<Actor, kWho> cast() {
  Role alert_officer_role = *accounts::parse_role("alert_officer");
  return {Actor{},
          person(1, {}, {}),
          person(2, {Role::officer}, {kCommune}),
          person(3, {Role::officer}, {kOther}),
          person(4, {Role::unit_admin}, {kCommune}),
          person(5, {Role::province_admin}, {kProvince}),
          person(6, {Role::province_admin}, {kElsewhere}),
          person(7, {Role::party_member}, {}),
          person(8, {alert_officer_role}, {kCommune}),
          machine({"open311"}),
          machine({"vneid:import"})};
}

constexpr char A = 'a', U = 'u', F = 'f';  // allow, unauthenticated, forbidden

// What each action decides for each person about something in kCommune that belongs to
// person 1 (the citizen) and no agency.
const std::map<std::string, std::string> kExpected = {
    //                      anon cit off oel uad pad opa pm  ao  311 vne
    {"use_own_account",
     "u"
     "a"
     "a"
     "a"
     "a"
     "a"
     "a"
     "a"
     "a"
     "f"
     "f"},
    {"look_up_people",
     "u"
     "f"
     "a"
     "a"
     "a"
     "a"
     "a"
     "f"
     "f"
     "f"
     "f"},
    {"view_person",
     "u"
     "f"
     "a"
     "f"
     "a"
     "a"
     "a"
     "f"
     "f"
     "f"
     "f"},
    {"set_person_fact",
     "u"
     "f"
     "a"
     "f"
     "a"
     "a"
     "a"
     "f"
     "f"
     "f"
     "f"},
    {"import_vneid",
     "u"
     "f"
     "a"
     "a"
     "a"
     "a"
     "a"
     "f"
     "f"
     "f"
     "a"},
    {"import_vneid_row",
     "u"
     "f"
     "a"
     "f"
     "a"
     "a"
     "a"
     "f"
     "f"
     "f"
     "a"},
    {"view_vneid_import",
     "u"
     "a"
     "f"
     "f"
     "f"
     "a"
     "a"
     "f"
     "f"
     "f"
     "f"},
    {"administer_units",
     "u"
     "f"
     "f"
     "f"
     "a"
     "a"
     "a"
     "f"
     "f"
     "f"
     "f"},
    {"manage_agencies",
     "u"
     "f"
     "f"
     "f"
     "a"
     "a"
     "f"
     "f"
     "f"
     "f"
     "f"},
    {"manage_officers",
     "u"
     "f"
     "f"
     "f"
     "a"
     "a"
     "f"
     "f"
     "f"
     "f"
     "f"},
    {"grant_admin_role",
     "u"
     "f"
     "f"
     "f"
     "f"
     "a"
     "f"
     "f"
     "f"
     "f"
     "f"},
    {"manage_api_keys",
     "u"
     "f"
     "f"
     "f"
     "f"
     "a"
     "a"
     "f"
     "f"
     "f"
     "f"},
    {"view_audit",
     "u"
     "f"
     "f"
     "f"
     "f"
     "a"
     "a"
     "f"
     "f"
     "f"
     "f"},
    {"handle_deletion",
     "u"
     "f"
     "f"
     "f"
     "f"
     "a"
     "a"
     "f"
     "f"
     "f"
     "f"},
    {"view_dev_outbox",
     "a"
     "a"
     "a"
     "a"
     "a"
     "a"
     "a"
     "a"
     "a"
     "a"
     "a"},
    {"file_report",
     "u"
     "a"
     "a"
     "a"
     "a"
     "a"
     "a"
     "a"
     "a"
     "a"
     "f"},
    {"work_reports",
     "u"
     "f"
     "a"
     "a"
     "a"
     "a"
     "a"
     "f"
     "f"
     "f"
     "f"},
    {"handle_report",
     "u"
     "f"
     "a"
     "f"
     "a"
     "a"
     "a"
     "f"
     "f"
     "f"
     "f"},
    {"act_as_reporter",
     "u"
     "a"
     "f"
     "f"
     "f"
     "f"
     "f"
     "f"
     "f"
     "f"
     "f"},
    {"follow_report",
     "u"
     "a"
     "a"
     "a"
     "a"
     "a"
     "a"
     "a"
     "a"
     "f"
     "f"},
    {"manage_categories",
     "u"
     "f"
     "f"
     "f"
     "f"
     "a"
     "a"
     "f"
     "f"
     "f"
     "f"},
    {"issue_alerts",
     "u"
     "f"
     "f"
     "f"
     "f"
     "a"
     "f"
     "f"
     "a"
     "f"
     "f"},
    {"follow_alert_answers",
     "u"
     "f"
     "a"
     "f"
     "f"
     "a"
     "f"
     "f"
     "a"
     "f"
     "f"},
    {"publish_news",
     "u"
     "f"
     "a"
     "f"
     "a"
     "a"
     "f"
     "f"
     "f"
     "f"
     "f"},
    {"manage_villages",
     "u"
     "f"
     "f"
     "f"
     "a"
     "a"
     "f"
     "f"
     "f"
     "f"
     "f"},
    {"view_households",
     "u"
     "f"
     "a"
     "f"
     "a"
     "a"
     "f"
     "f"
     "f"
     "f"
     "f"},
    {"confirm_household",
     "u"
     "f"
     "a"
     "f"
     "a"
     "a"
     "f"
     "f"
     "f"
     "f"
     "f"},
    {"write_notices",
     "u"
     "f"
     "a"
     "f"
     "a"
     "a"
     "f"
     "f"
     "f"
     "f"
     "f"},
    {"follow_notices",
     "u"
     "f"
     "a"
     "f"
     "a"
     "a"
     "f"
     "f"
     "f"
     "f"
     "f"},
};

}  // namespace

TEST(Permissions, EveryDeclaredActionIsDecidedForEveryKindOfPerson) {
  auto modules = cli::modules();
  app::declare_permissions(modules);
  auto actors = cast();
  accounts::Target target{kCommune, 0, 1};
  std::set<std::string> declared;
  for (auto& m : modules)
    for (const accounts::Action* action : m->permissions().actions) {
      std::string code(action->code);
      EXPECT_TRUE(declared.insert(code).second) << code << " is declared twice";
      auto row = kExpected.find(code);
      if (row == kExpected.end()) {
        ADD_FAILURE() << m->name() << " declares " << code << ", which has no row here";
        continue;
      }
      ASSERT_EQ(row->second.size(), size_t(kWho)) << code;
      for (int who = 0; who < kWho; ++who) {
        Decision d = accounts::decide(actors[who], *action, target, parent);
        char got = d == Decision::allow ? A : d == Decision::unauthenticated ? U : F;
        EXPECT_EQ(got, row->second[who]) << code << " for column " << who;
      }
    }
  for (const auto& [code, row] : kExpected)
    EXPECT_TRUE(declared.contains(code)) << code << " has a row but no module declares it";
}

TEST(Permissions, ModulesDeclareTheirOwnRolesWithTheirRules) {
  auto modules = cli::modules();
  app::declare_permissions(modules);
  auto alert_officer = accounts::parse_role("alert_officer");
  ASSERT_TRUE(alert_officer);
  auto info = accounts::role_info(*alert_officer);
  ASSERT_TRUE(info);
  EXPECT_TRUE(info->scoped);
  EXPECT_TRUE(info->unit_required);
  EXPECT_FALSE(info->administrator);
  // The community module's roles are held for a village.
  for (const char* code : {"village_head", "community_tech_team"}) {
    auto role = accounts::parse_role(code);
    ASSERT_TRUE(role) << code;
    EXPECT_TRUE(accounts::role_info(*role)->village) << code;
    EXPECT_FALSE(accounts::role_info(*role)->administrator) << code;
  }
  EXPECT_FALSE(accounts::parse_role("village_elder")) << "nobody declares it";
  // The same code with another meaning is refused.
  EXPECT_THROW(accounts::declare_role({*alert_officer, false, false, true}), std::logic_error);
}

TEST(Permissions, AProvinceAdministratorsPowersStopAtTheirProvince) {
  auto modules = cli::modules();
  app::declare_permissions(modules);
  auto actors = cast();
  accounts::Target elsewhere{kElsewhereCommune, 0, 0};
  for (auto& m : modules)
    for (const accounts::Action* action : m->permissions().actions) {
      if (action->code == "grant_admin_role" || action->code == "issue_alerts" ||
          action->code == "publish_news" || action->code == "manage_officers")
        EXPECT_EQ(accounts::decide(actors[province_admin], *action, elsewhere, parent),
                  Decision::forbidden)
            << action->code;
    }
}
