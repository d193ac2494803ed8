// The one place that decides who may do what. Handlers and services ask decide() (or
// require()); nothing else looks at roles.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/model.h"

namespace cds::accounts {

// Who is asking: a signed-in account, a machine client with an API key, or nobody.
struct Actor {
  int64_t account_id = 0;
  int64_t api_key_id = 0;
  std::set<Role> roles;
  std::vector<Scope> scopes;
  std::set<std::string> api_scopes;
  std::string home_unit;     // the 2025 commune a signed-in person gave as home, or ""
  std::string home_village;  // the village in it they named ("04252.17"), or ""
  bool signed_in() const { return account_id != 0; }
  bool anonymous() const { return account_id == 0 && api_key_id == 0; }
  bool has(Role r) const { return roles.contains(r); }
};

struct Target {
  std::string unit_code;      // the unit the data or thing belongs to, when it matters
  int64_t agency_id = 0;      // the agency handling it (reports)
  int64_t owner_account = 0;  // whose it is (a report's author)
};

enum class Decision { allow, unauthenticated, forbidden };

// unit_parent answers "which unit contains this one" (2025 commune → province), so that a
// scope on a province covers its communes.
using UnitParent = std::function<std::string(const std::string&)>;

// Something a person or a machine may or may not do, with its rule (after Decidim's
// permissions): accounts declares its own below; each module declares its own beside its code
// (feedback/permissions.h…) and lists them in app::Module::permissions. An anonymous reader
// is asked to sign in, unless the action is open to anyone.
struct Action {
  using Rule = bool (*)(const Actor& actor, const Target& target, const UnitParent& unit_parent);
  std::string_view code;  // for tests and logs
  Rule rule;
  bool open_to_anyone = false;

  static const Action use_own_account;    // see, edit, export, consent, ask for deletion
  static const Action look_up_people;     // open the officers' people pages at all
  static const Action view_person;        // another person's personal data (target: their unit)
  static const Action set_person_fact;    // VNeID status and other facts on another person
  static const Action import_vneid;       // the commune police's VNeID list
  static const Action import_vneid_row;   // one person of that list (target: their unit)
  static const Action view_vneid_import;  // one list received (target.owner_account: sender)
  static const Action administer_units;   // open the role and agency forms
  static const Action manage_agencies;
  static const Action manage_officers;   // grant roles that are not administrators' (target: unit)
  static const Action grant_admin_role;  // grant unit_admin or province_admin
  static const Action manage_api_keys;
  static const Action view_audit;
  static const Action handle_deletion;  // see and carry out deletion requests
  static const Action view_dev_outbox;  // only routed with serve --dev-outbox
};

// A part of the administration (/quan-tri) a module adds: its path, its catalogue key
// (admin.section.<key> and <key>_hint) and the action that opens it.
struct AdminSection {
  std::string path, key;
  const Action* action = nullptr;
};

// What a machine client's API key may be allowed (its name and what it allows in the pages:
// the catalogue's "api_scope.<code>"). A key created without scopes gets the default ones.
struct ApiScope {
  std::string_view code;
  bool by_default = false;
};

// What a module declares: its actions, its roles, its API scopes, and what it asks people's
// consent for.
struct Permissions {
  std::vector<const Action*> actions;
  std::vector<RoleInfo> roles;
  std::vector<ApiScope> api_scopes;
  std::vector<ConsentPurpose> consents;
};

// Makes a module's roles, API scopes and consent purposes known (parse_role, the grant form, the
// key form); called for each module at start, before anything reads a role. A role code declared
// twice with a different meaning throws.
void declare(const Permissions& permissions);
// Every API scope known, accounts' own first.
std::vector<ApiScope> known_api_scopes();
// What accounts itself declares.
Permissions own_permissions();

Decision decide(const Actor& actor, const Action& action, const Target& target,
                const UnitParent& unit_parent);
// Throws cds::Error (unauthenticated / forbidden) unless allowed.
void require(const Actor& actor, const Action& action, const Target& target,
             const UnitParent& unit_parent);
// The administration (/quan-tri) opens for whoever may use one of its parts: look people up,
// manage API keys, or give roles and create agencies.
bool may_open_administration(const Actor& actor, const UnitParent& unit_parent);

// What rules are made of.
// True when one of the actor's unit scopes covers unit_code.
bool covers(const Actor& actor, const std::string& unit_code, const UnitParent& unit_parent);
// A province administrator whose province covers the target's unit (or there is no unit).
bool province_admin_here(const Actor& actor, const Target& target, const UnitParent& unit_parent);
// An officer or unit administrator (the platform's staff), wherever their scopes are.
bool staff(const Actor& actor);

}  // namespace cds::accounts
