#include "accounts/store.h"

#include "core/time.h"

namespace cds::accounts::store {

using db::Value;

std::string now() { return timeutil::iso_utc(timeutil::Clock::now()); }

namespace {
Value opt_text(const std::string& s) { return s.empty() ? db::null() : Value(s); }

constexpr const char* kAccountColumns =
    "id, phone, full_name, cccd, home_unit_code, ethnic_group, preferred_language, status, "
    "created_at, village_code";

Account account_from(const db::Row& r) {
  Account a;
  a.id = r.integer(0);
  a.phone = r.text(1);
  a.full_name = r.text(2);
  a.cccd = r.text(3);
  a.home_unit_code = r.text(4);
  a.ethnic_group = r.text(5);
  a.preferred_language = r.text(6);
  a.status = r.text(7);
  a.created_at = r.text(8);
  a.village_code = r.text(9);
  return a;
}

std::optional<Account> one_account(db::Connection& c, const std::string& where, const Value& v) {
  auto r = c.query(std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE " + where, {v});
  if (r.empty()) return std::nullopt;
  return account_from(r.rows[0]);
}
}  // namespace

std::optional<std::string> setting(db::Connection& c, const std::string& key) {
  auto r = c.query("SELECT value FROM settings WHERE key = $1", {key});
  if (r.empty()) return std::nullopt;
  return r.rows[0].text(0);
}

void put_setting(db::Connection& c, const std::string& key, const std::string& value) {
  c.query(
      "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = "
      "$2",
      {key, value});
}

std::optional<Account> account_by_id(db::Connection& c, int64_t id) {
  return one_account(c, "id = $1", id);
}
std::optional<Account> account_by_phone(db::Connection& c, const std::string& phone) {
  return one_account(c, "phone = $1", phone);
}
std::optional<Account> account_by_cccd(db::Connection& c, const std::string& cccd) {
  return one_account(c, "cccd = $1 AND status = 'active'", cccd);
}
std::optional<Account> cccd_holder(db::Connection& c, const std::string& cccd) {
  return one_account(c, "cccd = $1", cccd);
}

std::string password_hash(db::Connection& c, int64_t id) {
  auto r = c.query("SELECT password_hash FROM accounts WHERE id = $1", {id});
  return r.empty() ? std::string() : r.rows[0].text(0);
}

int64_t insert_account(db::Connection& c, const Account& a, const std::string& hash) {
  std::string t = now();
  auto r = c.query(
      "INSERT INTO accounts (phone, password_hash, full_name, cccd, home_unit_code, ethnic_group, "
      "preferred_language, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
      "$9, $9) "
      "RETURNING id",
      {a.phone, opt_text(hash), opt_text(a.full_name), opt_text(a.cccd), opt_text(a.home_unit_code),
       opt_text(a.ethnic_group), opt_text(a.preferred_language), a.status, t});
  return r.rows.at(0).integer(0);
}

void update_pending_account(db::Connection& c, int64_t id, const Account& a,
                            const std::string& hash) {
  c.query(
      "UPDATE accounts SET password_hash = $2, full_name = $3, home_unit_code = $4, updated_at = "
      "$5 "
      "WHERE id = $1 AND status = 'pending'",
      {id, hash, a.full_name, a.home_unit_code, now()});
}

void set_status(db::Connection& c, int64_t id, const std::string& status) {
  c.query("UPDATE accounts SET status = $2, updated_at = $3 WHERE id = $1", {id, status, now()});
}

void set_password(db::Connection& c, int64_t id, const std::string& hash) {
  c.query(
      "UPDATE accounts SET password_hash = $2, password_one_time = 0, updated_at = $3 "
      "WHERE id = $1",
      {id, hash, now()});
}

void set_one_time_password(db::Connection& c, int64_t id, const std::string& hash) {
  c.query(
      "UPDATE accounts SET password_hash = $2, password_one_time = 1, updated_at = $3 "
      "WHERE id = $1",
      {id, hash, now()});
}

bool password_is_one_time(db::Connection& c, int64_t id) {
  auto r = c.query("SELECT password_one_time FROM accounts WHERE id = $1", {id});
  return !r.empty() && r.rows[0].integer(0) != 0;
}

void update_profile(db::Connection& c, const Account& a) {
  c.touch(account_scope(a.id));
  c.query(
      "UPDATE accounts SET full_name = $2, cccd = $3, home_unit_code = $4, ethnic_group = $5, "
      "preferred_language = $6, updated_at = $7, village_code = $8 WHERE id = $1",
      {a.id, opt_text(a.full_name), opt_text(a.cccd), opt_text(a.home_unit_code),
       opt_text(a.ethnic_group), opt_text(a.preferred_language), now(), a.village_code});
}

void add_role(db::Connection& c, int64_t id, Role role) {
  c.query("INSERT INTO account_roles (account_id, role) VALUES ($1, $2) ON CONFLICT DO NOTHING",
          {id, std::string(role_name(role))});
}

void remove_role(db::Connection& c, int64_t id, Role role) {
  c.query("DELETE FROM account_roles WHERE account_id = $1 AND role = $2",
          {id, std::string(role_name(role))});
}

void add_scope(db::Connection& c, int64_t id, const Scope& scope) {
  c.query("INSERT INTO account_scopes (account_id, agency_id, unit_code) VALUES ($1, $2, $3)",
          {id, scope.agency_id ? Value(*scope.agency_id) : db::null(), opt_text(scope.unit_code)});
}

void clear_scopes(db::Connection& c, int64_t id) {
  c.query("DELETE FROM account_scopes WHERE account_id = $1", {id});
}

void load_details(db::Connection& c, Account& a) {
  a.roles.clear();
  for (const auto& r :
       c.query("SELECT role FROM account_roles WHERE account_id = $1 ORDER BY role", {a.id}).rows)
    if (auto role = parse_role(r.text(0))) a.roles.push_back(*role);
  a.scopes.clear();
  for (const auto& r :
       c.query("SELECT agency_id, unit_code FROM account_scopes WHERE account_id = $1 ORDER BY id",
               {a.id})
           .rows) {
    Scope s;
    if (!r.is_null(0)) s.agency_id = r.integer(0);
    s.unit_code = r.text(1);
    a.scopes.push_back(s);
  }
  a.facts.clear();
  for (const auto& r :
       c.query("SELECT fact, value, source, recorded_by, recorded_at FROM account_facts "
               "WHERE account_id = $1 ORDER BY fact",
               {a.id})
           .rows) {
    Fact f{r.text(0), r.text(1), r.text(2), r.text(4), std::nullopt};
    if (!r.is_null(3)) f.recorded_by = r.integer(3);
    a.facts.push_back(f);
  }
  a.consents.clear();
  for (const auto& c2 : consent_history(c, a.id)) {
    bool seen = false;
    for (const auto& existing : a.consents) seen = seen || existing.purpose == c2.purpose;
    if (!seen) a.consents.push_back(c2);  // history is newest first
  }
}

void put_fact(db::Connection& c, int64_t account, const Fact& f) {
  c.query(
      "INSERT INTO account_facts (account_id, fact, value, source, recorded_by, recorded_at) "
      "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (account_id, fact) DO UPDATE SET value = $3, "
      "source = $4, recorded_by = $5, recorded_at = $6",
      {account, f.fact, f.value, f.source, f.recorded_by ? Value(*f.recorded_by) : db::null(),
       f.recorded_at});
}

void add_consent(db::Connection& c, int64_t account, const Consent& consent) {
  c.query(
      "INSERT INTO consents (account_id, purpose, granted, text_version, decided_at) VALUES ($1, "
      "$2, $3, $4, $5)",
      {account, consent.purpose, int64_t{consent.granted ? 1 : 0}, consent.text_version,
       consent.decided_at});
}

std::vector<Consent> consent_history(db::Connection& c, int64_t account) {
  std::vector<Consent> out;
  for (const auto& r : c.query("SELECT purpose, granted, text_version, decided_at FROM consents "
                               "WHERE account_id = $1 ORDER BY id DESC",
                               {account})
                           .rows)
    out.push_back({r.text(0), r.integer(1) != 0, r.text(2), r.text(3)});
  return out;
}

void put_otp(db::Connection& c, int64_t account, const std::string& purpose,
             const std::string& code_hash, const std::string& expires_at) {
  c.query("DELETE FROM otp_codes WHERE account_id = $1 AND purpose = $2", {account, purpose});
  c.query(
      "INSERT INTO otp_codes (account_id, purpose, code_hash, expires_at, attempts, created_at) "
      "VALUES ($1, $2, $3, $4, 0, $5)",
      {account, purpose, code_hash, expires_at, now()});
}

std::optional<OtpRow> otp(db::Connection& c, int64_t account, const std::string& purpose) {
  auto r = c.query(
      "SELECT code_hash, expires_at, attempts FROM otp_codes WHERE account_id = $1 AND purpose = "
      "$2",
      {account, purpose});
  if (r.empty()) return std::nullopt;
  return OtpRow{r.rows[0].text(0), r.rows[0].text(1), static_cast<int>(r.rows[0].integer(2))};
}

void count_otp_attempt(db::Connection& c, int64_t account, const std::string& purpose) {
  c.query("UPDATE otp_codes SET attempts = attempts + 1 WHERE account_id = $1 AND purpose = $2",
          {account, purpose});
}

void delete_otp(db::Connection& c, int64_t account, const std::string& purpose) {
  c.query("DELETE FROM otp_codes WHERE account_id = $1 AND purpose = $2", {account, purpose});
}

void insert_session(db::Connection& c, const std::string& token_hash, int64_t account,
                    const std::string& expires_at) {
  std::string t = now();
  c.query(
      "INSERT INTO sessions (token_hash, account_id, created_at, expires_at, last_seen_at) "
      "VALUES ($1, $2, $3, $4, $3)",
      {token_hash, account, t, expires_at});
}

std::optional<SessionAccount> session_account(db::Connection& c, const std::string& token_hash,
                                              const std::string& t) {
  auto r = c.query(
      "SELECT s.account_id, a.home_unit_code, a.village_code FROM sessions s JOIN accounts a ON "
      "a.id = "
      "s.account_id "
      "WHERE s.token_hash = $1 AND s.expires_at > $2 AND a.status = 'active'",
      {token_hash, t});
  if (r.empty()) return std::nullopt;
  return SessionAccount{r.rows[0].integer(0), r.rows[0].text(1), r.rows[0].text(2)};
}

void delete_session(db::Connection& c, const std::string& token_hash) {
  c.query("DELETE FROM sessions WHERE token_hash = $1", {token_hash});
}

void delete_sessions_of(db::Connection& c, int64_t account) {
  c.query("DELETE FROM sessions WHERE account_id = $1", {account});
}

std::vector<std::pair<std::string, std::string>> sessions_of(db::Connection& c, int64_t account) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r :
       c.query(
            "SELECT created_at, expires_at FROM sessions WHERE account_id = $1 ORDER BY created_at",
            {account})
           .rows)
    out.emplace_back(r.text(0), r.text(1));
  return out;
}

int64_t insert_api_key(db::Connection& c, const std::string& name, const std::string& prefix,
                       const std::string& key_hash, const std::string& scopes, int64_t created_by) {
  return c
      .query(
          "INSERT INTO api_keys (name, prefix, key_hash, scopes, created_by, created_at) "
          "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
          {name, prefix, key_hash, scopes, created_by ? Value(created_by) : db::null(), now()})
      .rows.at(0)
      .integer(0);
}

namespace {
constexpr const char* kKeyColumns =
    "id, name, prefix, scopes, created_at, revoked_at, last_used_at";
ApiKeyRow key_from(const db::Row& r) {
  return {r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.text(6)};
}
}  // namespace

std::optional<ApiKeyRow> api_key_by_hash(db::Connection& c, const std::string& key_hash) {
  auto r = c.query(std::string("SELECT ") + kKeyColumns +
                       " FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL",
                   {key_hash});
  if (r.empty()) return std::nullopt;
  return key_from(r.rows[0]);
}

std::vector<ApiKeyRow> api_keys(db::Connection& c) {
  std::vector<ApiKeyRow> out;
  for (const auto& r :
       c.query(std::string("SELECT ") + kKeyColumns + " FROM api_keys ORDER BY id").rows)
    out.push_back(key_from(r));
  return out;
}

bool revoke_api_key(db::Connection& c, int64_t id) {
  return c.query("UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
                 {id, now()})
             .affected > 0;
}

int64_t insert_deletion_request(db::Connection& c, int64_t account, const std::string& due_at) {
  return c
      .query(
          "INSERT INTO deletion_requests (account_id, requested_at, due_at, status) "
          "VALUES ($1, $2, $3, 'pending') RETURNING id",
          {account, now(), due_at})
      .rows.at(0)
      .integer(0);
}

namespace {
DeletionRequest deletion_from(const db::Row& r) {
  return {r.integer(0), r.integer(1), r.text(2), r.text(3), r.text(4), r.text(5)};
}
}  // namespace

std::vector<DeletionRequest> deletion_requests(db::Connection& c, std::optional<int64_t> account) {
  std::vector<DeletionRequest> out;
  auto r = account ? c.query(
                         "SELECT id, account_id, requested_at, due_at, status, done_at FROM "
                         "deletion_requests "
                         "WHERE account_id = $1 ORDER BY id",
                         {*account})
                   : c.query(
                         "SELECT id, account_id, requested_at, due_at, status, done_at FROM "
                         "deletion_requests "
                         "ORDER BY status DESC, due_at");
  for (const auto& row : r.rows) out.push_back(deletion_from(row));
  return out;
}

std::optional<DeletionRequest> deletion_request(db::Connection& c, int64_t id) {
  auto r = c.query(
      "SELECT id, account_id, requested_at, due_at, status, done_at FROM deletion_requests WHERE "
      "id = $1",
      {id});
  if (r.empty()) return std::nullopt;
  return deletion_from(r.rows[0]);
}

void mark_deletion_done(db::Connection& c, int64_t id, int64_t by) {
  c.query("UPDATE deletion_requests SET status = 'done', done_at = $2, done_by = $3 WHERE id = $1",
          {id, now(), by});
}

void erase_personal_data(db::Connection& c, int64_t account) {
  c.touch(account_scope(account));
  std::string t = now();
  c.query(
      "UPDATE accounts SET phone = NULL, password_hash = NULL, full_name = NULL, cccd = NULL, "
      "ethnic_group = NULL, preferred_language = NULL, status = 'deleted', deleted_at = $2, "
      "updated_at = $2 "
      "WHERE id = $1",
      {account, t});
  c.query("DELETE FROM sessions WHERE account_id = $1", {account});
  c.query("DELETE FROM otp_codes WHERE account_id = $1", {account});
  c.query("DELETE FROM account_scopes WHERE account_id = $1", {account});
  c.query("DELETE FROM account_roles WHERE account_id = $1", {account});
}

std::vector<int64_t> accounts_with_role_in_units(db::Connection& c, Role role,
                                                 const std::vector<std::string>& units) {
  std::vector<int64_t> out;
  if (units.empty()) return out;
  std::string sql =
      "SELECT DISTINCT a.id FROM accounts a JOIN account_roles r ON r.account_id = a.id "
      "JOIN account_scopes s ON s.account_id = a.id WHERE a.status = 'active' AND r.role = $1 "
      "AND s.unit_code IN (";
  std::vector<Value> params{std::string(role_name(role))};
  sql += db::in_list(units, params);
  for (const auto& row : c.query(sql + ") ORDER BY a.id", params).rows)
    out.push_back(row.integer(0));
  return out;
}

bool consent_given(db::Connection& c, int64_t account, const std::string& purpose) {
  auto r = c.query(
      "SELECT granted FROM consents WHERE account_id = $1 AND purpose = $2 ORDER BY id DESC LIMIT "
      "1",
      {account, purpose});
  return !r.empty() && r.rows[0].integer(0) != 0;
}

namespace {
std::map<int64_t, std::string> names_in(db::Connection& c, const std::string& sql_start,
                                        const std::vector<int64_t>& ids) {
  std::map<int64_t, std::string> names;
  if (ids.empty()) return names;
  std::vector<Value> params;
  std::string sql = sql_start + " WHERE id IN (";
  for (int64_t id : ids) {
    params.push_back(id);
    sql += (params.size() > 1 ? ", $" : "$") + std::to_string(params.size());
  }
  for (const auto& r : c.query(sql + ")", params).rows)
    if (!r.is_null(1) && !r.text(1).empty()) names[r.integer(0)] = r.text(1);
  return names;
}
}  // namespace

std::map<int64_t, std::string> account_names(db::Connection& c, const std::vector<int64_t>& ids) {
  return names_in(c, "SELECT id, full_name FROM accounts", ids);
}
std::map<int64_t, std::string> api_key_names(db::Connection& c, const std::vector<int64_t>& ids) {
  return names_in(c, "SELECT id, name FROM api_keys", ids);
}

}  // namespace cds::accounts::store
