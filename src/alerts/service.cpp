#include "alerts/service.h"

#include <algorithm>
#include <boost/json.hpp>

#include "accounts/audit.h"
#include "accounts/service.h"
#include "alerts/cap.h"
#include "alerts/commands.h"
#include "alerts/permissions.h"
#include "alerts/store.h"
#include "audit/service.h"
#include "core/cache.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "http/response.h"
#include "live/events.h"
#include "units/service.h"

namespace cds::alerts {
using accounts::Actor;

namespace {

std::string now_cap() { return timeutil::w3c_vietnam(timeutil::Clock::now()); }
std::string now_utc() { return timeutil::iso_utc(timeutil::Clock::now()); }

// An RFC 3339 time as CAP writes it (+07:00); "" stays ""; cds::Error bad_time otherwise.
std::string cap_time_of(const std::string& given) {
  if (given.empty()) return "";
  auto t = timeutil::parse_w3c(given);
  if (!t) throw Error(ErrorKind::bad_input, "bad_time", "Times are like 2026-11-29T08:00:00+07:00");
  return timeutil::w3c_vietnam(*t);
}

std::string clean(const std::string& s, size_t max) {
  std::string out = text::nfc(text::trim(s));
  if (text::char_count(out) > max)
    throw Error(ErrorKind::bad_input, "bad_text", "A field of the alert is too long");
  return out;
}

void audit_alert(db::Connection& c, const Actor& actor, const std::string& action, const Alert& a,
                 const std::string& ip) {
  accounts::record_by(c, actor,
                      {.action = action,
                       .detail = "alert=" + a.identifier + " status=" + a.status,
                       .ip = ip,
                       .unit_code = a.unit_codes.size() == 1 ? a.unit_codes.front() : ""});
}

}  // namespace

AlertService::AlertService(db::Database& db, const units::UnitService& units,
                           accounts::UnitParent unit_parent, std::string province_code,
                           std::string sender)
    : db_(db),
      units_(units),
      unit_parent_(std::move(unit_parent)),
      province_code_(std::move(province_code)),
      sender_(std::move(sender)) {}

void AlertService::require_area(const Actor& actor, const Alert& a) const {
  if (a.unit_codes.empty()) {
    accounts::require(actor, actions::issue_alerts, {province_code_}, unit_parent_);
    return;
  }
  for (const auto& u : a.unit_codes)
    accounts::require(actor, actions::issue_alerts, {u}, unit_parent_);
}

bool AlertService::covers_area(const Actor& actor, const Alert& a) const {
  try {
    require_area(actor, a);
    return true;
  } catch (const Error&) {
    return false;
  }
}

AlertService::Desk AlertService::desk(const Actor& actor) {
  accounts::require(actor, actions::issue_alerts, {}, unit_parent_);
  Desk out;
  for (auto& r : db_.read([&](db::Connection& c) { return store::pending(c, sender_); })) {
    if (!covers_area(actor, r.alert)) continue;
    bool mine = actor.account_id != 0 && r.authored_by(actor.account_id);
    if (r.state == State::awaiting_approval)
      (mine ? out.waiting : out.to_approve).push_back(std::move(r));
    else if (r.drafted_by == actor.account_id)
      out.drafts.push_back(std::move(r));
  }
  return out;
}

Record AlertService::load(db::Connection& c, int64_t id) const {
  auto r = store::find(c, id, sender_);
  if (!r) throw Error(ErrorKind::not_found, "alert_not_found", "No such alert");
  return *r;
}

Record AlertService::compose(const Actor& actor, const Draft& d) const {
  accounts::require(actor, actions::issue_alerts, {}, unit_parent_);  // 401 before 400
  Record r;
  Alert& a = r.alert;
  a.identifier = "cds-" + province_code_ + "-" + crypto::random_token(12);
  a.sender = sender_;
  a.sent = now_cap();
  a.status = d.status;
  a.event = clean(d.event, 100);
  a.categories = d.categories;
  a.response_types = d.response_types;
  a.urgency = d.urgency;
  a.severity = d.severity;
  a.certainty = d.certainty;
  a.effective = d.effective.empty() ? a.sent : cap_time_of(d.effective);
  a.onset = cap_time_of(d.onset);
  a.expires = cap_time_of(d.expires);
  for (const auto& t : d.texts)
    if (!t.headline.empty())
      a.texts.push_back({t.language, clean(t.headline, 160), clean(t.description, 4000),
                         clean(t.instruction, 2000)});
  std::string names;
  for (const auto& code : d.unit_codes) {
    auto u = units_.find(units::kGeneration2025, code);
    if (!u) throw Error(ErrorKind::bad_input, "bad_unit", "Unknown unit " + code);
    // A unit named twice is one unit of the area.
    if (std::find(a.unit_codes.begin(), a.unit_codes.end(), u->code) != a.unit_codes.end())
      continue;
    a.unit_codes.push_back(u->code);
    names += (names.empty() ? "" : ", ") + u->name;
  }
  a.polygon = d.polygon;
  a.circle = d.circle;
  a.area_desc = names.empty() ? clean(d.area_desc, 200) : names;
  if (d.updates) {
    // An Update replaces an alert in force when it goes out, and says so (references).
    Record earlier = updatable(actor, d.updates);
    if (earlier.alert.status != a.status)
      throw Error(ErrorKind::bad_input, "bad_status", "An update keeps the alert's status");
    a.msg_type = "Update";
    a.references = {reference_to(earlier.alert)};
    r.references_alert = earlier.alert.id;
  }
  validate(a);
  require_area(actor, a);
  r.state = State::draft;
  r.drafted_by = actor.account_id;
  return r;
}

Record AlertService::draft(const Actor& actor, const Draft& d, const std::string& ip) {
  Record r = compose(actor, d);
  return db_.write([&](db::Connection& c) {
    r.alert.id = store::insert(c, r);
    audit_alert(c, actor, "alert.drafted", r.alert, ip);
    return r;
  });
}

Record AlertService::revise(const Actor& actor, int64_t id, const Draft& d, const std::string& ip) {
  Record r = compose(actor, d);
  return db_.write([&](db::Connection& c) {
    Record before = load(c, id);
    require_area(actor, before.alert);
    if (before.state != State::draft)
      throw Error(ErrorKind::conflict, "bad_transition", "Only a draft can be rewritten");
    r.alert.id = id;
    r.alert.identifier = before.alert.identifier;  // it never went out under it
    r.version = before.version + 1;  // an approval of what was there before no longer holds
    // Whoever wrote it last is its drafter: for an Actual alert, someone else must approve.
    store::update_draft(c, r);
    audit_alert(c, actor, "alert.revised", r.alert, ip);
    return r;
  });
}

Record AlertService::act(const Actor& actor, int64_t id, std::string_view name,
                         const CommandInput& input, const std::string& ip) {
  const AlertCommand& command = alert_command(name);
  return db_.write([&](db::Connection& c) {
    Record r = load(c, id);
    require_area(actor, r.alert);
    bool from = command.from.empty() ? r.in_force()
                                     : std::find(command.from.begin(), command.from.end(),
                                                 r.state) != command.from.end();
    if (!from) throw Error(ErrorKind::conflict, "bad_transition", std::string(command.refusal));
    CommandStep step{c, r, actor, input, province_code_};
    command.apply(step);
    for (std::string_view action : step.audits)
      audit_alert(c, actor, std::string(action), r.alert, ip);
    Record out = step.result ? std::move(*step.result) : r;
    if (step.goes_out) announce(c, out, province_code_);
    if (step.texts) store::queue_texts(c, out.alert.id);
    return out;
  });
}

Record AlertService::send_back(const Actor& actor, int64_t id, const std::string& reason,
                               const std::string& ip) {
  return act(actor, id, "send_back", {reason, 0}, ip);
}

Record AlertService::discard(const Actor& actor, int64_t id, const std::string& ip) {
  return act(actor, id, "discard", {}, ip);
}

Record AlertService::submit(const Actor& actor, int64_t id, const std::string& ip) {
  return act(actor, id, "submit", {}, ip);
}

Record AlertService::approve(const Actor& actor, int64_t id, int64_t version,
                             const std::string& ip) {
  return act(actor, id, "approve", {"", version}, ip);
}

AlertService::Review AlertService::review(const Actor& actor, int64_t id) {
  return db_.read([&](db::Connection& c) {
    Review out{.record = load(c, id)};
    const Record& r = out.record;
    require_area(actor, r.alert);
    if (r.state != State::awaiting_approval)
      throw Error(ErrorKind::conflict, "bad_transition", "This alert is not waiting for approval");
    require_second_officer(actor, r);
    out.drafted_by = accounts::name_and_phone(c, r.drafted_by).first;
    out.submitted_by = accounts::name_and_phone(c, r.submitted_by).first;
    // The texts go to the communes it names (approve queues none for a drawn area alone).
    if (!r.alert.unit_codes.empty())
      out.texts = accounts::count_consenting_residents(c, area_communes(r.alert),
                                                       std::string(kWarningsConsent));
    return out;
  });
}

Record AlertService::cancel(const Actor& actor, int64_t id, const std::string& ip) {
  return act(actor, id, "cancel", {}, ip);
}

Record AlertService::updatable(const Actor& actor, int64_t id) const {
  Record r = find(actor, id);
  require_area(actor, r.alert);
  if (!r.in_force())
    throw Error(ErrorKind::conflict, "bad_transition", "Only an alert in force can be updated");
  return r;
}

Record AlertService::revisable(const Actor& actor, int64_t id) const {
  Record r = find(actor, id);
  if (r.state != State::draft)
    throw Error(ErrorKind::conflict, "bad_transition", "Only a draft can be rewritten");
  return r;
}

Record AlertService::find(const Actor& actor, int64_t id) const {
  Record r = db_.read([&](db::Connection& c) { return load(c, id); });
  if (!r.went_out()) require_area(actor, r.alert);
  return r;
}

std::optional<Record> AlertService::published(int64_t id) {
  auto r = db_.read([&](db::Connection& c) { return store::find(c, id, sender_); });
  if (!r || !r->went_out()) return std::nullopt;
  return r;
}

std::vector<Record> AlertService::went_out(size_t limit) {
  return db_.read([&](db::Connection& c) { return store::went_out(c, limit, sender_); });
}

std::vector<Record> AlertService::in_force(const std::string& unit_code) {
  std::vector<std::string> units{unit_code};
  if (std::string parent = unit_parent_(unit_code); !parent.empty()) units.push_back(parent);
  return db_.read([&](db::Connection& c) { return store::in_force(c, units, now_utc(), sender_); });
}

std::vector<Record> AlertService::all_in_force() {
  return db_.read([&](db::Connection& c) { return store::all_in_force(c, now_utc(), sender_); });
}

bool AlertService::concerns(const Alert& alert, const std::string& unit_code) const {
  if (alert.unit_codes.empty() || unit_code.empty()) return true;
  std::string parent = unit_parent_(unit_code);
  for (const auto& u : alert.unit_codes)
    if (u == unit_code || u == parent || u == province_code_) return true;
  return false;
}

std::shared_ptr<const AlertService::InForce> AlertService::in_force_now() const {
  static const std::vector<uint32_t> slots = {cache::Versions::slot(kScope)};
  std::string now = now_utc();
  {
    std::lock_guard lock(banner_mutex_);
    if (banner_ && cache::versions().current(banner_since_, slots) &&
        (banner_until_.empty() || now < banner_until_))
      return banner_;
  }
  uint64_t since = cache::versions().now();
  auto list = std::make_shared<InForce>();
  db_.read([&](db::Connection& c) {
    list->last_event = live::last_event_id(c);
    list->alerts = store::all_in_force(c, now, sender_);
  });
  std::string until;
  for (const auto& r : list->alerts) {
    auto t = timeutil::parse_w3c(r.alert.expires);
    std::string utc = t ? timeutil::iso_utc(*t) : "";
    if (!utc.empty() && (until.empty() || utc < until)) until = utc;
  }
  std::lock_guard lock(banner_mutex_);
  banner_ = list;
  banner_since_ = since;
  banner_until_ = until;
  return banner_;
}

size_t AlertService::expire_due() {
  return db_.write([&](db::Connection& c) { return store::expire_due(c, now_utc()); });
}

}  // namespace cds::alerts
