// Officers and people of their units: look-up, facts, the VNeID list.
#include "accounts/officers.h"

#include <algorithm>
#include <map>

#include "accounts/audit.h"
#include "accounts/internal.h"
#include "accounts/store.h"
#include "accounts/vneid.h"
#include "audit/service.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"

namespace cds::accounts {

Officers::Officers(db::Database& db, UnitParent unit_parent)
    : db_(db), unit_parent_(std::move(unit_parent)) {}

Account Officers::person(const Actor& actor, int64_t account_id, const std::string& ip) {
  return db_.write([&](db::Connection& c) {
    require(actor, Action::look_up_people, {}, unit_parent_);
    auto a = store::account_by_id(c, account_id);
    // Out of scope and non-existent look alike, so that scope cannot be probed.
    if (!a || a->status == "deleted" ||
        decide(actor, Action::view_person, {a->home_unit_code}, unit_parent_) != Decision::allow)
      throw Error(ErrorKind::not_found, "account_not_found", "No such account in your units");
    store::load_details(c, *a);
    record_by(c, actor, {.action = "person.viewed", .subject_account = a->id, .ip = ip});
    return *a;
  });
}

Account Officers::person_by_phone(const Actor& actor, const std::string& raw_phone,
                                  const std::string& ip) {
  require(actor, Action::look_up_people, {}, unit_parent_);
  auto parsed = text::normalize_phone(raw_phone);
  auto a = parsed.phone ? db_.read([&](db::Connection& c) {
    return store::account_by_phone(c, parsed.phone->e164);
  })
                        : std::nullopt;
  return person(actor, a ? a->id : -1, ip);
}

Account Officers::person_by_cccd(const Actor& actor, const std::string& raw_cccd,
                                 const std::string& ip) {
  require(actor, Action::look_up_people, {}, unit_parent_);
  std::string cccd = text::trim(raw_cccd);
  auto a = cccd.size() == 12
               ? db_.read([&](db::Connection& c) { return store::account_by_cccd(c, cccd); })
               : std::nullopt;
  return person(actor, a ? a->id : -1, ip);
}

void Officers::set_person_fact(const Actor& actor, int64_t account_id, const std::string& fact,
                               const std::string& value, const std::string& ip) {
  if (!valid_fact(fact, value))
    throw Error(ErrorKind::bad_input, "bad_fact", "Unknown fact or value");
  db_.write([&](db::Connection& c) {
    require(actor, Action::look_up_people, {}, unit_parent_);
    auto a = store::account_by_id(c, account_id);
    if (!a || a->status == "deleted" ||
        decide(actor, Action::set_person_fact, {a->home_unit_code}, unit_parent_) !=
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
    record_by(
        c, actor,
        {.action = "fact.set", .subject_account = a->id, .detail = fact + "=" + value, .ip = ip});
  });
}

namespace {

// Who each line of the VNeID list names. A line whose phone and CCCD point at different
// people, or whose CCCD differs from the one on the account, names nobody for sure: it is
// reported, not applied. So are all lines that name the same person, since they may disagree.
struct NamedLines {
  std::vector<std::optional<Account>> account;
  std::vector<std::string> conflict;
};

NamedLines name_lines(db::Connection& c, const std::vector<VneidLine>& lines) {
  NamedLines out{std::vector<std::optional<Account>>(lines.size()),
                 std::vector<std::string>(lines.size())};
  std::map<int64_t, std::vector<size_t>> lines_of;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::optional<Account> by_phone, by_cccd;
    if (!lines[i].phone.empty()) by_phone = store::account_by_phone(c, lines[i].phone);
    const std::string& cccd = lines[i].cccd;
    if (!cccd.empty()) by_cccd = store::account_by_cccd(c, cccd);
    if (by_phone && by_cccd && by_phone->id != by_cccd->id)
      out.conflict[i] = "the phone and the CCCD belong to two different accounts";
    else if (by_phone && !cccd.empty() && !by_phone->cccd.empty() && by_phone->cccd != cccd)
      out.conflict[i] = "the CCCD differs from the one on the account with this phone";
    out.account[i] = by_phone ? by_phone : by_cccd;
    if (out.account[i] && out.conflict[i].empty()) lines_of[out.account[i]->id].push_back(i);
  }
  for (const auto& [id, same] : lines_of) {
    if (same.size() < 2) continue;
    std::string list;
    for (size_t i : same) list += (list.empty() ? "" : ", ") + std::to_string(lines[i].line);
    for (size_t i : same) out.conflict[i] = "the same person is on lines " + list;
  }
  return out;
}

}  // namespace

VneidImportReport Officers::import_vneid(const Actor& actor, const std::string& csv_text,
                                         const std::string& ip, const std::string& file_name) {
  require(actor, Action::import_vneid, {}, unit_parent_);
  std::vector<VneidLine> lines = read_vneid_list(csv_text, store::now());
  VneidImportReport report;
  report.rows = lines.size();
  db_.write([&](db::Connection& c) {
    NamedLines named = name_lines(c, lines);
    for (size_t i = 0; i < lines.size(); ++i) {
      std::string where = "line " + std::to_string(lines[i].line) + ": ";
      const std::optional<Account>& a = named.account[i];
      std::vector<Fact> facts = lines[i].facts;
      std::string problem = !named.conflict[i].empty()    ? named.conflict[i]
                            : !a || a->status != "active" ? "no account with this phone or CCCD"
                            : decide(actor, Action::import_vneid_row, {a->home_unit_code},
                                     unit_parent_) != Decision::allow
                                ? "the person lives outside your units"
                                : lines[i].problem;
      if (!problem.empty()) {
        report.problems.push_back(where + problem);
        continue;
      }
      for (auto& f : facts) {
        if (actor.account_id) f.recorded_by = actor.account_id;
        store::put_fact(c, a->id, f);
      }
      record_by(c, actor,
                {.action = "fact.imported",
                 .subject_account = a->id,
                 .detail = "vneid_level=" + facts.front().value,
                 .ip = ip});
      ++report.applied;
    }
    report.id =
        store::insert_vneid_import(c, {.actor_account = actor.account_id,
                                       .actor_api_key = actor.api_key_id,
                                       .at = store::now(),
                                       .file_name = text::nfc(text::trim(file_name)).substr(0, 200),
                                       .line_count = static_cast<int64_t>(report.rows),
                                       .applied = static_cast<int64_t>(report.applied),
                                       .problems = report.problems});
  });
  return report;
}

namespace {
// A province administrator sees every list received; others see those they sent.
bool sees_import(const Actor& actor, const VneidImport& i, const UnitParent& unit_parent) {
  if (!actor.signed_in()) return i.actor_api_key == actor.api_key_id;  // a machine client
  return decide(actor, Action::view_vneid_import, {.owner_account = i.actor_account},
                unit_parent) == Decision::allow;
}
}  // namespace

std::vector<VneidImport> Officers::vneid_imports(const Actor& actor) {
  require(actor, Action::import_vneid, {}, unit_parent_);
  auto all = db_.read([](db::Connection& c) { return store::vneid_imports(c); });
  std::erase_if(all, [&](const VneidImport& i) { return !sees_import(actor, i, unit_parent_); });
  return all;
}

VneidImport Officers::vneid_import(const Actor& actor, int64_t id) {
  require(actor, Action::import_vneid, {}, unit_parent_);
  auto i = db_.read([&](db::Connection& c) { return store::vneid_import(c, id); });
  if (!i || !sees_import(actor, *i, unit_parent_))
    throw Error(ErrorKind::not_found, "import_not_found", "No such import of yours");
  return *i;
}

}  // namespace cds::accounts
