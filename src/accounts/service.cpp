#include "accounts/service.h"

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

std::string in_future(std::chrono::seconds d) {
  return timeutil::iso_utc(timeutil::Clock::now() + d);
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
  o["village_unit_code"] = a.village_code;
  o["ethnic_group"] = a.ethnic_group;
  o["preferred_language"] = a.preferred_language;
  o["status"] = a.status;
  o["created_at"] = a.created_at;
  return o;
}

std::vector<int64_t> role_holders(db::Connection& c, Role role,
                                  const std::vector<std::string>& unit_codes) {
  return store::accounts_with_role_in_units(c, role, unit_codes);
}

std::vector<Resident> consenting_residents(db::Connection& c,
                                           const std::vector<std::string>& communes,
                                           const std::string& purpose, int64_t after,
                                           size_t limit) {
  std::vector<Resident> out;
  for (auto& [id, unit, phone] : store::consenting_residents(c, communes, purpose, after, limit))
    out.push_back({id, std::move(unit), std::move(phone)});
  return out;
}

int64_t count_consenting_residents(db::Connection& c, const std::vector<std::string>& communes,
                                   const std::string& purpose) {
  return store::count_consenting_residents(c, communes, purpose);
}

std::vector<std::pair<std::string, int64_t>> residents_per_commune(
    db::Connection& c, const std::vector<std::string>& communes) {
  return store::residents_per_commune(c, communes);
}

std::pair<std::string, std::string> name_and_phone(db::Connection& c, int64_t account) {
  auto a = store::account_by_id(c, account);
  return a ? std::pair{a->full_name, a->phone} : std::pair<std::string, std::string>{};
}

TextBatch text_residents(notify::SmsSender& sms, const std::vector<Resident>& residents,
                         const std::string& message) {
  TextBatch out;
  for (const auto& resident : residents) {
    try {
      sms.send(resident.phone, message);
      ++out.sent;
    } catch (const std::exception&) {
      ++out.failed;  // the gateway's reason may name the number: not logged
    }
    out.last_account = resident.account;
  }
  return out;
}

void set_home(db::Connection& c, int64_t account, const std::string& commune_code,
              const std::string& village_code) {
  c.touch(account_scope(account));
  c.query(
      "UPDATE accounts SET home_unit_code = $2, village_code = $3, updated_at = $4 WHERE id = $1",
      {account, commune_code, village_code, store::now()});
}

int64_t add_demo_resident(db::Connection& c, const std::string& full_name, const std::string& phone,
                          const std::string& commune_code, const std::string& village_code) {
  Account a;
  a.phone = phone;
  a.full_name = full_name;
  a.home_unit_code = commune_code;
  a.preferred_language = "vi";
  a.status = "active";
  int64_t id = store::insert_account(c, a, "");
  set_home(c, id, commune_code, village_code);
  return id;
}

std::string phone_if_consented(db::Connection& c, int64_t account, const std::string& purpose) {
  if (!store::consent_given(c, account, purpose)) return "";
  auto a = store::account_by_id(c, account);
  return a && a->status == "active" ? a->phone : "";
}

UnitParent unit_parent_of(const units::UnitService& units) {
  const units::UnitService* u = &units;
  return [u](const std::string& code) {
    auto unit = u->find(units::kGeneration2025, code);
    return unit ? unit->parent_code : std::string();
  };
}

std::string normalised_phone(const std::string& raw) {
  auto r = text::normalize_phone(raw);
  if (!r.phone) throw Error(ErrorKind::bad_input, "bad_phone", "Not a Vietnamese mobile number");
  return r.phone->e164;
}

void check_commune(const units::UnitService& units, const std::string& code) {
  auto u = units.find(units::kGeneration2025, code);
  if (!u || u->level != "commune")
    throw Error(ErrorKind::bad_input, "bad_unit", "Choose a commune or ward");
}

Account load_full(db::Connection& c, int64_t id) {
  auto a = store::account_by_id(c, id);
  if (!a || a->status == "deleted")
    throw Error(ErrorKind::not_found, "account_not_found", "No such account");
  store::load_details(c, *a);
  return *a;
}

AccountService::AccountService(db::Database& db, notify::SmsSender& sms,
                               const units::UnitService& units, const i18n::Catalogues& catalogues)
    : identity(db, sms, units, catalogues),
      profile(db, units, unit_parent_of(units)),
      officers(db, unit_parent_of(units)),
      admin(db, sms, units, unit_parent_of(units), profile),
      units_(units) {}

UnitParent AccountService::unit_parent() const { return unit_parent_of(units_); }

}  // namespace cds::accounts
