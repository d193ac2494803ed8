// Administrators and operators: agencies, roles, API keys, the audit log, deletions.
#include <algorithm>

#include "accounts/administration.h"
#include "accounts/audit.h"
#include "accounts/internal.h"
#include "accounts/password.h"
#include "accounts/profile.h"
#include "accounts/service.h"
#include "accounts/store.h"
#include "agencies/service.h"
#include "audit/service.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/text.h"
#include "units/service.h"

namespace cds::accounts {

Administration::Administration(db::Database& db, notify::SmsSender& sms,
                               const units::UnitService& units, UnitParent unit_parent,
                               const Profile& profile)
    : db_(db), sms_(sms), units_(units), unit_parent_(std::move(unit_parent)), profile_(profile) {}

namespace {
// The unit a role is granted for: known, and a village exactly when the role is held for one
// (a village head answers for a village; an officer for a commune or a province).
std::optional<units::Unit> unit_for_role(const units::UnitService& units, Role role,
                                         const std::string& code) {
  auto unit = code.empty() ? std::nullopt : units.find(units::kGeneration2025, code);
  if (!code.empty() && !unit) throw Error(ErrorKind::bad_input, "bad_unit", "Unknown unit");
  bool for_village = role_info(role) && role_info(role)->village;
  if (for_village && (!unit || unit->level != units::kVillageLevel))
    throw Error(ErrorKind::bad_input, "village_required", "This role is held for a village");
  if (!for_village && unit && unit->level == units::kVillageLevel)
    throw Error(ErrorKind::bad_input, "not_for_village", "This role is not held for a village");
  return unit;
}
}  // namespace

Account Administration::grant_role(const Actor& actor, const std::string& raw_phone, Role role,
                                   const Scope& scope, const std::string& ip) {
  std::string phone = normalised_phone(raw_phone);
  unit_for_role(units_, role, scope.unit_code);
  std::string target_unit = scope.unit_code;
  if (role_info(role) && role_info(role)->administrator)
    require(actor, Action::grant_admin_role, {target_unit}, unit_parent_);
  return db_.write([&](db::Connection& c) {
    if (scope.agency_id) {
      auto agency = agencies::find(c, *scope.agency_id);
      if (!agency) throw Error(ErrorKind::bad_input, "bad_agency", "Unknown agency");
      // The agency must be within the granter's reach too, not only the unit.
      require(actor, Action::manage_officers, {agency->unit_code}, unit_parent_);
      if (target_unit.empty()) target_unit = agency->unit_code;
    }
    require(actor, Action::manage_officers, {target_unit.empty() ? "-" : target_unit},
            unit_parent_);
    auto a = store::account_by_phone(c, phone);
    if (!a || a->status != "active")
      throw Error(ErrorKind::not_found, "account_not_found", "The person must sign up first");
    // Nobody gives themselves powers: a second person does (an administrator who could would
    // be, with any rule that needs two people, both of them).
    if (actor.account_id != 0 && a->id == actor.account_id)
      throw Error(ErrorKind::forbidden, "self_grant",
                  "Another administrator must grant you a role");
    store::add_role(c, a->id, role);
    if (scope.agency_id || !scope.unit_code.empty()) store::add_scope(c, a->id, scope);
    std::string detail = std::string(role_name(role));
    if (!scope.unit_code.empty()) detail += " unit=" + scope.unit_code;
    if (scope.agency_id) detail += " agency=" + std::to_string(*scope.agency_id);
    record_by(c, actor,
              {.action = "role.granted",
               .subject_account = a->id,
               .detail = detail,
               .ip = ip,
               .unit_code = target_unit});
    store::load_details(c, *a);
    return *a;
  });
}

bool Administration::may_manage_scope(const Actor& actor, db::Connection& c, const Scope& scope) {
  std::string unit = scope.unit_code;
  if (scope.agency_id) {
    auto agency = agencies::find(c, *scope.agency_id);
    if (!agency) return false;
    if (decide(actor, Action::manage_officers, {agency->unit_code}, unit_parent_) !=
        Decision::allow)
      return false;
  }
  return decide(actor, Action::manage_officers, {unit.empty() ? "-" : unit}, unit_parent_) ==
         Decision::allow;
}

void Administration::revoke_role(const Actor& actor, int64_t account_id, Role role,
                                 const std::string& raw_reason, const std::string& ip) {
  std::string reason = text::nfc(text::trim(raw_reason));
  if (reason.empty() || char_count(reason) > 500)
    throw Error(ErrorKind::bad_input, "reason_required", "Say why the role is taken away");
  if (role == Role::citizen)
    throw Error(ErrorKind::bad_input, "bad_role", "Every account keeps the citizen role");
  require(actor, Action::administer_units, {}, unit_parent_);
  if (role_info(role) && role_info(role)->administrator)
    require(actor, Action::grant_admin_role, {}, unit_parent_);
  db_.write([&](db::Connection& c) {
    Account a = load_full(c, account_id);
    // Every unit the person answers for must be the actor's to administer; a person with no
    // scope at all is the province's.
    std::vector<Scope> scopes = a.scopes.empty() ? std::vector<Scope>{Scope{}} : a.scopes;
    for (const auto& scope : scopes)
      if (!may_manage_scope(actor, c, scope))
        throw Error(ErrorKind::forbidden, "forbidden", "Not allowed");
    // Revoking a role the person no longer holds changes nothing (and logs nothing).
    if (std::find(a.roles.begin(), a.roles.end(), role) == a.roles.end()) return;
    store::remove_role(c, a.id, role);
    bool still_scoped = std::any_of(a.roles.begin(), a.roles.end(), [&](Role r) {
      return r != role && role_info(r) && role_info(r)->scoped;
    });
    if (!still_scoped) store::clear_scopes(c, a.id);
    record_by(c, actor,
              {.action = "role.revoked",
               .subject_account = a.id,
               .detail = std::string(role_name(role)) + " reason=" + reason,
               .ip = ip,
               .unit_code = scopes.front().unit_code});
  });
}

std::vector<RoleHolder> Administration::role_holders_in_reach(const Actor& actor) {
  require(actor, Action::administer_units, {}, unit_parent_);
  return db_.read([&](db::Connection& c) {
    std::vector<RoleHolder> out;
    for (auto& h : store::role_holders_list(c)) {
      Scope scope{h.agency_id ? std::optional<int64_t>(h.agency_id) : std::nullopt, h.unit_code};
      if (may_manage_scope(actor, c, scope)) out.push_back(std::move(h));
    }
    return out;
  });
}

std::string api_key_scopes(const std::string& requested) {
  std::string out;
  std::string list = requested;
  std::replace(list.begin(), list.end(), ',', ' ');
  for (size_t pos = 0; pos < list.size();) {
    size_t end = std::min(list.find(' ', pos), list.size());
    std::string scope = list.substr(pos, end - pos);
    pos = end + 1;
    if (scope.empty()) continue;
    std::string known;
    bool found = false;
    for (const auto& s : known_api_scopes()) {
      known += " " + std::string(s.code);
      found = found || s.code == scope;
    }
    if (!found)
      throw Error(
          ErrorKind::bad_input, "bad_scope",
          std::string("Unknown scope '").append(scope).append("'; the scopes are:") + known);
    if ((" " + out + " ").find(" " + scope + " ") == std::string::npos)
      out += (out.empty() ? "" : " ") + scope;
  }
  if (out.empty())
    for (const auto& s : known_api_scopes())
      if (s.by_default) out += (out.empty() ? "" : " ") + std::string(s.code);
  return out;
}

CreatedApiKey Administration::insert_key(db::Connection& c, const std::string& name,
                                         const std::string& requested_scopes, int64_t by) {
  std::string scopes = api_key_scopes(requested_scopes);
  CreatedApiKey k;
  k.key = "cds_" + crypto::random_token(32);
  k.id = store::insert_api_key(c, name, k.key.substr(0, 10), crypto::hash_token(k.key), scopes, by);
  return k;
}

CreatedApiKey Administration::create_api_key(const Actor& actor, const std::string& raw_name,
                                             const std::string& scopes, const std::string& ip) {
  require(actor, Action::manage_api_keys, {}, unit_parent_);
  std::string name = text::nfc(text::trim(raw_name));
  if (name.empty() || char_count(name) > 100)
    throw Error(ErrorKind::bad_input, "bad_name", "A key needs a name");
  return db_.write([&](db::Connection& c) {
    auto k = insert_key(c, name, scopes, actor.account_id);
    record_by(c, actor,
              {.action = "api_key.created", .detail = "key=" + std::to_string(k.id), .ip = ip});
    return k;
  });
}

std::vector<ApiKeyRow> Administration::list_api_keys(const Actor& actor) {
  require(actor, Action::manage_api_keys, {}, unit_parent_);
  return db_.read([](db::Connection& c) { return store::api_keys(c); });
}

void Administration::revoke_api_key(const Actor& actor, int64_t id, const std::string& ip) {
  require(actor, Action::manage_api_keys, {}, unit_parent_);
  db_.write([&](db::Connection& c) {
    if (!store::revoke_api_key(c, id))
      throw Error(ErrorKind::not_found, "api_key_not_found", "No such active key");
    record_by(c, actor,
              {.action = "api_key.revoked", .detail = "key=" + std::to_string(id), .ip = ip});
  });
}

std::vector<audit::Row> Administration::audit_log(const Actor& actor, const audit::Filter& filter) {
  require(actor, Action::view_audit, {}, unit_parent_);
  return db_.read([&](db::Connection& c) { return audit::rows(c, filter); });
}

Administration::AuditNames Administration::audit_names(const Actor& actor,
                                                       const std::vector<audit::Row>& rows) {
  require(actor, Action::view_audit, {}, unit_parent_);
  std::vector<int64_t> accounts, keys;
  for (const auto& r : rows) {
    if (r.actor_account) accounts.push_back(r.actor_account);
    if (r.subject_account) accounts.push_back(r.subject_account);
    if (r.actor_api_key) keys.push_back(r.actor_api_key);
  }
  auto unique = [](std::vector<int64_t>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  };
  unique(accounts);
  unique(keys);
  return db_.read([&](db::Connection& c) {
    return AuditNames{store::account_names(c, accounts), store::api_key_names(c, keys)};
  });
}

std::vector<DeletionRequest> Administration::deletion_requests(const Actor& actor) {
  require(actor, Action::handle_deletion, {}, unit_parent_);
  return db_.read([](db::Connection& c) { return store::deletion_requests(c, std::nullopt); });
}

void Administration::carry_out_deletion(const Actor& actor, int64_t request_id,
                                        const std::string& ip) {
  require(actor, Action::handle_deletion, {}, unit_parent_);
  std::string phone = db_.write([&](db::Connection& c) {
    auto d = store::deletion_request(c, request_id);
    if (!d || d->status != "pending")
      throw Error(ErrorKind::not_found, "deletion_request_not_found", "No such pending request");
    auto a = store::account_by_id(c, d->account_id);
    std::string old_phone = a ? a->phone : "";
    store::erase_personal_data(c, d->account_id);
    profile_.erase_module_data(c, d->account_id);
    store::mark_deletion_done(c, d->id, actor.account_id);
    record_by(c, actor, {.action = "account.deleted", .subject_account = d->account_id, .ip = ip});
    return old_phone;
  });
  if (auto* outbox = dynamic_cast<notify::DevOutbox*>(&sms_)) outbox->forget(phone);
}

std::string Administration::operator_add_user(const std::string& raw_phone, Role role,
                                              const std::string& full_name,
                                              const std::string& unit_code) {
  std::string phone = normalised_phone(raw_phone);
  auto unit = unit_for_role(units_, role, unit_code);
  bool village = unit && unit->level == units::kVillageLevel;
  std::string password = crypto::random_token(12);
  std::string hash = hash_password(password);
  return db_.write([&](db::Connection& c) {
    auto existing = store::account_by_phone(c, phone);
    int64_t id = existing ? existing->id : 0;
    bool created = !existing;
    if (created) {
      Account a;
      a.phone = phone;
      a.full_name = full_name.empty() ? "" : clean_name(full_name);
      a.home_unit_code = village ? unit->parent_code : unit_code;
      a.status = "active";
      id = store::insert_account(c, a, hash);
      if (village) set_home(c, id, unit->parent_code, unit->code);
      store::set_one_time_password(c, id, hash);
      store::add_role(c, id, Role::citizen);
      store::add_consent(c, id, {"account", true, std::string(kConsentTextVersion), store::now()});
    } else if (existing->status != "active") {
      store::set_one_time_password(c, id, hash);
      store::set_status(c, id, "active");
      created = true;
    }
    store::add_role(c, id, role);
    if (!unit_code.empty() && role_info(role)->scoped)
      store::add_scope(c, id, {std::nullopt, unit_code});
    audit::record(c, {.action = "role.granted",
                      .subject_account = id,
                      .detail = std::string(role_name(role)) + " by operator",
                      .ip = "cli"});
    return created ? password : std::string();
  });
}

CreatedApiKey Administration::operator_create_api_key(const std::string& name,
                                                      const std::string& scopes) {
  return db_.write([&](db::Connection& c) {
    auto k = insert_key(c, text::nfc(text::trim(name)), scopes, 0);
    audit::record(c, {.action = "api_key.created",
                      .detail = "key=" + std::to_string(k.id) + " by operator",
                      .ip = "cli"});
    return k;
  });
}

}  // namespace cds::accounts
