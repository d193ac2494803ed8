// Who someone is: sign-up with a one-time code by SMS, sign-in and its throttles, one-time
// and forgotten passwords, sessions and API keys turned into an Actor, and the secret that
// signs CSRF tokens. Every step writes its audit row in the same transaction.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "accounts/authz.h"
#include "accounts/model.h"
#include "core/i18n.h"
#include "core/rate_limit.h"
#include "db/connection.h"
#include "notify/sms.h"

namespace cds::units {
class UnitService;
}

namespace cds::accounts {

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

class Identity {
 public:
  Identity(db::Database& db, notify::SmsSender& sms, const units::UnitService& units,
           const i18n::Catalogues& catalogues);

  // ip is the client address, for limits and the audit.
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

  // The secret that signs CSRF tokens; made on first use and kept in the database.
  const std::string& secret();

 private:
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
  void note_key_used(int64_t key_id);

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
};

}  // namespace cds::accounts
