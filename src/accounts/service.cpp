#include "accounts/service.h"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <map>

#include "accounts/password.h"
#include "agencies/service.h"
#include "audit/service.h"
#include "core/crypto.h"
#include "core/csv.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "units/service.h"

namespace cds::accounts {
namespace json = boost::json;

namespace {

constexpr auto kCodeLifetime = std::chrono::minutes(5);
constexpr int kCodeAttempts = 5;
constexpr auto kSessionLifetime = std::chrono::hours(24 * 30);
constexpr auto kDeletionDeadline = std::chrono::hours(72);
constexpr size_t kMaxNameChars = 100;

std::string in_future(std::chrono::seconds d) {
  return timeutil::iso_utc(timeutil::Clock::now() + d);
}

size_t char_count(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string clean_name(const std::string& raw) {
  std::string name = text::nfc(text::trim(raw));
  if (name.empty() || char_count(name) > kMaxNameChars)
    throw Error(ErrorKind::bad_input, "bad_name", "A full name of 1 to 100 characters is needed");
  return name;
}

json::object account_json(const Account& a) {
  json::object o;
  o["id"] = a.id;
  o["phone"] = a.phone;
  o["full_name"] = a.full_name;
  o["cccd"] = a.cccd.empty() ? json::value(nullptr) : json::value(a.cccd);
  o["home_unit_code"] = a.home_unit_code;
  o["ethnic_group"] = a.ethnic_group;
  o["preferred_language"] = a.preferred_language;
  o["status"] = a.status;
  o["created_at"] = a.created_at;
  return o;
}

}  // namespace

std::vector<int64_t> role_holders(db::Connection& c, Role role,
                                  const std::vector<std::string>& unit_codes) {
  return store::accounts_with_role_in_units(c, role, unit_codes);
}

std::string phone_if_consented(db::Connection& c, int64_t account, const std::string& purpose) {
  if (!store::consent_given(c, account, purpose)) return "";
  auto a = store::account_by_id(c, account);
  return a && a->status == "active" ? a->phone : "";
}

AccountService::AccountService(db::Database& db, notify::SmsSender& sms,
                               const units::UnitService& units, const i18n::Catalogues& catalogues)
    : db_(db), sms_(sms), units_(units), catalogues_(catalogues) {}

UnitParent AccountService::unit_parent() const {
  const units::UnitService* u = &units_;
  return [u](const std::string& code) {
    auto unit = u->find(units::kGeneration2025, code);
    return unit ? unit->parent_code : std::string();
  };
}

const std::string& AccountService::secret() {
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

std::string AccountService::normalised_phone(const std::string& raw) {
  auto r = text::normalize_phone(raw);
  if (!r.phone) throw Error(ErrorKind::bad_input, "bad_phone", "Not a Vietnamese mobile number");
  return r.phone->e164;
}

void AccountService::check_unit(const std::string& code) {
  auto u = units_.find(units::kGeneration2025, code);
  if (!u || u->level != "commune")
    throw Error(ErrorKind::bad_input, "bad_unit", "Choose a commune or ward");
}

void AccountService::throttle_failures(const std::string& phone, const std::string& ip) {
  long wait = std::max(failures_per_phone_.retry_after(phone), failures_per_ip_.retry_after(ip));
  if (wait > 0)
    throw Error(ErrorKind::too_many_requests, "too_many_attempts", "Too many attempts", wait);
}

void AccountService::record_failure(const std::string& phone, const std::string& ip) {
  failures_per_phone_.record(phone);
  failures_per_ip_.record(ip);
}

void AccountService::send_code(db::Connection& c, int64_t account, const std::string& phone,
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

void AccountService::register_citizen(const NewAccount& request, const std::string& ip) {
  std::string phone = normalised_phone(request.phone);
  std::string name = clean_name(request.full_name);
  check_unit(request.unit_code);
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
    if (request.consent_statistics)
      store::add_consent(c, id, {"statistics", true, std::string(kConsentTextVersion), t});
    send_code(c, id, phone, "register", ip);
  });
}

void AccountService::check_code(int64_t account, const std::string& purpose,
                                const std::string& code, const std::string& ip,
                                const std::string& phone) {
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

Session AccountService::open_session(db::Connection& c, int64_t account) {
  Session s;
  s.token = crypto::random_token(32);
  s.account_id = account;
  s.max_age_seconds = std::chrono::duration_cast<std::chrono::seconds>(kSessionLifetime).count();
  store::insert_session(
      c, crypto::hash_token(s.token), account,
      in_future(std::chrono::duration_cast<std::chrono::seconds>(kSessionLifetime)));
  return s;
}

std::pair<std::string, std::optional<Account>> AccountService::attempt_for(
    const std::string& raw_phone, const std::string& ip) {
  // A malformed number still counts against its own text, so it cannot dodge the throttle.
  auto parsed = text::normalize_phone(raw_phone);
  std::string phone = parsed.phone ? parsed.phone->e164 : raw_phone;
  throttle_failures(phone, ip);
  if (!parsed.phone) return {phone, std::nullopt};
  return {phone, db_.read([&](db::Connection& c) { return store::account_by_phone(c, phone); })};
}

Session AccountService::verify_registration(const std::string& raw_phone, const std::string& code,
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

Session AccountService::login(const std::string& raw_phone, const std::string& password,
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
  return db_.write([&](db::Connection& c) { return open_session(c, account->id); });
}

void AccountService::logout(const std::string& token) {
  if (token.empty()) return;
  db_.write([&](db::Connection& c) { store::delete_session(c, crypto::hash_token(token)); });
}

void AccountService::request_password_reset(const std::string& raw_phone, const std::string& ip) {
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

Session AccountService::complete_password_reset(const std::string& raw_phone,
                                                const std::string& code,
                                                const std::string& password,
                                                const std::string& ip) {
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

Actor AccountService::actor_for_session(const std::string& token) {
  Actor actor;
  if (token.empty() || token.size() > 128) return actor;
  return db_.read([&](db::Connection& c) {
    auto id = store::session_account(c, crypto::hash_token(token), store::now());
    if (!id) return actor;
    Account a;
    a.id = *id;
    store::load_details(c, a);
    actor.account_id = a.id;
    actor.roles.insert(a.roles.begin(), a.roles.end());
    actor.scopes = a.scopes;
    return actor;
  });
}

Actor AccountService::actor_for_api_key(const std::string& key) {
  Actor actor;
  if (key.empty() || key.size() > 128) return actor;
  auto row = db_.read(
      [&](db::Connection& c) { return store::api_key_by_hash(c, crypto::hash_token(key)); });
  if (!row) return actor;
  actor.api_key_id = row->id;
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

Account AccountService::load_full(db::Connection& c, int64_t id) {
  auto a = store::account_by_id(c, id);
  if (!a || a->status == "deleted")
    throw Error(ErrorKind::not_found, "account_not_found", "No such account");
  store::load_details(c, *a);
  return *a;
}

Account AccountService::own_account(const Actor& actor) {
  require(actor, Action::use_own_account, {}, unit_parent());
  return db_.read([&](db::Connection& c) { return load_full(c, actor.account_id); });
}

void AccountService::update_own_profile(const Actor& actor, const ProfileChange& change,
                                        const std::string& ip) {
  require(actor, Action::use_own_account, {}, unit_parent());
  std::vector<std::string> changed;
  db_.write([&](db::Connection& c) {
    Account a = load_full(c, actor.account_id);
    if (change.full_name) {
      a.full_name = clean_name(*change.full_name);
      changed.push_back("full_name");
    }
    if (change.cccd) {
      std::string cccd = text::trim(*change.cccd);
      if (!cccd.empty() && !text::check_cccd(cccd).info)
        throw Error(ErrorKind::bad_input, "bad_cccd", "A CCCD number has 12 digits");
      // Never says whose it is.
      if (auto holder = cccd.empty() ? std::nullopt : store::cccd_holder(c, cccd);
          holder && holder->id != a.id)
        throw Error(ErrorKind::conflict, "cccd_taken",
                    "This CCCD number is already used by another account");
      a.cccd = cccd;
      changed.push_back("cccd");
    }
    if (change.home_unit_code) {
      check_unit(*change.home_unit_code);
      a.home_unit_code = *change.home_unit_code;
      changed.push_back("home_unit_code");
    }
    if (change.ethnic_group) {
      std::string e = text::nfc(text::trim(*change.ethnic_group));
      if (char_count(e) > 50)
        throw Error(ErrorKind::bad_input, "bad_field", "Ethnic group is too long");
      a.ethnic_group = e;
      changed.push_back("ethnic_group");
    }
    if (change.preferred_language) {
      const std::string& l = *change.preferred_language;
      if (!l.empty() && l != "vi" && l != "en")
        throw Error(ErrorKind::bad_input, "bad_field", "Language must be vi or en");
      a.preferred_language = l;
      changed.push_back("preferred_language");
    }
    try {
      store::update_profile(c, a);
    } catch (const db::DbError& e) {
      // Two people saving the same number at once: the unique index decides.
      if (e.kind == db::DbError::Kind::constraint)
        throw Error(ErrorKind::conflict, "cccd_taken",
                    "This CCCD number is already used by another account");
      throw;
    }
    for (const auto& [fact, value] : change.facts) {
      if (!self_declarable(fact) || !valid_fact(fact, value))
        throw Error(ErrorKind::bad_input, "bad_fact", "This fact cannot be declared here");
      store::put_fact(c, a.id, {fact, value, "self", store::now(), std::nullopt});
      changed.push_back(fact);
    }
    std::string detail;
    for (const auto& f : changed)
      detail += (detail.empty() ? "" : ",") + f;  // field names, never values
    audit::record(c, {.actor_account = a.id,
                      .action = "account.profile_updated",
                      .subject_account = a.id,
                      .detail = detail,
                      .ip = ip});
  });
}

void AccountService::set_own_consent(const Actor& actor, const std::string& purpose, bool granted,
                                     const std::string& ip) {
  require(actor, Action::use_own_account, {}, unit_parent());
  if (!valid_consent_purpose(purpose))
    throw Error(ErrorKind::bad_input, "bad_purpose", "Unknown purpose");
  if (purpose == "account")
    throw Error(ErrorKind::bad_input, "consent_account_use_deletion",
                "Consent for the account itself ends by deleting the account");
  db_.write([&](db::Connection& c) {
    store::add_consent(c, actor.account_id,
                       {purpose, granted, std::string(kConsentTextVersion), store::now()});
    audit::record(c, {.actor_account = actor.account_id,
                      .action = granted ? "consent.granted" : "consent.withdrawn",
                      .subject_account = actor.account_id,
                      .detail = purpose,
                      .ip = ip});
  });
}

json::object AccountService::export_own_data(const Actor& actor, const std::string& ip) {
  require(actor, Action::use_own_account, {}, unit_parent());
  return db_.write([&](db::Connection& c) {
    Account a = load_full(c, actor.account_id);
    json::object out;
    out["exported_at"] = store::now();
    out["account"] = account_json(a);
    json::array roles, scopes, facts, consents, sessions, deletions, audit;
    for (Role r : a.roles) roles.push_back(json::string(role_name(r)));
    for (const auto& s : a.scopes) {
      json::object o{{"unit_code", s.unit_code}};
      o["agency_id"] = s.agency_id ? json::value(*s.agency_id) : json::value(nullptr);
      scopes.push_back(o);
    }
    for (const auto& f : a.facts)
      facts.push_back(json::object{{"fact", f.fact},
                                   {"value", f.value},
                                   {"source", f.source},
                                   {"recorded_at", f.recorded_at}});
    for (const auto& k : store::consent_history(c, a.id))
      consents.push_back(json::object{{"purpose", k.purpose},
                                      {"granted", k.granted},
                                      {"text_version", k.text_version},
                                      {"decided_at", k.decided_at}});
    for (const auto& [created, expires] : store::sessions_of(c, a.id))
      sessions.push_back(json::object{{"created_at", created}, {"expires_at", expires}});
    for (const auto& d : store::deletion_requests(c, a.id))
      deletions.push_back(json::object{
          {"requested_at", d.requested_at}, {"due_at", d.due_at}, {"status", d.status}});
    audit::Filter mine;
    mine.subject = a.id;
    mine.limit = 1000;
    for (const auto& row : audit::rows(c, mine))
      audit.push_back(json::object{{"at", row.at},
                                   {"action", row.action},
                                   {"by_account", row.actor_account},
                                   {"detail", row.detail}});
    out["roles"] = std::move(roles);
    out["scopes"] = std::move(scopes);
    out["facts"] = std::move(facts);
    out["consents"] = std::move(consents);
    out["sessions"] = std::move(sessions);
    out["deletion_requests"] = std::move(deletions);
    out["access_log"] = std::move(audit);  // who saw or changed this person's data
    for (const auto& [name, section] : export_sections_) out[name] = section(c, a.id);
    audit::record(
        c,
        {.actor_account = a.id, .action = "account.exported", .subject_account = a.id, .ip = ip});
    return out;
  });
}

void AccountService::add_export_section(std::string name, ExportSection section) {
  export_sections_.emplace_back(std::move(name), std::move(section));
}

DeletionRequest AccountService::request_own_deletion(const Actor& actor, const std::string& ip) {
  require(actor, Action::use_own_account, {}, unit_parent());
  return db_.write([&](db::Connection& c) {
    for (const auto& d : store::deletion_requests(c, actor.account_id))
      if (d.status == "pending") return d;
    int64_t id = store::insert_deletion_request(
        c, actor.account_id,
        in_future(std::chrono::duration_cast<std::chrono::seconds>(kDeletionDeadline)));
    audit::record(c, {.actor_account = actor.account_id,
                      .action = "account.deletion_requested",
                      .subject_account = actor.account_id,
                      .ip = ip});
    return *store::deletion_request(c, id);
  });
}

Account AccountService::person(const Actor& actor, int64_t account_id, const std::string& ip) {
  return db_.write([&](db::Connection& c) {
    require(actor, Action::look_up_people, {}, unit_parent());
    auto a = store::account_by_id(c, account_id);
    // Out of scope and non-existent look alike, so that scope cannot be probed.
    if (!a || a->status == "deleted" ||
        decide(actor, Action::view_person, {a->home_unit_code}, unit_parent()) != Decision::allow)
      throw Error(ErrorKind::not_found, "account_not_found", "No such account in your units");
    store::load_details(c, *a);
    audit::record(c, {.actor_account = actor.account_id,
                      .actor_api_key = actor.api_key_id,
                      .action = "person.viewed",
                      .subject_account = a->id,
                      .ip = ip});
    return *a;
  });
}

Account AccountService::person_by_phone(const Actor& actor, const std::string& raw_phone,
                                        const std::string& ip) {
  require(actor, Action::look_up_people, {}, unit_parent());
  auto parsed = text::normalize_phone(raw_phone);
  auto a = parsed.phone ? db_.read([&](db::Connection& c) {
    return store::account_by_phone(c, parsed.phone->e164);
  })
                        : std::nullopt;
  return person(actor, a ? a->id : -1, ip);
}

void AccountService::set_person_fact(const Actor& actor, int64_t account_id,
                                     const std::string& fact, const std::string& value,
                                     const std::string& ip) {
  if (!valid_fact(fact, value))
    throw Error(ErrorKind::bad_input, "bad_fact", "Unknown fact or value");
  db_.write([&](db::Connection& c) {
    require(actor, Action::look_up_people, {}, unit_parent());
    auto a = store::account_by_id(c, account_id);
    if (!a || a->status == "deleted" ||
        decide(actor, Action::set_person_fact, {a->home_unit_code}, unit_parent()) !=
            Decision::allow)
      throw Error(ErrorKind::not_found, "account_not_found", "No such account in your units");
    std::optional<int64_t> by =
        actor.account_id ? std::optional<int64_t>(actor.account_id) : std::nullopt;
    store::put_fact(c, a->id, {fact, value, "officer", store::now(), by});
    // A state change dates itself: "activated" today, unless a date was recorded already.
    if (fact == kFactVneidState) {
      std::string date_fact = value == "registered" ? std::string(kFactVneidRegistered)
                              : value == "approved" ? std::string(kFactVneidApproved)
                                                    : std::string(kFactVneidActivated);
      Account full = *a;
      store::load_details(c, full);
      bool dated = std::any_of(full.facts.begin(), full.facts.end(),
                               [&](const Fact& f) { return f.fact == date_fact; });
      if (!dated)
        store::put_fact(
            c, a->id,
            {date_fact, timeutil::iso_date(timeutil::vietnam_date(timeutil::Clock::now())),
             "officer", store::now(), by});
    }
    audit::record(c, {.actor_account = actor.account_id,
                      .actor_api_key = actor.api_key_id,
                      .action = "fact.set",
                      .subject_account = a->id,
                      .detail = fact + "=" + value,
                      .ip = ip});
  });
}

VneidImportReport AccountService::import_vneid(const Actor& actor, const std::string& csv_text,
                                               const std::string& ip) {
  require(actor, Action::import_vneid, {}, unit_parent());
  auto accepted = text::accepted_input(csv_text);
  if (!accepted)
    throw Error(ErrorKind::bad_input, "bad_csv",
                "The file is not UTF-8 text, or holds control characters");
  csv::Table table;
  try {
    table = csv::parse(*accepted);
  } catch (const std::exception& e) {
    throw Error(ErrorKind::bad_input, "bad_csv", e.what());
  }
  int c_phone = table.column("phone"), c_cccd = table.column("cccd"),
      c_level = table.column("vneid_level"), c_state = table.column("vneid_state");
  if ((c_phone < 0 && c_cccd < 0) || c_level < 0)
    throw Error(ErrorKind::bad_input, "bad_csv",
                "Columns needed: phone or cccd, vneid_level[, vneid_state, dates]");
  const std::pair<const char*, std::string_view> dates[] = {{"registered_on", kFactVneidRegistered},
                                                            {"approved_on", kFactVneidApproved},
                                                            {"activated_on", kFactVneidActivated}};
  VneidImportReport report;
  report.rows = table.rows.size();
  db_.write([&](db::Connection& c) {
    auto cell_of = [&](size_t i, int col) {
      const auto& row = table.rows[i];
      return col >= 0 && static_cast<size_t>(col) < row.size() ? text::trim(row[col])
                                                               : std::string();
    };
    // First who each line names. A line whose phone and CCCD point at different people, or
    // whose CCCD differs from the one on the account, names nobody for sure: it is reported,
    // not applied. So are all lines that name the same person, since they may disagree.
    std::vector<std::optional<Account>> named(table.rows.size());
    std::vector<std::string> conflict(table.rows.size());
    std::map<int64_t, std::vector<size_t>> lines_of;
    for (size_t i = 0; i < table.rows.size(); ++i) {
      std::optional<Account> by_phone, by_cccd;
      if (auto p = text::normalize_phone(cell_of(i, c_phone)); p.phone)
        by_phone = store::account_by_phone(c, p.phone->e164);
      std::string cccd = cell_of(i, c_cccd);
      if (!cccd.empty()) by_cccd = store::account_by_cccd(c, cccd);
      if (by_phone && by_cccd && by_phone->id != by_cccd->id)
        conflict[i] = "the phone and the CCCD belong to two different accounts";
      else if (by_phone && !cccd.empty() && !by_phone->cccd.empty() && by_phone->cccd != cccd)
        conflict[i] = "the CCCD differs from the one on the account with this phone";
      named[i] = by_phone ? by_phone : by_cccd;
      if (named[i] && conflict[i].empty()) lines_of[named[i]->id].push_back(i);
    }
    for (const auto& [id, lines] : lines_of) {
      if (lines.size() < 2) continue;
      std::string list;
      for (size_t i : lines)
        list += (list.empty() ? "" : ", ") + std::to_string(table.line_numbers[i]);
      for (size_t i : lines) conflict[i] = "the same person is on lines " + list;
    }
    for (size_t i = 0; i < table.rows.size(); ++i) {
      std::string where = "line " + std::to_string(table.line_numbers[i]) + ": ";
      auto cell = [&](int col) { return cell_of(i, col); };
      if (!conflict[i].empty()) {
        report.problems.push_back(where + conflict[i]);
        continue;
      }
      const std::optional<Account>& a = named[i];
      if (!a || a->status != "active") {
        report.problems.push_back(where + "no account with this phone or CCCD");
        continue;
      }
      if (decide(actor, Action::import_vneid_row, {a->home_unit_code}, unit_parent()) !=
          Decision::allow) {
        report.problems.push_back(where + "the person lives outside your units");
        continue;
      }
      std::vector<Fact> facts;
      std::string level = cell(c_level), state = cell(c_state);
      if (!valid_fact(kFactVneidLevel, level)) {
        report.problems.push_back(where + "vneid_level must be none, level1 or level2");
        continue;
      }
      facts.push_back({std::string(kFactVneidLevel), level, "import", store::now(), std::nullopt});
      if (!state.empty()) {
        if (!valid_fact(kFactVneidState, state)) {
          report.problems.push_back(where +
                                    "vneid_state must be registered, approved or activated");
          continue;
        }
        facts.push_back(
            {std::string(kFactVneidState), state, "import", store::now(), std::nullopt});
      }
      bool bad_date = false;
      for (const auto& [column, fact] : dates) {
        std::string v = cell(table.column(column));
        if (v.empty()) continue;
        if (!valid_fact(fact, v)) bad_date = true;
        facts.push_back({std::string(fact), v, "import", store::now(), std::nullopt});
      }
      if (bad_date) {
        report.problems.push_back(where + "dates must be written yyyy-mm-dd");
        continue;
      }
      for (auto& f : facts) {
        if (actor.account_id) f.recorded_by = actor.account_id;
        store::put_fact(c, a->id, f);
      }
      audit::record(c, {.actor_account = actor.account_id,
                        .actor_api_key = actor.api_key_id,
                        .action = "fact.imported",
                        .subject_account = a->id,
                        .detail = "vneid_level=" + level,
                        .ip = ip});
      ++report.applied;
    }
  });
  return report;
}

Agency AccountService::create_agency(const Actor& actor, const Agency& agency,
                                     const std::string& ip) {
  Agency a = agency;
  a.name = text::nfc(text::trim(a.name));
  a.name_en = text::nfc(text::trim(a.name_en));
  if (a.name.empty() || char_count(a.name) > 200)
    throw Error(ErrorKind::bad_input, "bad_name", "An agency needs a name");
  if (!units_.find(units::kGeneration2025, a.unit_code))
    throw Error(ErrorKind::bad_input, "bad_unit", "Unknown unit");
  require(actor, Action::manage_agencies, {a.unit_code}, unit_parent());
  return db_.write([&](db::Connection& c) {
    a.id = agencies::insert(c, a);
    audit::record(c, {.actor_account = actor.account_id,
                      .actor_api_key = actor.api_key_id,
                      .action = "agency.created",
                      .detail = "agency=" + std::to_string(a.id),
                      .ip = ip});
    return a;
  });
}

std::vector<Agency> AccountService::list_agencies(const Actor& actor) {
  if (actor.anonymous()) require(actor, Action::manage_agencies, {}, unit_parent());
  return db_.read([](db::Connection& c) { return agencies::all(c); });
}

Account AccountService::grant_role(const Actor& actor, const std::string& raw_phone, Role role,
                                   const Scope& scope, const std::string& ip) {
  std::string phone = normalised_phone(raw_phone);
  if (!scope.unit_code.empty() && !units_.find(units::kGeneration2025, scope.unit_code))
    throw Error(ErrorKind::bad_input, "bad_unit", "Unknown unit");
  std::string target_unit = scope.unit_code;
  if (role == Role::unit_admin || role == Role::province_admin)
    require(actor, Action::grant_admin_role, {target_unit}, unit_parent());
  return db_.write([&](db::Connection& c) {
    if (scope.agency_id) {
      auto agency = agencies::find(c, *scope.agency_id);
      if (!agency) throw Error(ErrorKind::bad_input, "bad_agency", "Unknown agency");
      // The agency must be within the granter's reach too, not only the unit.
      require(actor, Action::manage_officers, {agency->unit_code}, unit_parent());
      if (target_unit.empty()) target_unit = agency->unit_code;
    }
    require(actor, Action::manage_officers, {target_unit.empty() ? "-" : target_unit},
            unit_parent());
    auto a = store::account_by_phone(c, phone);
    if (!a || a->status != "active")
      throw Error(ErrorKind::not_found, "account_not_found", "The person must sign up first");
    store::add_role(c, a->id, role);
    if (scope.agency_id || !scope.unit_code.empty()) store::add_scope(c, a->id, scope);
    std::string detail = std::string(role_name(role));
    if (!scope.unit_code.empty()) detail += " unit=" + scope.unit_code;
    if (scope.agency_id) detail += " agency=" + std::to_string(*scope.agency_id);
    audit::record(c, {.actor_account = actor.account_id,
                      .actor_api_key = actor.api_key_id,
                      .action = "role.granted",
                      .subject_account = a->id,
                      .detail = detail,
                      .ip = ip});
    store::load_details(c, *a);
    return *a;
  });
}

void AccountService::revoke_role(const Actor& actor, int64_t account_id, Role role,
                                 const std::string& ip) {
  if (role == Role::unit_admin || role == Role::province_admin)
    require(actor, Action::grant_admin_role, {}, unit_parent());
  db_.write([&](db::Connection& c) {
    Account a = load_full(c, account_id);
    std::string unit = a.scopes.empty() ? "-" : a.scopes.front().unit_code;
    require(actor, Action::manage_officers, {unit.empty() ? "-" : unit}, unit_parent());
    store::remove_role(c, a.id, role);
    if (role == Role::officer || role == Role::unit_admin) store::clear_scopes(c, a.id);
    audit::record(c, {.actor_account = actor.account_id,
                      .actor_api_key = actor.api_key_id,
                      .action = "role.revoked",
                      .subject_account = a.id,
                      .detail = std::string(role_name(role)),
                      .ip = ip});
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
    if (std::find(std::begin(kApiScopes), std::end(kApiScopes), scope) == std::end(kApiScopes))
      throw Error(ErrorKind::bad_input, "bad_scope",
                  "Unknown scope '" + scope + "'; the scopes are: open311 vneid:import");
    if ((" " + out + " ").find(" " + scope + " ") == std::string::npos)
      out += (out.empty() ? "" : " ") + scope;
  }
  return out.empty() ? std::string(kDefaultApiScopes) : out;
}

CreatedApiKey AccountService::insert_key(db::Connection& c, const std::string& name,
                                         const std::string& requested_scopes, int64_t by) {
  std::string scopes = api_key_scopes(requested_scopes);
  CreatedApiKey k;
  k.key = "cds_" + crypto::random_token(32);
  k.id = store::insert_api_key(c, name, k.key.substr(0, 10), crypto::hash_token(k.key), scopes, by);
  return k;
}

CreatedApiKey AccountService::create_api_key(const Actor& actor, const std::string& raw_name,
                                             const std::string& scopes, const std::string& ip) {
  require(actor, Action::manage_api_keys, {}, unit_parent());
  std::string name = text::nfc(text::trim(raw_name));
  if (name.empty() || char_count(name) > 100)
    throw Error(ErrorKind::bad_input, "bad_name", "A key needs a name");
  return db_.write([&](db::Connection& c) {
    auto k = insert_key(c, name, scopes, actor.account_id);
    audit::record(c, {.actor_account = actor.account_id,
                      .actor_api_key = actor.api_key_id,
                      .action = "api_key.created",
                      .detail = "key=" + std::to_string(k.id),
                      .ip = ip});
    return k;
  });
}

std::vector<ApiKeyRow> AccountService::list_api_keys(const Actor& actor) {
  require(actor, Action::manage_api_keys, {}, unit_parent());
  return db_.read([](db::Connection& c) { return store::api_keys(c); });
}

void AccountService::revoke_api_key(const Actor& actor, int64_t id, const std::string& ip) {
  require(actor, Action::manage_api_keys, {}, unit_parent());
  db_.write([&](db::Connection& c) {
    if (!store::revoke_api_key(c, id))
      throw Error(ErrorKind::not_found, "api_key_not_found", "No such active key");
    audit::record(c, {.actor_account = actor.account_id,
                      .actor_api_key = actor.api_key_id,
                      .action = "api_key.revoked",
                      .detail = "key=" + std::to_string(id),
                      .ip = ip});
  });
}

std::vector<audit::Row> AccountService::audit_log(const Actor& actor, const audit::Filter& filter) {
  require(actor, Action::view_audit, {}, unit_parent());
  return db_.read([&](db::Connection& c) { return audit::rows(c, filter); });
}

std::vector<DeletionRequest> AccountService::deletion_requests(const Actor& actor) {
  require(actor, Action::handle_deletion, {}, unit_parent());
  return db_.read([](db::Connection& c) { return store::deletion_requests(c, std::nullopt); });
}

void AccountService::carry_out_deletion(const Actor& actor, int64_t request_id,
                                        const std::string& ip) {
  require(actor, Action::handle_deletion, {}, unit_parent());
  std::string phone = db_.write([&](db::Connection& c) {
    auto d = store::deletion_request(c, request_id);
    if (!d || d->status != "pending")
      throw Error(ErrorKind::not_found, "deletion_request_not_found", "No such pending request");
    auto a = store::account_by_id(c, d->account_id);
    std::string old_phone = a ? a->phone : "";
    store::erase_personal_data(c, d->account_id);
    store::mark_deletion_done(c, d->id, actor.account_id);
    audit::record(c, {.actor_account = actor.account_id,
                      .actor_api_key = actor.api_key_id,
                      .action = "account.deleted",
                      .subject_account = d->account_id,
                      .ip = ip});
    return old_phone;
  });
  if (auto* outbox = dynamic_cast<notify::DevOutbox*>(&sms_)) outbox->forget(phone);
}

std::string AccountService::operator_add_user(const std::string& raw_phone, Role role,
                                              const std::string& full_name,
                                              const std::string& unit_code) {
  std::string phone = normalised_phone(raw_phone);
  if (!unit_code.empty() && !units_.find(units::kGeneration2025, unit_code))
    throw Error(ErrorKind::bad_input, "bad_unit", "Unknown unit");
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
      a.home_unit_code = unit_code;
      a.status = "active";
      id = store::insert_account(c, a, hash);
      store::add_role(c, id, Role::citizen);
      store::add_consent(c, id, {"account", true, std::string(kConsentTextVersion), store::now()});
    } else if (existing->status != "active") {
      store::set_password(c, id, hash);
      store::set_status(c, id, "active");
      created = true;
    }
    store::add_role(c, id, role);
    if (!unit_code.empty() &&
        (role == Role::officer || role == Role::unit_admin || role == Role::province_admin))
      store::add_scope(c, id, {std::nullopt, unit_code});
    audit::record(c, {.action = "role.granted",
                      .subject_account = id,
                      .detail = std::string(role_name(role)) + " by operator",
                      .ip = "cli"});
    return created ? password : std::string();
  });
}

CreatedApiKey AccountService::operator_create_api_key(const std::string& name,
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
