// Notice boards of villages and communes: officers and village heads write; residents (and,
// for public notices, anyone) read; opening records a read; an important notice asks each
// household to acknowledge; coverage is counted by household and the households nobody
// reached make the visit list.
#include <boost/json.hpp>

#include "accounts/audit.h"
#include "accounts/service.h"
#include "community/permissions.h"
#include "community/service.h"
#include "community/store.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "live/events.h"
#include "news/markdown.h"
#include "units/service.h"

namespace cds::community {

namespace {

constexpr size_t kMaxTitleChars = 200;
constexpr size_t kMaxBodyChars = 20000;
constexpr size_t kDeskSize = 200;

[[noreturn]] void not_found() {
  throw Error(ErrorKind::not_found, "notice_not_found", "No such notice");
}

// "2026-11-29T18:00" (the form's datetime-local, Vietnam time) or RFC 3339 → UTC ISO; "" → "".
std::string checked_time(const std::string& given, const char* code) {
  std::string t = text::trim(given);
  if (t.empty()) return "";
  if (t.size() == 16 && t[10] == 'T') t += ":00+07:00";
  auto at = timeutil::parse_w3c(t);
  if (!at)
    throw Error(ErrorKind::bad_input, code,
                "A time is like 2026-12-20T17:00 (Vietnam time), in the years 1900–2200");
  return timeutil::iso_utc(*at);
}

std::string one_line(const std::string& raw, size_t max, const char* code) {
  std::string s = text::nfc(text::trim(raw));
  if (s.empty() || text::char_count(s) > max || s.find_first_of("\r\n\t") != std::string::npos)
    throw Error(ErrorKind::bad_input, code, "1 to " + std::to_string(max) + " characters");
  return s;
}

constexpr size_t kMaxChoices = 8;
constexpr size_t kMaxChoiceChars = 100;

// The notice's question, checked; none without one.
std::optional<Poll> checked_poll(const NoticeInput& in, const std::string& now) {
  std::vector<std::string> choices;
  for (const auto& c : in.poll_choices)
    if (!text::trim(c).empty()) choices.push_back(c);
  if (text::trim(in.poll_question).empty() && choices.empty()) return std::nullopt;
  Poll p;
  p.question = one_line(in.poll_question, kMaxTitleChars, "bad_poll_question");
  if (choices.size() < 2 || choices.size() > kMaxChoices)
    throw Error(ErrorKind::bad_input, "bad_poll_choices", "A question has 2 to 8 choices");
  for (const auto& c : choices)
    p.choices.push_back(one_line(c, kMaxChoiceChars, "bad_poll_choices"));
  if (in.poll_per != "household" && in.poll_per != "person")
    throw Error(ErrorKind::bad_input, "bad_poll_per", "One answer per household or per person");
  if (in.poll_results != "live" && in.poll_results != "after_close")
    throw Error(ErrorKind::bad_input, "bad_poll_results", "Results live or after closing");
  p.per = in.poll_per;
  p.results = in.poll_results;
  p.closes_at = checked_time(in.poll_closes_at, "bad_poll_closes_at");
  if (p.closes_at.empty() || p.closes_at <= now)
    throw Error(ErrorKind::bad_input, "bad_poll_closes_at", "A question closes after it is asked");
  return p;
}

std::string link_of(const Notice& n) { return "/bang-tin/" + std::to_string(n.id); }

// The live event: on a village's board, for those who read its page and its residents; a
// residents' notice for its residents only.
live::Event notice_event(const Notice& n) {
  std::vector<std::string> audience{live::residents_key(n.unit_code)};
  if (!n.for_residents()) audience.push_back(live::unit_key(n.unit_code));
  boost::json::object data{{"id", n.id},
                           {"unit", n.unit_code},
                           {"title", n.title},
                           {"important", n.important()},
                           {"link", link_of(n)}};
  return {"notice", std::move(audience), boost::json::serialize(data)};
}

}  // namespace

Notices::Notices(db::Database& db, const units::UnitService& units,
                 accounts::UnitParent unit_parent)
    : db_(db), units_(units), unit_parent_(std::move(unit_parent)) {}

Notice Notices::publish(const Actor& actor, const NoticeInput& input, const std::string& ip) {
  Notice n = prepare(actor, input);
  return db_.write([&](db::Connection& c) {
    n.id = store::insert_notice(c, n);
    if (n.poll) store::insert_poll(c, n.id, *n.poll);
    live::publish(c, notice_event(n));
    accounts::record_by(
        c, actor,
        {.action = "notice.published",
         .detail = "notice=" + std::to_string(n.id) + " " + n.priority + " " + n.visibility,
         .ip = ip,
         .unit_code = n.unit_code});
    return *store::notice(c, n.id);
  });
}

std::pair<int64_t, int64_t> Notices::audience(const std::string& unit_code) const {
  return db_.read([&](db::Connection& c) { return store::board_audience(c, unit_code); });
}

std::vector<units::Unit> Notices::boards(const Actor& actor) const {
  std::vector<units::Unit> out;
  auto add = [&](const units::Unit& u) {
    for (const auto& b : out)
      if (b.code == u.code) return;
    if (accounts::decide(actor, actions::write_notices, {u.code}, unit_parent_) ==
        accounts::Decision::allow)
      out.push_back(u);
  };
  for (const auto& s : actor.scopes) {
    auto u = units_.find(units::kGeneration2025, s.unit_code);
    if (!u) continue;
    if (u->level == "province") {
      for (const auto& commune : units_.children(units::kGeneration2025, u->code)) add(commune);
      continue;
    }
    add(*u);
    if (u->level == "commune")
      for (const auto& v : units_.villages(u->code)) add(units::as_unit(v));
  }
  return out;
}

Notice Notices::prepare(const Actor& actor, const NoticeInput& input) const {
  accounts::require(actor, actions::write_notices, {}, unit_parent_);
  auto unit = units_.find(units::kGeneration2025, input.unit_code);
  if (!unit || (unit->level != "commune" && unit->level != units::kVillageLevel))
    throw Error(ErrorKind::bad_input, "bad_board", "Choose the village or commune board");
  accounts::require(actor, actions::write_notices, {unit->code}, unit_parent_);
  Notice n;
  n.unit_code = unit->code;
  n.commune_code = unit->level == "commune" ? unit->code : unit->parent_code;
  n.title = one_line(input.title, kMaxTitleChars, "bad_title");
  std::string body = text::nfc(text::trim(input.body));
  if (body.empty() || text::char_count(body) > kMaxBodyChars)
    throw Error(ErrorKind::bad_input, "bad_body", "A notice says something: 1 to 20000 characters");
  n.body_md = body;
  n.body_html = news::markdown_html(body);
  if (input.priority != kNormal && input.priority != kImportant)
    throw Error(ErrorKind::bad_input, "bad_priority", "Choose normal or important");
  if (input.visibility != kPublic && input.visibility != kResidents)
    throw Error(ErrorKind::bad_input, "bad_visibility", "Choose public or residents");
  n.priority = input.priority;
  n.visibility = input.visibility;
  n.pinned = input.pinned;
  n.expires_at = checked_time(input.expires_at, "bad_expires_at");
  n.ack_due_at = checked_time(input.ack_due_at, "bad_ack_due_at");
  n.author_id = actor.account_id;
  n.published_at = store::now();
  if (!n.expires_at.empty() && n.expires_at <= n.published_at)
    throw Error(ErrorKind::bad_input, "bad_expires_at", "A notice expires after it is published");
  if (n.important() && n.ack_due_at.empty())
    throw Error(ErrorKind::bad_input, "bad_ack_due_at",
                "An important notice says by when households acknowledge it");
  if (!n.important()) n.ack_due_at.clear();
  n.sms_state = n.important() ? "pending" : "";
  if (!n.ack_due_at.empty() && n.ack_due_at <= n.published_at)
    throw Error(ErrorKind::bad_input, "bad_ack_due_at",
                "The acknowledgement deadline is after the notice is published");
  n.poll = checked_poll(input, n.published_at);
  return n;
}

Notice Notices::withdraw(const Actor& actor, int64_t id, const std::string& ip) {
  return db_.write([&](db::Connection& c) {
    auto n = store::notice(c, id);
    if (!n || accounts::decide(actor, actions::write_notices, {n->unit_code}, unit_parent_) !=
                  accounts::Decision::allow)
      not_found();
    if (n->withdrawn_at.empty()) {
      store::withdraw(c, *n);
      accounts::record_by(c, actor,
                          {.action = "notice.withdrawn",
                           .detail = "notice=" + std::to_string(id),
                           .ip = ip,
                           .unit_code = n->unit_code});
    }
    return *store::notice(c, id);
  });
}

bool Notices::may_read(const Actor& actor, const Notice& n) const {
  if (!n.for_residents()) return true;
  if (actor.signed_in() && (actor.home_village == n.unit_code || actor.home_unit == n.unit_code))
    return true;
  return accounts::decide(actor, actions::follow_notices, {n.unit_code}, unit_parent_) ==
         accounts::Decision::allow;
}

std::vector<Notice> Notices::board(const Actor& actor, const std::string& unit_code) const {
  auto unit = units_.find(units::kGeneration2025, unit_code);
  if (!unit) return {};
  std::vector<std::string> boards{unit->code};
  bool with_residents = false;
  auto reads_residents = [&](const std::string& code) {
    Notice probe;
    probe.unit_code = code;
    probe.visibility = kResidents;
    return may_read(actor, probe);
  };
  if (unit->level == units::kVillageLevel) {
    boards.push_back(unit->parent_code);
    // Residents of the village live in the commune too.
    with_residents = reads_residents(unit->code);
  } else {
    with_residents = reads_residents(unit->code);
  }
  auto list = db_.read([&](db::Connection& c) {
    return store::board(c, boards, store::now(), with_residents || actor.signed_in(), kBoardSize);
  });
  std::vector<Notice> out;
  for (auto& n : list)
    if (may_read(actor, n)) out.push_back(std::move(n));
  return out;
}

Notice Notices::readable(const Actor& actor, int64_t id) const {
  auto n = db_.read([&](db::Connection& c) { return store::notice(c, id); });
  if (!n || !n->withdrawn_at.empty() || !may_read(actor, *n)) not_found();
  if (!n->expires_at.empty() && n->expires_at <= store::now() &&
      accounts::decide(actor, actions::follow_notices, {n->unit_code}, unit_parent_) !=
          accounts::Decision::allow)
    not_found();
  return *n;
}

namespace {
// The reader's household when it is on the notice's board (its village, or a village of the
// commune whose board it is).
int64_t household_on_board(db::Connection& c, const Actor& actor, const Notice& n) {
  auto m = store::membership_of(c, actor.account_id);
  if (!m) return 0;
  auto h = store::household(c, m->household);
  if (!h || (h->village_code != n.unit_code && h->commune_code != n.unit_code)) return 0;
  return h->id;
}
}  // namespace

ReaderState Notices::state(const Actor& actor, const Notice& n) const {
  ReaderState s;
  if (!actor.signed_in()) return s;
  return db_.read([&](db::Connection& c) {
    s.household = household_on_board(c, actor, n);
    s.read = store::has_read(c, n.id, actor.account_id);
    s.acknowledged = s.household && store::acknowledged(c, n.id, s.household);
    return s;
  });
}

ReaderState Notices::open(const Actor& actor, const Notice& n) {
  ReaderState s = state(actor, n);
  if (actor.signed_in() && !s.read) {
    db_.write([&](db::Connection& c) { store::record_read(c, n.id, actor.account_id); });
    s.read = true;
  }
  return s;
}

ReaderState Notices::acknowledge(const Actor& actor, int64_t id, const std::string& ip) {
  accounts::require(actor, accounts::Action::use_own_account, {}, unit_parent_);
  Notice n = readable(actor, id);
  if (!n.important())
    throw Error(ErrorKind::conflict, "not_important", "Only important notices are acknowledged");
  return db_.write([&](db::Connection& c) {
    ReaderState s;
    s.household = household_on_board(c, actor, n);
    if (!s.household)
      throw Error(ErrorKind::conflict, "no_household_here",
                  "Acknowledge for your household: join or create it in this village first");
    store::record_read(c, n.id, actor.account_id);
    if (store::acknowledge(c, n.id, s.household, actor.account_id)) {
      // The author's coverage page hears of it.
      live::publish(c, {"notice_ack",
                        {live::person_key(n.author_id)},
                        boost::json::serialize(boost::json::object{{"notice", n.id}})});
      accounts::record_by(c, actor,
                          {.action = "notice.acknowledged",
                           .subject_account = actor.account_id,
                           .detail = "notice=" + std::to_string(n.id),
                           .ip = ip,
                           .unit_code = n.unit_code});
    }
    s.read = s.acknowledged = true;
    return s;
  });
}

namespace {
// Who answers for the reader: their household on the board, or themselves as its resident.
std::string voter_of(db::Connection& c, const Actor& actor, const Notice& n) {
  if (!actor.signed_in()) return "";
  if (n.poll->per == "household") {
    int64_t h = household_on_board(c, actor, n);
    return h ? "household:" + std::to_string(h) : "";
  }
  bool resident = actor.home_village == n.unit_code || actor.home_unit == n.unit_code ||
                  household_on_board(c, actor, n) != 0;
  return resident ? "person:" + std::to_string(actor.account_id) : "";
}
}  // namespace

PollView Notices::poll(const Actor& actor, const Notice& n) const {
  PollView v;
  if (!n.poll) return v;
  v.closed = n.poll->closed(store::now());
  v.results_shown = n.poll->results == "live" || v.closed ||
                    accounts::decide(actor, actions::follow_notices, {n.unit_code}, unit_parent_) ==
                        accounts::Decision::allow;
  return db_.read([&](db::Connection& c) {
    std::string voter = voter_of(c, actor, n);
    v.may_answer = !voter.empty() && !v.closed && n.withdrawn_at.empty();
    if (!voter.empty()) v.mine = store::vote_of(c, n.id, voter);
    if (v.results_shown) {
      v.counts = store::tally(c, n.id, n.poll->choices.size());
      for (int64_t k : v.counts) v.total += k;
    }
    return v;
  });
}

PollView Notices::answer(const Actor& actor, int64_t id, int64_t choice, const std::string& ip) {
  accounts::require(actor, accounts::Action::use_own_account, {}, unit_parent_);
  Notice n = readable(actor, id);
  if (!n.poll) throw Error(ErrorKind::conflict, "no_poll", "This notice asks nothing");
  if (n.poll->closed(store::now()))
    throw Error(ErrorKind::conflict, "poll_closed", "The question has closed");
  if (choice < 1 || static_cast<size_t>(choice) > n.poll->choices.size())
    throw Error(ErrorKind::bad_input, "bad_choice", "Choose one of the answers");
  db_.write([&](db::Connection& c) {
    std::string voter = voter_of(c, actor, n);
    if (voter.empty())
      throw Error(ErrorKind::conflict,
                  n.poll->per == "household" ? "no_household_here" : "not_resident_here",
                  "Only those who live here answer");
    store::vote(c, n, voter, actor.account_id, choice);
    accounts::record_by(c, actor,
                        {.action = "notice.answered",
                         .subject_account = actor.account_id,
                         .detail = "notice=" + std::to_string(n.id),
                         .ip = ip,
                         .unit_code = n.unit_code});
  });
  return poll(actor, n);
}

std::vector<Notice> Notices::desk(const Actor& actor) const {
  accounts::require(actor, actions::follow_notices, {}, unit_parent_);
  // The boards within reach: every scope's unit (a village, a commune, a province's communes).
  std::vector<std::string> units;
  for (const auto& s : actor.scopes) {
    if (s.unit_code.empty()) continue;
    auto u = units_.find(units::kGeneration2025, s.unit_code);
    if (!u) continue;
    if (u->level == "province")
      for (const auto& commune : units_.children(units::kGeneration2025, u->code))
        units.push_back(commune.code);
    else
      units.push_back(u->code);
  }
  auto list = db_.read([&](db::Connection& c) { return store::desk(c, units, kDeskSize); });
  std::vector<Notice> out;
  for (auto& n : list)
    if (accounts::decide(actor, actions::follow_notices, {n.unit_code}, unit_parent_) ==
        accounts::Decision::allow)
      out.push_back(std::move(n));
  return out;
}

Notice Notices::for_officer(const Actor& actor, int64_t id) const {
  accounts::require(actor, actions::follow_notices, {}, unit_parent_);
  auto n = db_.read([&](db::Connection& c) { return store::notice(c, id); });
  if (!n || accounts::decide(actor, actions::follow_notices, {n->unit_code}, unit_parent_) !=
                accounts::Decision::allow)
    not_found();
  return *n;
}

Coverage Notices::coverage(const Actor& actor, int64_t id) const {
  Notice n = for_officer(actor, id);
  Coverage cov;
  for (const auto& r : db_.read([&](db::Connection& c) { return store::reach(c, n); })) {
    ++cov.households;
    cov.read += r.read;
    cov.acknowledged += r.acked;
    cov.visited += r.visited && !r.acked;
    cov.unreached += !r.acked && !r.visited;
    cov.without_members += !r.row.on_platform;
  }
  return cov;
}

std::vector<VisitRow> Notices::visit_list(const Actor& actor, int64_t id,
                                          const std::string& ip) const {
  Notice n = for_officer(actor, id);
  if (!n.important() || n.ack_due_at.empty())
    throw Error(ErrorKind::conflict, "no_visit_list", "Only important notices have a visit list");
  if (n.ack_due_at > store::now())
    throw Error(ErrorKind::conflict, "visit_list_not_yet",
                "The visit list is made when the acknowledgement deadline has passed");
  return db_.write([&](db::Connection& c) {
    std::vector<VisitRow> out;
    for (auto& r : store::reach(c, n)) {
      if (r.acked || r.visited) continue;
      if (accounts::decide(actor, actions::follow_notices, {r.row.village_code}, unit_parent_) !=
          accounts::Decision::allow)
        continue;
      if (r.head_account) r.row.head_name = accounts::name_and_phone(c, r.head_account).first;
      accounts::record_by(c, actor,
                          {.action = "household.visit_listed",
                           .subject_account = r.head_account,
                           .detail = "household=" + std::to_string(r.row.household_id) +
                                     " notice=" + std::to_string(n.id),
                           .ip = ip,
                           .unit_code = r.row.village_code});
      out.push_back(std::move(r.row));
    }
    return out;
  });
}

void Notices::mark_visited(const Actor& actor, int64_t id, int64_t household,
                           const std::string& ip) {
  accounts::require(actor, actions::follow_notices, {}, unit_parent_);
  db_.write([&](db::Connection& c) {
    auto n = store::notice(c, id);
    auto h = store::household(c, household);
    if (!n || !h || h->dissolved ||
        (h->village_code != n->unit_code && h->commune_code != n->unit_code) ||
        accounts::decide(actor, actions::follow_notices, {h->village_code}, unit_parent_) !=
            accounts::Decision::allow)
      throw Error(ErrorKind::not_found, "household_not_found", "No such household on this board");
    if (!n->important())
      throw Error(ErrorKind::conflict, "not_important", "Only important notices are acknowledged");
    if (store::visit(c, n->id, h->id, actor.account_id))
      accounts::record_by(
          c, actor,
          {.action = "notice.visited",
           .detail = "notice=" + std::to_string(n->id) + " household=" + std::to_string(h->id),
           .ip = ip,
           .unit_code = h->village_code});
  });
}

size_t Notices::refresh_expired() {
  return db_.write([&](db::Connection& c) { return store::newly_expired(c, store::now()).size(); });
}

Services::Services(db::Database& db, const units::UnitService& units,
                   accounts::UnitParent unit_parent)
    : households(db, units, unit_parent), notices(db, units, std::move(unit_parent)) {}

}  // namespace cds::community
