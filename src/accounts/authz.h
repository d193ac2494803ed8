// The one place that decides who may do what. Handlers and services ask decide() (or
// require()); nothing else looks at roles.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
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
  std::string home_unit;  // the 2025 commune a signed-in person gave as home, or ""
  bool signed_in() const { return account_id != 0; }
  bool anonymous() const { return account_id == 0 && api_key_id == 0; }
  bool has(Role r) const { return roles.contains(r); }
};

enum class Action {
  use_own_account,   // see, edit, export, consent, ask for deletion: one's own data
  look_up_people,    // open the officers' people pages at all (scope is checked per person)
  view_person,       // another person's personal data
  set_person_fact,   // VNeID status and other facts on another person
  import_vneid,      // the commune police's VNeID list
  import_vneid_row,  // one person of that list (target: their unit)
  administer_units,  // open the role and agency forms (each grant is checked on its unit)
  manage_agencies,
  manage_officers,   // grant the officer and party_member roles and scopes
  grant_admin_role,  // grant unit_admin or province_admin
  manage_api_keys,
  view_audit,
  handle_deletion,  // see and carry out deletion requests
  view_dev_outbox,
  file_report,           // a citizen signed in, or a machine client with the open311 scope
  work_reports,          // the officers' inbox and performance figures (the service scopes them)
  handle_report,         // officers of the report's agency or unit: assign, answer, reject, notes
  act_as_reporter,       // the report's own author: reopen, rate
  follow_report,         // anyone signed in: "me too" and following a report
  manage_categories,     // categories, questions and routing rules
  issue_alerts,          // draft, send, approve and cancel alerts (target: each unit of the area)
  view_vneid_import,     // one VNeID list received (target.owner_account: who sent it)
  follow_alert_answers,  // residents' answers to an alert, calls for help (target: a commune)
  publish_news,          // write and publish news (target: each unit it is for)
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

Decision decide(const Actor& actor, Action action, const Target& target,
                const UnitParent& unit_parent);
// Throws cds::Error (unauthenticated / forbidden) unless allowed.
void require(const Actor& actor, Action action, const Target& target,
             const UnitParent& unit_parent);
// The administration (/quan-tri) opens for whoever may use one of its parts: look people up,
// manage API keys, or give roles and create agencies.
bool may_open_administration(const Actor& actor, const UnitParent& unit_parent);
// True when one of the actor's unit scopes covers unit_code.
bool covers(const Actor& actor, const std::string& unit_code, const UnitParent& unit_parent);

}  // namespace cds::accounts
