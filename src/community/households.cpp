// Households: a citizen creates one and invites the others by a code; those without an account
// are listed by first name and birth year; the village head or a commune officer confirms it.
// Private to its members and the officers of its village and commune; their reads are audited.
#include <algorithm>

#include "accounts/audit.h"
#include "accounts/service.h"
#include "community/permissions.h"
#include "community/service.h"
#include "community/store.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "units/service.h"

namespace cds::community {

namespace {

constexpr size_t kMaxAddressChars = 200;
constexpr size_t kMaxNameChars = 50;
constexpr size_t kMaxMembers = 30;
constexpr std::string_view kInviteAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

std::string new_invite_code() {
  std::string token = crypto::random_token(12), code;
  for (char ch : token) {
    code += kInviteAlphabet[static_cast<unsigned char>(ch) % kInviteAlphabet.size()];
    if (code.size() == 8) break;
  }
  return code;
}

// What people type for a code: "abcd efgh" or "ABCD-EFGH".
std::string normalised_code(std::string_view typed) {
  std::string out;
  for (char ch : typed) {
    if (ch == ' ' || ch == '-') continue;
    out += static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
  }
  return out;
}

std::string checked_address(const std::string& raw) {
  std::string a = text::nfc(text::trim(raw));
  if (a.empty() || text::char_count(a) > kMaxAddressChars ||
      a.find_first_of("\r\n\t") != std::string::npos)
    throw Error(ErrorKind::bad_input, "bad_household_address",
                "An address of 1 to 200 characters on one line is needed");
  return a;
}

std::string checked_first_name(const std::string& raw, const char* code = "bad_first_name") {
  std::string n = text::nfc(text::trim(raw));
  if (n.empty() || text::char_count(n) > kMaxNameChars ||
      n.find_first_of("\r\n\t") != std::string::npos)
    throw Error(ErrorKind::bad_input, code, "A name of 1 to 50 characters is needed");
  return n;
}

std::optional<int64_t> checked_birth_year(const std::string& raw) {
  std::string y = text::trim(raw);
  if (y.empty()) return std::nullopt;
  int current = timeutil::vietnam_date(timeutil::Clock::now()).year;
  auto n = text::parse_int(y, current);
  if (!n || *n < 1900)
    throw Error(ErrorKind::bad_input, "bad_birth_year",
                "A birth year is four digits, from 1900 to this year");
  return n;
}

[[noreturn]] void not_found() {
  throw Error(ErrorKind::not_found, "household_not_found", "No such household");
}

void audit_read(db::Connection& c, const Actor& actor, const Household& h, const std::string& ip,
                const std::string& action) {
  bool any = false;
  for (const auto& m : h.members)
    if (m.account_id) {
      accounts::record_by(c, actor,
                          {.action = action,
                           .subject_account = m.account_id,
                           .detail = "household=" + std::to_string(h.id),
                           .ip = ip,
                           .unit_code = h.village_code});
      any = true;
    }
  if (!any)
    accounts::record_by(c, actor,
                        {.action = action,
                         .detail = "household=" + std::to_string(h.id),
                         .ip = ip,
                         .unit_code = h.village_code});
}

}  // namespace

Households::Households(db::Database& db, const units::UnitService& units,
                       accounts::UnitParent unit_parent)
    : db_(db), units_(units), unit_parent_(std::move(unit_parent)) {}

units::Village Households::village_of(const std::string& village_code) const {
  auto id = units::village_id_of(village_code);
  auto v = id ? units_.village(*id) : std::nullopt;
  if (!v || v->code != village_code)
    throw Error(ErrorKind::bad_input, "bad_village", "Choose a village");
  return *v;
}

std::optional<Household> Households::mine(const Actor& actor) const {
  accounts::require(actor, accounts::Action::use_own_account, {}, unit_parent_);
  return db_.read([&](db::Connection& c) -> std::optional<Household> {
    auto m = store::membership_of(c, actor.account_id);
    if (!m) return std::nullopt;
    return store::household(c, m->household);
  });
}

Household Households::create(const Actor& actor, const HouseholdInput& input,
                             const std::string& ip) {
  accounts::require(actor, accounts::Action::use_own_account, {}, unit_parent_);
  units::Village v = village_of(input.village_code);
  std::string address = checked_address(input.address);
  return db_.write([&](db::Connection& c) {
    if (store::membership_of(c, actor.account_id))
      throw Error(ErrorKind::conflict, "already_in_household",
                  "You belong to a household: leave it first");
    int64_t id = store::insert_household(
        c, {v.code, v.commune_code, address, "", new_invite_code(), actor.account_id});
    store::insert_member(c, id, actor.account_id, "", std::nullopt, true);
    store::household_event(c, id, "created", actor.account_id);
    accounts::set_home(c, actor.account_id, v.commune_code, v.code);
    accounts::record_by(c, actor,
                        {.action = "household.created",
                         .subject_account = actor.account_id,
                         .detail = "household=" + std::to_string(id),
                         .ip = ip,
                         .unit_code = v.code});
    return *store::household(c, id);
  });
}

Household Households::join(const Actor& actor, const std::string& invite_code,
                           const std::string& ip) {
  accounts::require(actor, accounts::Action::use_own_account, {}, unit_parent_);
  std::string code = normalised_code(invite_code);
  return db_.write([&](db::Connection& c) {
    auto id = code.size() == 8 ? store::household_by_invite(c, code) : std::nullopt;
    if (!id)
      throw Error(ErrorKind::bad_input, "bad_invite_code",
                  "No household has this code: ask its head for it again");
    if (auto m = store::membership_of(c, actor.account_id))
      throw Error(ErrorKind::conflict,
                  m->household == *id ? "already_member" : "already_in_household",
                  "You belong to a household: leave it first");
    Household h = *store::household(c, *id);
    if (h.members.size() >= kMaxMembers)
      throw Error(ErrorKind::conflict, "household_full", "A household lists at most 30 people");
    store::insert_member(c, *id, actor.account_id, "", std::nullopt, false);
    store::household_event(c, *id, "joined", actor.account_id);
    accounts::set_home(c, actor.account_id, h.commune_code, h.village_code);
    accounts::record_by(c, actor,
                        {.action = "household.joined",
                         .subject_account = actor.account_id,
                         .detail = "household=" + std::to_string(*id),
                         .ip = ip,
                         .unit_code = h.village_code});
    return *store::household(c, *id);
  });
}

void Households::leave(const Actor& actor, const std::string& ip) {
  accounts::require(actor, accounts::Action::use_own_account, {}, unit_parent_);
  db_.write([&](db::Connection& c) {
    auto m = store::membership_of(c, actor.account_id);
    if (!m) throw Error(ErrorKind::conflict, "no_household", "You belong to no household");
    store::household_event(c, m->household, "left", actor.account_id);
    store::end_membership(c, m->household, m->member, "left");
    accounts::record_by(c, actor,
                        {.action = "household.left",
                         .subject_account = actor.account_id,
                         .detail = "household=" + std::to_string(m->household),
                         .ip = ip});
  });
}

Household Households::add_member(const Actor& actor, const ListedMember& listed,
                                 const std::string& ip) {
  accounts::require(actor, accounts::Action::use_own_account, {}, unit_parent_);
  std::string name = checked_first_name(listed.first_name);
  auto year = checked_birth_year(listed.birth_year);
  return db_.write([&](db::Connection& c) {
    auto m = store::membership_of(c, actor.account_id);
    if (!m || !m->head)
      throw Error(ErrorKind::forbidden, "not_household_head", "Only the household's head may");
    Household h = *store::household(c, m->household);
    if (h.members.size() >= kMaxMembers)
      throw Error(ErrorKind::conflict, "household_full", "A household lists at most 30 people");
    store::insert_member(c, h.id, 0, name, year, false);
    store::household_event(c, h.id, "member_listed", actor.account_id);
    accounts::record_by(c, actor,
                        {.action = "household.member_listed",
                         .detail = "household=" + std::to_string(h.id),
                         .ip = ip,
                         .unit_code = h.village_code});
    return *store::household(c, h.id);
  });
}

Household Households::remove_member(const Actor& actor, int64_t member_id, const std::string& ip) {
  accounts::require(actor, accounts::Action::use_own_account, {}, unit_parent_);
  return db_.write([&](db::Connection& c) {
    auto m = store::membership_of(c, actor.account_id);
    if (!m || !m->head)
      throw Error(ErrorKind::forbidden, "not_household_head", "Only the household's head may");
    auto target = store::member(c, m->household, member_id);
    if (!target) throw Error(ErrorKind::not_found, "member_not_found", "No such member");
    if (target->account_id == actor.account_id)
      throw Error(ErrorKind::conflict, "head_leaves", "To go yourself, leave the household");
    store::household_event(c, m->household, "member_removed", actor.account_id);
    store::end_membership(c, m->household, member_id, "removed");
    accounts::record_by(c, actor,
                        {.action = "household.member_removed",
                         .subject_account = target->account_id,
                         .detail = "household=" + std::to_string(m->household),
                         .ip = ip});
    return *store::household(c, m->household);
  });
}

Household Households::move(const Actor& actor, const HouseholdInput& input, const std::string& ip) {
  accounts::require(actor, accounts::Action::use_own_account, {}, unit_parent_);
  units::Village v = village_of(input.village_code);
  std::string address = checked_address(input.address);
  return db_.write([&](db::Connection& c) {
    auto m = store::membership_of(c, actor.account_id);
    if (!m || !m->head)
      throw Error(ErrorKind::forbidden, "not_household_head", "Only the household's head may");
    Household before = *store::household(c, m->household);
    store::move(c, m->household, v.code, v.commune_code, address);
    store::household_event(c, m->household, "moved", actor.account_id,
                           before.village_code == v.code ? "address" : "village");
    for (int64_t account : store::member_accounts(c, m->household))
      accounts::set_home(c, account, v.commune_code, v.code);
    accounts::record_by(c, actor,
                        {.action = "household.moved",
                         .subject_account = actor.account_id,
                         .detail = "household=" + std::to_string(m->household),
                         .ip = ip,
                         .unit_code = v.code});
    return *store::household(c, m->household);
  });
}

std::vector<HouseholdEvent> Households::history(const Actor& actor) const {
  accounts::require(actor, accounts::Action::use_own_account, {}, unit_parent_);
  return db_.read([&](db::Connection& c) {
    auto m = store::membership_of(c, actor.account_id);
    return m ? store::household_events(c, m->household) : std::vector<HouseholdEvent>{};
  });
}

std::vector<Household> Households::in_unit(const Actor& actor, const std::string& unit_code,
                                           const std::string& ip) const {
  accounts::require(actor, actions::view_households, {unit_code}, unit_parent_);
  return db_.write([&](db::Connection& c) {
    auto list = store::households_in(c, unit_code);
    for (const auto& h : list) audit_read(c, actor, h, ip, "household.listed");
    return list;
  });
}

Household Households::view(const Actor& actor, int64_t id, const std::string& ip) const {
  accounts::require(actor, actions::view_households, {}, unit_parent_);
  return db_.write([&](db::Connection& c) {
    auto h = store::household(c, id);
    if (!h || h->dissolved ||
        accounts::decide(actor, actions::view_households, {h->village_code}, unit_parent_) !=
            accounts::Decision::allow)
      not_found();
    audit_read(c, actor, *h, ip, "household.viewed");
    return *h;
  });
}

Household Households::confirm(const Actor& actor, int64_t id, const std::string& ip) {
  accounts::require(actor, actions::confirm_household, {}, unit_parent_);
  return db_.write([&](db::Connection& c) {
    auto h = store::household(c, id);
    if (!h || h->dissolved ||
        accounts::decide(actor, actions::confirm_household, {h->village_code}, unit_parent_) !=
            accounts::Decision::allow)
      not_found();
    if (!h->confirmed) {
      store::confirm(c, id, actor.account_id);
      store::household_event(c, id, "confirmed", actor.account_id);
      accounts::record_by(c, actor,
                          {.action = "household.confirmed",
                           .detail = "household=" + std::to_string(id),
                           .ip = ip,
                           .unit_code = h->village_code});
    }
    return *store::household(c, id);
  });
}

Household Households::record(const Actor& actor, const HouseholdInput& input,
                             const std::string& head_name, const std::vector<ListedMember>& members,
                             const std::string& ip) {
  units::Village v = village_of(input.village_code);
  accounts::require(actor, actions::confirm_household, {v.code}, unit_parent_);
  std::string address = checked_address(input.address);
  std::string head = checked_first_name(head_name, "bad_head_name");
  std::vector<std::pair<std::string, std::optional<int64_t>>> listed;
  for (const auto& m : members) {
    if (text::trim(m.first_name).empty() && text::trim(m.birth_year).empty()) continue;
    listed.emplace_back(checked_first_name(m.first_name), checked_birth_year(m.birth_year));
  }
  if (listed.size() + 1 > kMaxMembers)
    throw Error(ErrorKind::bad_input, "household_full", "A household lists at most 30 people");
  return db_.write([&](db::Connection& c) {
    int64_t id = store::insert_household(
        c, {v.code, v.commune_code, address, head, new_invite_code(), actor.account_id});
    store::insert_member(c, id, 0, head, std::nullopt, true);
    for (const auto& [name, year] : listed) store::insert_member(c, id, 0, name, year, false);
    store::confirm(c, id, actor.account_id);
    store::household_event(c, id, "recorded", actor.account_id);
    accounts::record_by(c, actor,
                        {.action = "household.recorded",
                         .detail = "household=" + std::to_string(id),
                         .ip = ip,
                         .unit_code = v.code});
    return *store::household(c, id);
  });
}

std::pair<int64_t, int64_t> Households::counts(const std::string& unit_code) const {
  return db_.read([&](db::Connection& c) {
    return std::pair{store::count_households(c, unit_code, false),
                     store::count_households(c, unit_code, true)};
  });
}

}  // namespace cds::community
