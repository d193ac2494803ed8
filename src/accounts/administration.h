// The administration (/quan-tri) and the operators' commands: agencies, roles and their
// scopes, API keys, the audit log, carrying out deletion requests, and the parts of the
// administration modules add. Every change authorised and audited.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "accounts/authz.h"
#include "accounts/model.h"
#include "agencies/service.h"
#include "audit/service.h"
#include "db/connection.h"
#include "notify/sms.h"

namespace cds::units {
class UnitService;
}

namespace cds::accounts {

class Profile;
using agencies::Agency;

struct CreatedApiKey {
  int64_t id = 0;
  std::string key;  // shown once
};

// The scopes asked for (space- or comma-separated), checked against the known API scopes
// (accounts' vneid:import and the modules', authz.h), without repeats; the default ones when
// none. Throws cds::Error bad_input "bad_scope" for an unknown one.
std::string api_key_scopes(const std::string& requested);

class Administration {
 public:
  Administration(db::Database& db, notify::SmsSender& sms, const units::UnitService& units,
                 UnitParent unit_parent, const Profile& profile);

  Agency create_agency(const Actor& actor, const Agency& agency, const std::string& ip);
  std::vector<Agency> list_agencies(const Actor& actor);
  // The agencies whose unit the actor administers (every one for a province administrator).
  std::vector<Agency> agencies_in_reach(const Actor& actor);
  Agency agency_in_reach(const Actor& actor, int64_t id);
  void update_agency(const Actor& actor, const Agency& agency, const std::string& ip);
  void set_agency_active(const Actor& actor, int64_t id, bool active, const std::string& ip);

  // Grants a role (and optionally a scope) to the account with this phone.
  Account grant_role(const Actor& actor, const std::string& phone, Role role, const Scope& scope,
                     const std::string& ip);
  // Takes a role away, with the reason (1–500 characters) in the audit log. Officers' and unit
  // administrators' scopes go with the last role that used them. The actor must administer
  // every unit the person's scopes cover.
  void revoke_role(const Actor& actor, int64_t account_id, Role role, const std::string& reason,
                   const std::string& ip);
  // Who holds which role (not citizen), one line per scope, within the actor's units.
  std::vector<RoleHolder> role_holders_in_reach(const Actor& actor);

  CreatedApiKey create_api_key(const Actor& actor, const std::string& name,
                               const std::string& scopes, const std::string& ip);
  std::vector<ApiKeyRow> list_api_keys(const Actor& actor);
  void revoke_api_key(const Actor& actor, int64_t id, const std::string& ip);

  std::vector<audit::Row> audit_log(const Actor& actor, const audit::Filter& filter);
  // The names of the people and keys these entries mention (an erased account has none).
  struct AuditNames {
    std::map<int64_t, std::string> accounts, keys;
  };
  AuditNames audit_names(const Actor& actor, const std::vector<audit::Row>& rows);

  std::vector<DeletionRequest> deletion_requests(const Actor& actor);
  void carry_out_deletion(const Actor& actor, int64_t request_id, const std::string& ip);

  // A part of the administration a module adds (authz.h). Set up at start.
  void add_admin_section(AdminSection section) { admin_sections_.push_back(std::move(section)); }
  const std::vector<AdminSection>& admin_sections() const { return admin_sections_; }

  // ---- operators (command line): no actor, audited as the system ----
  // Creates an active account with this role, or adds the role; returns a new password for a
  // new account ("" when the account existed).
  std::string operator_add_user(const std::string& phone, Role role, const std::string& full_name,
                                const std::string& unit_code);
  CreatedApiKey operator_create_api_key(const std::string& name, const std::string& scopes);

 private:
  CreatedApiKey insert_key(db::Connection& c, const std::string& name, const std::string& scopes,
                           int64_t by);
  // The unit an agency or a scope is administered from: its unit, or its agency's unit.
  bool may_manage_scope(const Actor& actor, db::Connection& c, const Scope& scope);

  db::Database& db_;
  notify::SmsSender& sms_;
  const units::UnitService& units_;
  UnitParent unit_parent_;
  const Profile& profile_;
  std::vector<AdminSection> admin_sections_;
};

}  // namespace cds::accounts
