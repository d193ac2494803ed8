// SQL for accounts, sessions, codes, consents, facts, scopes, API keys, deletion requests and
// the audit log. Every function takes the connection of the caller's transaction, so that a
// change and its audit row commit together.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "accounts/model.h"
#include "agencies/service.h"
#include "db/connection.h"

namespace cds::accounts {

using agencies::Agency;

struct OtpRow {
  std::string code_hash, expires_at;
  int attempts = 0;
};

namespace store {

std::string now();  // UTC, ISO

// settings
std::optional<std::string> setting(db::Connection& c, const std::string& key);
void put_setting(db::Connection& c, const std::string& key, const std::string& value);

// accounts
std::optional<Account> account_by_id(db::Connection& c, int64_t id);
std::optional<Account> account_by_phone(db::Connection& c, const std::string& phone);
std::optional<Account> account_by_cccd(db::Connection& c, const std::string& cccd);
// The account holding this CCCD, whatever its status (CCCD numbers are unique).
std::optional<Account> cccd_holder(db::Connection& c, const std::string& cccd);
std::string password_hash(db::Connection& c, int64_t id);
int64_t insert_account(db::Connection& c, const Account& a, const std::string& password_hash);
void update_pending_account(db::Connection& c, int64_t id, const Account& a,
                            const std::string& password_hash);
void set_status(db::Connection& c, int64_t id, const std::string& status);
// Clears the one-time mark: the person chose this password.
void set_password(db::Connection& c, int64_t id, const std::string& password_hash);
// A password an operator was shown: good for one sign-in, which must replace it.
void set_one_time_password(db::Connection& c, int64_t id, const std::string& password_hash);
bool password_is_one_time(db::Connection& c, int64_t id);
void update_profile(db::Connection& c, const Account& a);
void add_role(db::Connection& c, int64_t id, Role role);
void remove_role(db::Connection& c, int64_t id, Role role);
void add_scope(db::Connection& c, int64_t id, const Scope& scope);
void clear_scopes(db::Connection& c, int64_t id);
// Loads roles, scopes, facts and consents into a.
void load_details(db::Connection& c, Account& a);

// facts and consents
void put_fact(db::Connection& c, int64_t account, const Fact& fact);
void add_consent(db::Connection& c, int64_t account, const Consent& consent);
std::vector<Consent> consent_history(db::Connection& c, int64_t account);

// one-time codes
void put_otp(db::Connection& c, int64_t account, const std::string& purpose,
             const std::string& code_hash, const std::string& expires_at);
std::optional<OtpRow> otp(db::Connection& c, int64_t account, const std::string& purpose);
void count_otp_attempt(db::Connection& c, int64_t account, const std::string& purpose);
void delete_otp(db::Connection& c, int64_t account, const std::string& purpose);

// sessions
void insert_session(db::Connection& c, const std::string& token_hash, int64_t account,
                    const std::string& expires_at);
// A live session's account, home commune and village.
struct SessionAccount {
  int64_t account = 0;
  std::string home_unit, village;
};
std::optional<SessionAccount> session_account(db::Connection& c, const std::string& token_hash,
                                              const std::string& t);
void delete_session(db::Connection& c, const std::string& token_hash);
void delete_sessions_of(db::Connection& c, int64_t account);
std::vector<std::pair<std::string, std::string>> sessions_of(db::Connection& c,
                                                             int64_t account);  // created, expires

// API keys
int64_t insert_api_key(db::Connection& c, const std::string& name, const std::string& prefix,
                       const std::string& key_hash, const std::string& scopes, int64_t created_by);
std::optional<ApiKeyRow> api_key_by_hash(db::Connection& c, const std::string& key_hash);
std::vector<ApiKeyRow> api_keys(db::Connection& c);
bool revoke_api_key(db::Connection& c, int64_t id);

// The names of these accounts (those that still have one) and of these API keys.
std::map<int64_t, std::string> account_names(db::Connection& c, const std::vector<int64_t>& ids);
std::map<int64_t, std::string> api_key_names(db::Connection& c, const std::vector<int64_t>& ids);

// deletion
int64_t insert_deletion_request(db::Connection& c, int64_t account, const std::string& due_at);
std::vector<DeletionRequest> deletion_requests(db::Connection& c, std::optional<int64_t> account);
std::optional<DeletionRequest> deletion_request(db::Connection& c, int64_t id);
void mark_deletion_done(db::Connection& c, int64_t id, int64_t by);
// Removes name, phone, CCCD, password and the rest of what identifies the person; the row
// stays (status "deleted") so that reports and statistics keep their counts.
void erase_personal_data(db::Connection& c, int64_t account);

// Active accounts holding a role with a scope on one of these units.
std::vector<int64_t> accounts_with_role_in_units(db::Connection& c, Role role,
                                                 const std::vector<std::string>& units);
// The consent in force for a purpose (false when never given).
// accounts::consenting_residents and residents_per_commune (service.h).
int64_t count_consenting_residents(db::Connection& c, const std::vector<std::string>& communes,
                                   const std::string& purpose);
std::vector<std::tuple<int64_t, std::string, std::string>> consenting_residents(
    db::Connection& c, const std::vector<std::string>& communes, const std::string& purpose,
    int64_t after, size_t limit);
std::vector<std::pair<std::string, int64_t>> residents_per_commune(
    db::Connection& c, const std::vector<std::string>& communes);
bool consent_given(db::Connection& c, int64_t account, const std::string& purpose);

// ---- the administration's lists (store_admin.cpp) ----
// Every role but citizen held by an active account, with its scopes; by name, then role.
std::vector<RoleHolder> role_holders_list(db::Connection& c);
// Records that a key was used now, unless it was recorded after `not_before` already.
void mark_api_key_used(db::Connection& c, int64_t id, const std::string& now,
                       const std::string& not_before);
int64_t insert_vneid_import(db::Connection& c, const VneidImport& import);
// Newest first.
std::vector<VneidImport> vneid_imports(db::Connection& c);
std::optional<VneidImport> vneid_import(db::Connection& c, int64_t id);

}  // namespace store
}  // namespace cds::accounts
