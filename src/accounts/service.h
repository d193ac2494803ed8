// Accounts as the platform uses them: sign-up with a one-time code by SMS, sign-in, sessions,
// the profile and its facts, consent, export and deletion, officers' access to citizens'
// data in their units, administrators' agencies, scopes and API keys. Every change and every
// read of another person's data writes its audit row in the same transaction.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/authz.h"
#include "accounts/model.h"
#include "agencies/service.h"
#include "audit/service.h"
#include "core/i18n.h"
#include "core/rate_limit.h"
#include "db/connection.h"
#include "notify/sms.h"

namespace cds::units {
class UnitService;
}

namespace cds::accounts {

using agencies::Agency;

struct Session {
  std::string token;  // the cookie value; only its hash is stored
  int64_t account_id = 0;
  long max_age_seconds = 0;
};

struct NewAccount {
  std::string phone, password, full_name, unit_code;
  // The purposes asked at sign-up (ConsentPurpose::sign_up_key) the person ticked.
  std::vector<std::string> consents;
};

struct ProfileChange {
  std::optional<std::string> full_name, cccd, home_unit_code, ethnic_group, preferred_language;
  std::vector<std::pair<std::string, std::string>> facts;  // self-declared facts
};

struct VneidImportReport {
  int64_t id = 0;  // in the import history
  size_t rows = 0, applied = 0;
  std::vector<std::string> problems;  // "line 4: no account with this phone or CCCD"
};

struct CreatedApiKey {
  int64_t id = 0;
  std::string key;  // shown once
};

// The scopes asked for (space- or comma-separated), checked against the known API scopes
// (accounts' vneid:import and the modules', authz.h), without repeats; the default ones when
// none. Throws cds::Error bad_input "bad_scope" for an unknown one.
std::string api_key_scopes(const std::string& requested);

// For other modules, inside their own transaction (no actor: the caller has decided already).
// The accounts holding `role` with a scope on one of `unit_codes`.
std::vector<int64_t> role_holders(db::Connection& c, Role role,
                                  const std::vector<std::string>& unit_codes);
// Active accounts whose home is one of these communes and whose latest decision on `purpose`
// is consent, with their phones: ids above `after`, in id order, at most `limit` (a batch).
struct Resident {
  int64_t account = 0;
  std::string unit_code, phone;
};
std::vector<Resident> consenting_residents(db::Connection& c,
                                           const std::vector<std::string>& communes,
                                           const std::string& purpose, int64_t after, size_t limit);
// How many such residents there are in all (whom an alert's texts will reach).
int64_t count_consenting_residents(db::Connection& c, const std::vector<std::string>& communes,
                                   const std::string& purpose);
// Active accounts per home commune, for these communes.
std::vector<std::pair<std::string, int64_t>> residents_per_commune(
    db::Connection& c, const std::vector<std::string>& communes);
// A person's name and phone, for a caller that has decided the read is allowed and audits it.
std::pair<std::string, std::string> name_and_phone(db::Connection& c, int64_t account);
// The phone (E.164) of an active account that consented to `purpose`; "" otherwise.
std::string phone_if_consented(db::Connection& c, int64_t account, const std::string& purpose);

class AccountService {
 public:
  AccountService(db::Database& db, notify::SmsSender& sms, const units::UnitService& units,
                 const i18n::Catalogues& catalogues);

  // ---- sign-up, sign-in, sessions (ip is the client address, for limits and the audit) ----
  void register_citizen(const NewAccount& request, const std::string& ip);
  Session verify_registration(const std::string& phone, const std::string& code,
                              const std::string& ip);
  // Throws 403 password_must_change for a one-time password (congdanso user add): it opens
  // nothing until replace_password has replaced it.
  Session login(const std::string& phone, const std::string& password, const std::string& ip);
  // The person's own password instead of the current one (a one-time one, or any), checked
  // and throttled as a sign-in; signs out every other session and signs in.
  Session replace_password(const std::string& phone, const std::string& current,
                           const std::string& chosen, const std::string& ip);
  void logout(const std::string& session_token);
  void request_password_reset(const std::string& phone, const std::string& ip);
  Session complete_password_reset(const std::string& phone, const std::string& code,
                                  const std::string& password, const std::string& ip);
  Actor actor_for_session(const std::string& session_token);
  // Also records when the key was last used (at most once a minute per key).
  Actor actor_for_api_key(const std::string& key);

  // ---- one's own account ----
  Account own_account(const Actor& actor);
  void update_own_profile(const Actor& actor, const ProfileChange& change, const std::string& ip);
  void set_own_consent(const Actor& actor, const std::string& purpose, bool granted,
                       const std::string& ip);
  boost::json::object export_own_data(const Actor& actor, const std::string& ip);
  // Other modules add what they keep about a person (their reports, follows, ratings…) to the
  // export under their own name; called inside the export's transaction. Set up at start.
  // `code_names` says under which catalogue prefix the page "Dữ liệu của tôi" finds the name
  // of a field's codes ({"status", "report.status."}).
  using ExportSection = std::function<boost::json::value(db::Connection&, int64_t account)>;
  using CodeNames = std::map<std::string, std::string>;
  void add_export_section(std::string name, ExportSection section, CodeNames code_names = {});
  const CodeNames& code_names(const std::string& section) const;
  // What erasure removes beyond the account itself: a module's personal data about the person
  // (an answer's note and place…), inside the erasure's transaction. Set up at start.
  using ErasureStep = std::function<void(db::Connection&, int64_t account)>;
  void add_erasure_step(ErasureStep step) { erasure_steps_.push_back(std::move(step)); }
  // A part of the administration (/quan-tri) a module adds (authz.h). Set up at start.
  void add_admin_section(AdminSection section) { admin_sections_.push_back(std::move(section)); }
  const std::vector<AdminSection>& admin_sections() const { return admin_sections_; }
  DeletionRequest request_own_deletion(const Actor& actor, const std::string& ip);

  // ---- officers ----
  Account person(const Actor& actor, int64_t account_id, const std::string& ip);
  Account person_by_phone(const Actor& actor, const std::string& phone, const std::string& ip);
  Account person_by_cccd(const Actor& actor, const std::string& cccd, const std::string& ip);
  void set_person_fact(const Actor& actor, int64_t account_id, const std::string& fact,
                       const std::string& value, const std::string& ip);
  VneidImportReport import_vneid(const Actor& actor, const std::string& csv_text,
                                 const std::string& ip, const std::string& file_name = "");
  // The lists received: all of them for a province administrator, one's own for others.
  std::vector<VneidImport> vneid_imports(const Actor& actor);
  VneidImport vneid_import(const Actor& actor, int64_t id);

  // ---- administrators ----
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

  // ---- operators (command line): no actor, audited as the system ----
  // Creates an active account with this role, or adds the role; returns a new password for a
  // new account ("" when the account existed).
  std::string operator_add_user(const std::string& phone, Role role, const std::string& full_name,
                                const std::string& unit_code);
  CreatedApiKey operator_create_api_key(const std::string& name, const std::string& scopes);

  // The secret that signs CSRF tokens; made on first use and kept in the database.
  const std::string& secret();
  UnitParent unit_parent() const;

 private:
  std::string normalised_phone(const std::string& raw);
  void check_unit(const std::string& code);
  void send_code(db::Connection& c, int64_t account, const std::string& phone,
                 const std::string& purpose, const std::string& ip);
  void check_code(int64_t account, const std::string& purpose, const std::string& code,
                  const std::string& ip, const std::string& phone);
  Session open_session(db::Connection& c, int64_t account);
  void throttle_failures(const std::string& phone, const std::string& ip);
  // The canonical phone (or the raw text) and its account, after the failure throttle.
  std::pair<std::string, std::optional<Account>> attempt_for(const std::string& raw_phone,
                                                             const std::string& ip);
  void record_failure(const std::string& phone, const std::string& ip);
  int64_t check_password(const std::string& phone, const std::string& password,
                         const std::string& ip);
  Account load_full(db::Connection& c, int64_t id);
  CreatedApiKey insert_key(db::Connection& c, const std::string& name, const std::string& scopes,
                           int64_t by);
  void note_key_used(int64_t key_id);
  // The unit an agency or a scope is administered from: its unit, or its agency's unit.
  bool may_manage_scope(const Actor& actor, db::Connection& c, const Scope& scope);

  db::Database& db_;
  notify::SmsSender& sms_;
  const units::UnitService& units_;
  const i18n::Catalogues& catalogues_;
  RateLimiter codes_per_phone_{3, std::chrono::minutes(15)};
  RateLimiter codes_per_ip_{10, std::chrono::hours(1)};
  RateLimiter failures_per_phone_{10, std::chrono::minutes(15)};
  RateLimiter failures_per_ip_{50, std::chrono::minutes(15)};
  std::string secret_;
  std::mutex secret_mutex_;
  std::mutex keys_used_mutex_;
  std::map<int64_t, std::chrono::steady_clock::time_point> keys_used_;
  std::vector<std::pair<std::string, ExportSection>> export_sections_;
  std::map<std::string, CodeNames> code_names_;
  std::vector<ErasureStep> erasure_steps_;
  std::vector<AdminSection> admin_sections_;
};

}  // namespace cds::accounts
