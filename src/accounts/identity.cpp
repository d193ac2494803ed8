// Who someone is: sign-up, sign-in, passwords, sessions and API keys.
#include "accounts/identity.h"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>

#include "accounts/internal.h"
#include "accounts/password.h"
#include "accounts/store.h"
#include "audit/service.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "units/service.h"

namespace cds::accounts {
namespace json = boost::json;

Identity::Identity(db::Database& db, notify::SmsSender& sms, const units::UnitService& units,
                   const i18n::Catalogues& catalogues)
    : db_(db), sms_(sms), units_(units), catalogues_(catalogues) {}

const std::string& Identity::secret() {
  std::lock_guard lock(secret_mutex_);
  if (secret_.empty()) {
    secret_ = db_.write([](db::Connection& c) {
      if (auto s = store::setting(c, "csrf_secret")) return *s;
      std::string fresh = crypto::random_token(32);
      store::put_setting(c, "csrf_secret", fresh);
      return fresh;
    });
  }
  return secret_;
}

void Identity::throttle_failures(const std::string& phone, const std::string& ip) {
  long wait = std::max(failures_per_phone_.retry_after(phone), failures_per_ip_.retry_after(ip));
  if (wait > 0)
    throw Error(ErrorKind::too_many_requests, "too_many_attempts", "Too many attempts", wait);
}

void Identity::record_failure(const std::string& phone, const std::string& ip) {
  failures_per_phone_.record(phone);
  failures_per_ip_.record(ip);
}

void Identity::send_code(db::Connection& c, int64_t account, const std::string& phone,
                         const std::string& purpose, const std::string& ip) {
  std::string code = crypto::random_digits(6);
  store::put_otp(c, account, purpose, crypto::hash_token(code),
                 in_future(std::chrono::duration_cast<std::chrono::seconds>(kCodeLifetime)));
  try {
    // In Vietnamese: the text goes out before the person has chosen a language.
    std::string text = catalogues_.text("vi", "sms.code." + purpose);
    text.replace(text.find("{code}"), 6, code);
    sms_.send(phone, text);
  } catch (const std::exception&) {
    throw Error(ErrorKind::unavailable, "sms_unavailable", "The code could not be sent");
  }
}

void Identity::register_citizen(const NewAccount& request, const std::string& ip) {
  std::string phone = normalised_phone(request.phone);
  std::string name = clean_name(request.full_name);
  check_commune(units_, request.unit_code);
  for (const auto& purpose : request.consents) {
    auto all = consent_purposes();
    if (std::none_of(all.begin(), all.end(), [&](const ConsentPurpose& p) {
          return p.code == purpose && !p.sign_up_key.empty();
        }))
      throw Error(ErrorKind::bad_input, "bad_purpose", "Unknown consent purpose");
  }
  std::string national = "0" + phone.substr(3);
  if (auto problem = password_problem(request.password, national); !problem.empty())
    throw Error(ErrorKind::bad_input, problem, "The password is not acceptable");
  long wait = std::max(codes_per_phone_.retry_after(phone), codes_per_ip_.retry_after(ip));
  if (wait > 0)
    throw Error(ErrorKind::too_many_requests, "too_many_codes", "Too many codes requested", wait);
  // Counted before anything else, whatever the outcome: sign-up cannot be used to test numbers.
  codes_per_phone_.record(phone);
  codes_per_ip_.record(ip);
  std::string hash = hash_password(text::nfc(request.password));  // slow: outside the transaction
  db_.write([&](db::Connection& c) {
    auto existing = store::account_by_phone(c, phone);
    if (existing && existing->status != "pending") {
      // The same answer as for a new number, so nobody learns who is registered; the owner
      // is told by text that someone tried.
      try {
        sms_.send(phone, catalogues_.text(existing->preferred_language == "en" ? "en" : "vi",
                                          "sms.register.taken"));
      } catch (const std::exception&) {
        throw Error(ErrorKind::unavailable, "sms_unavailable", "The code could not be sent");
      }
      return;
    }
    Account a;
    a.phone = phone;
    a.full_name = name;
    a.home_unit_code = request.unit_code;
    a.status = "pending";
    int64_t id = existing ? existing->id : 0;
    if (existing)
      store::update_pending_account(c, id, a, hash);
    else
      id = store::insert_account(c, a, hash);
    std::string t = store::now();
    store::add_consent(c, id, {"account", true, std::string(kConsentTextVersion), t});
    for (const auto& purpose : request.consents)
      store::add_consent(c, id, {purpose, true, std::string(kConsentTextVersion), t});
    send_code(c, id, phone, "register", ip);
  });
}

void Identity::check_code(int64_t account, const std::string& purpose, const std::string& code,
                          const std::string& ip, const std::string& phone) {
  auto row = db_.read([&](db::Connection& c) { return store::otp(c, account, purpose); });
  if (!row || row->expires_at <= store::now())
    throw Error(ErrorKind::bad_input, "code_expired", "The code has expired; ask for a new one");
  if (row->attempts >= kCodeAttempts)
    throw Error(ErrorKind::bad_input, "code_attempts_exceeded",
                "Too many wrong codes; ask for a new one");
  if (!crypto::equal(row->code_hash, crypto::hash_token(text::trim(code)))) {
    db_.write([&](db::Connection& c) { store::count_otp_attempt(c, account, purpose); });
    record_failure(phone, ip);
    throw Error(ErrorKind::bad_input, "code_invalid", "The code is not right");
  }
}

Session Identity::open_session(db::Connection& c, int64_t account) {
  Session s;
  s.token = crypto::random_token(32);
  s.account_id = account;
  s.max_age_seconds = std::chrono::duration_cast<std::chrono::seconds>(kSessionLifetime).count();
  store::insert_session(
      c, crypto::hash_token(s.token), account,
      in_future(std::chrono::duration_cast<std::chrono::seconds>(kSessionLifetime)));
  return s;
}

std::pair<std::string, std::optional<Account>> Identity::attempt_for(const std::string& raw_phone,
                                                                     const std::string& ip) {
  // A malformed number still counts against its own text, so it cannot dodge the throttle.
  auto parsed = text::normalize_phone(raw_phone);
  std::string phone = parsed.phone ? parsed.phone->e164 : raw_phone;
  throttle_failures(phone, ip);
  if (!parsed.phone) return {phone, std::nullopt};
  return {phone, db_.read([&](db::Connection& c) { return store::account_by_phone(c, phone); })};
}

Session Identity::verify_registration(const std::string& raw_phone, const std::string& code,
                                      const std::string& ip) {
  auto attempt =
      attempt_for(raw_phone, ip);  // (not a structured binding: lambdas below capture it)
  const std::string& phone = attempt.first;
  const std::optional<Account>& account = attempt.second;
  if (!account || account->status != "pending") {
    record_failure(phone, ip);
    throw Error(ErrorKind::bad_input, "code_invalid", "The code is not right");
  }
  check_code(account->id, "register", code, ip, phone);
  return db_.write([&](db::Connection& c) {
    store::set_status(c, account->id, "active");
    store::add_role(c, account->id, Role::citizen);
    store::delete_otp(c, account->id, "register");
    audit::record(c, {.actor_account = account->id,
                      .action = "account.created",
                      .subject_account = account->id,
                      .ip = ip});
    return open_session(c, account->id);
  });
}

// The account whose password this is, or login_failed (counted against the phone and the
// address) after the same work whether or not the number has an account.
int64_t Identity::check_password(const std::string& raw_phone, const std::string& password,
                                 const std::string& ip) {
  auto attempt =
      attempt_for(raw_phone, ip);  // (not a structured binding: lambdas below capture it)
  const std::string& phone = attempt.first;
  const std::optional<Account>& account = attempt.second;
  std::string hash =
      account && account->status == "active"
          ? db_.read([&](db::Connection& c) { return store::password_hash(c, account->id); })
          : std::string();
  // Without an account the check still costs the same, so timing does not tell who exists.
  static const std::string dummy = hash_password("not a real password, only for timing");
  bool ok = verify_password(hash.empty() ? dummy : hash, text::nfc(password)) && !hash.empty();
  if (!ok) {
    record_failure(phone, ip);
    throw Error(ErrorKind::unauthenticated, "login_failed", "Wrong phone number or password");
  }
  failures_per_phone_.clear(phone);
  return account->id;
}

Session Identity::login(const std::string& raw_phone, const std::string& password,
                        const std::string& ip) {
  int64_t id = check_password(raw_phone, password, ip);
  return db_.write([&](db::Connection& c) {
    // A password an operator was shown opens nothing until it is replaced.
    if (store::password_is_one_time(c, id))
      throw Error(ErrorKind::forbidden, "password_must_change",
                  "This password was for the first sign-in only: choose your own");
    return open_session(c, id);
  });
}

Session Identity::replace_password(const std::string& raw_phone, const std::string& current,
                                   const std::string& chosen, const std::string& ip) {
  int64_t id = check_password(raw_phone, current, ip);
  std::string phone = normalised_phone(raw_phone);
  if (auto problem = password_problem(chosen, "0" + phone.substr(3)); !problem.empty())
    throw Error(ErrorKind::bad_input, problem, "The password is not acceptable");
  if (text::nfc(chosen) == text::nfc(current))
    throw Error(ErrorKind::bad_input, "password_unchanged", "Choose a password of your own");
  std::string hash = hash_password(text::nfc(chosen));
  return db_.write([&](db::Connection& c) {
    store::set_password(c, id, hash);
    store::delete_sessions_of(c, id);  // signed out everywhere else
    audit::record(c, {.actor_account = id,
                      .action = "account.password_changed",
                      .subject_account = id,
                      .ip = ip});
    return open_session(c, id);
  });
}

void Identity::logout(const std::string& token) {
  if (token.empty()) return;
  db_.write([&](db::Connection& c) { store::delete_session(c, crypto::hash_token(token)); });
}

void Identity::request_password_reset(const std::string& raw_phone, const std::string& ip) {
  std::string phone = normalised_phone(raw_phone);
  long wait = std::max(codes_per_phone_.retry_after(phone), codes_per_ip_.retry_after(ip));
  if (wait > 0)
    throw Error(ErrorKind::too_many_requests, "too_many_codes", "Too many codes requested", wait);
  codes_per_phone_.record(phone);
  codes_per_ip_.record(ip);
  // The same answer whether or not the number has an account: nobody learns who is registered.
  db_.write([&](db::Connection& c) {
    auto account = store::account_by_phone(c, phone);
    if (account && account->status == "active") send_code(c, account->id, phone, "reset", ip);
  });
}

Session Identity::complete_password_reset(const std::string& raw_phone, const std::string& code,
                                          const std::string& password, const std::string& ip) {
  std::string phone = normalised_phone(raw_phone);
  throttle_failures(phone, ip);
  auto account = db_.read([&](db::Connection& c) { return store::account_by_phone(c, phone); });
  if (!account || account->status != "active") {
    record_failure(phone, ip);
    throw Error(ErrorKind::bad_input, "code_invalid", "The code is not right");
  }
  if (auto problem = password_problem(password, "0" + phone.substr(3)); !problem.empty())
    throw Error(ErrorKind::bad_input, problem, "The password is not acceptable");
  check_code(account->id, "reset", code, ip, phone);
  std::string hash = hash_password(text::nfc(password));
  return db_.write([&](db::Connection& c) {
    store::set_password(c, account->id, hash);
    store::delete_otp(c, account->id, "reset");
    store::delete_sessions_of(c, account->id);  // signed out everywhere else
    audit::record(c, {.actor_account = account->id,
                      .action = "account.password_reset",
                      .subject_account = account->id,
                      .ip = ip});
    return open_session(c, account->id);
  });
}

Actor Identity::actor_for_session(const std::string& token) {
  Actor actor;
  if (token.empty() || token.size() > 128) return actor;
  return db_.read([&](db::Connection& c) {
    auto session = store::session_account(c, crypto::hash_token(token), store::now());
    if (!session) return actor;
    Account a;
    a.id = session->account;
    actor.home_unit = session->home_unit;
    actor.home_village = session->village;
    store::load_details(c, a);
    actor.account_id = a.id;
    actor.roles.insert(a.roles.begin(), a.roles.end());
    actor.scopes = a.scopes;
    return actor;
  });
}

Actor Identity::actor_for_api_key(const std::string& key) {
  Actor actor;
  if (key.empty() || key.size() > 128) return actor;
  auto row = db_.read(
      [&](db::Connection& c) { return store::api_key_by_hash(c, crypto::hash_token(key)); });
  if (!row) return actor;
  actor.api_key_id = row->id;
  note_key_used(row->id);
  std::string scopes = row->scopes;
  for (size_t pos = 0; pos < scopes.size();) {
    size_t end = scopes.find(' ', pos);
    std::string s = scopes.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (!s.empty()) actor.api_scopes.insert(s);
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return actor;
}

void Identity::note_key_used(int64_t key_id) {
  // A machine client may call many times a second: the database hears of it once a minute.
  constexpr auto kEvery = std::chrono::minutes(1);
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(keys_used_mutex_);
    auto& last = keys_used_[key_id];
    if (last.time_since_epoch().count() != 0 && now - last < kEvery) return;
    last = now;
  }
  auto wall = timeutil::Clock::now();
  db_.write([&](db::Connection& c) {
    store::mark_api_key_used(c, key_id, timeutil::iso_utc(wall), timeutil::iso_utc(wall - kEvery));
  });
}

}  // namespace cds::accounts
