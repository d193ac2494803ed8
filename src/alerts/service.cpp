#include "alerts/service.h"

#include <algorithm>
#include <boost/json.hpp>

#include "accounts/service.h"
#include "alerts/cap.h"
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
  audit::record(c, {.actor_account = actor.account_id,
                    .actor_api_key = actor.api_key_id,
                    .action = action,
                    .detail = "alert=" + a.identifier + " status=" + a.status,
                    .ip = ip,
                    .unit_code = a.unit_codes.size() == 1 ? a.unit_codes.front() : ""});
}

// The event live readers get when an alert goes out (or a Cancel takes one away): everyone in
// the province, and the readers of each commune it names (of the province for a drawn area).
// An Update takes the alert it replaces out of force as it goes out, in the same transaction:
// when that alert is no longer in force (cancelled, updated by another, expired), the Update
// has nothing to replace and does not go out.
void replace_earlier(db::Connection& c, const Record& r) {
  if (r.alert.msg_type != "Update" || !r.references_alert) return;
  if (!store::end_in_force(c, r.references_alert, "updated", now_utc()))
    throw Error(ErrorKind::conflict, "update_target_gone",
                "The warning this one updates is no longer in force");
}

// Sent without a second officer (an Exercise or Test, or a Cancel).
void goes_out(db::Connection& c, Record& r) {
  replace_earlier(c, r);
  store::set_state(c, r.alert.id, "sent", 0, r.alert.sent);
  r.state = "sent";
}

void announce(db::Connection& c, const Record& r, const std::string& province_code) {
  const Alert& a = r.alert;
  boost::json::object headline;
  for (const auto& t : a.texts) headline[t.language.substr(0, 2)] = t.headline;
  boost::json::object data{{"id", a.id},
                           {"status", a.status},
                           {"msg_type", a.msg_type},
                           {"severity", a.severity},
                           {"headline", std::move(headline)},
                           {"area", a.area_desc},
                           {"expires", a.expires},
                           {"link", "/canh-bao/" + std::to_string(a.id)}};
  if (r.references_alert)
    data[r.alert.msg_type == "Cancel" ? "cancels" : "replaces"] = r.references_alert;
  live::Event event{.kind = "alert", .audience = {live::kEveryone}, .data = http::json_text(data)};
  for (const auto& u : a.unit_codes) event.audience.push_back(live::unit_key(u));
  if (a.unit_codes.empty()) event.audience.push_back(live::unit_key(province_code));
  store::set_live_event(c, a.id, live::publish(c, event));
}

// The two-person rule: the alert waits for approval, and whoever wrote the content as it
// stands or submitted it cannot also let it out.
void require_second_officer(const Actor& actor, const Record& r) {
  if (r.state != "awaiting_approval")
    throw Error(ErrorKind::conflict, "bad_transition", "This alert is not waiting for approval");
  if (actor.account_id == 0 || r.authored_by(actor.account_id))
    throw Error(ErrorKind::forbidden, "second_officer_required",
                "Another officer must approve an Actual alert");
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
    if (r.state == "awaiting_approval")
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
    Record earlier = db_.read([&](db::Connection& c) { return load(c, d.updates); });
    if (earlier.state != "sent" || earlier.alert.msg_type == "Cancel")
      throw Error(ErrorKind::conflict, "bad_transition", "Only an alert in force can be updated");
    require_area(actor, earlier.alert);
    if (earlier.alert.status != a.status)
      throw Error(ErrorKind::bad_input, "bad_status", "An update keeps the alert's status");
    a.msg_type = "Update";
    a.references = {reference_to(earlier.alert)};
    r.references_alert = earlier.alert.id;
  }
  validate(a);
  require_area(actor, a);
  r.state = "draft";
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
    if (before.state != "draft")
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

Record AlertService::send_back(const Actor& actor, int64_t id, const std::string& reason,
                               const std::string& ip) {
  std::string why = text::nfc(text::trim(reason));
  return db_.write([&](db::Connection& c) {
    Record r = load(c, id);
    require_area(actor, r.alert);
    if (r.state != "awaiting_approval")
      throw Error(ErrorKind::conflict, "bad_transition", "This alert is not waiting for approval");
    // Its authors may take it back without a word; anyone else says what must change.
    bool author = actor.account_id != 0 && r.authored_by(actor.account_id);
    if ((why.empty() && !author) || text::char_count(why) > 500)
      throw Error(ErrorKind::bad_input, "send_back_reason",
                  "Say in at most 500 characters what must change");
    if (!store::send_back(c, id, why))
      throw Error(ErrorKind::conflict, "bad_transition", "This alert is not waiting for approval");
    r.state = "draft";
    r.returned_reason = why;
    r.submitted_by = 0;
    audit_alert(c, actor, "alert.sent_back", r.alert, ip);
    return r;
  });
}

Record AlertService::discard(const Actor& actor, int64_t id, const std::string& ip) {
  return db_.write([&](db::Connection& c) {
    Record r = load(c, id);
    require_area(actor, r.alert);
    if (r.state != "draft")
      throw Error(ErrorKind::conflict, "bad_transition", "Only a draft can be discarded");
    store::set_state(c, id, "discarded", 0, "");
    r.state = "discarded";
    audit_alert(c, actor, "alert.discarded", r.alert, ip);
    return r;
  });
}

Record AlertService::submit(const Actor& actor, int64_t id, const std::string& ip) {
  return db_.write([&](db::Connection& c) {
    Record r = load(c, id);
    require_area(actor, r.alert);
    if (r.state != "draft")
      throw Error(ErrorKind::conflict, "bad_transition", "Only a draft can be sent");
    if (r.alert.status == "Actual") {
      // Whoever submits it answers for it as much as its drafter: a person, never its approver.
      if (actor.account_id == 0)
        throw Error(ErrorKind::forbidden, "person_required",
                    "A person signed in submits an Actual alert");
      if (!store::submit(c, id, r.version, actor.account_id))
        throw Error(ErrorKind::conflict, "bad_transition", "Only a draft can be sent");
      r.state = "awaiting_approval";
      r.submitted_by = actor.account_id;
      audit_alert(c, actor, "alert.submitted", r.alert, ip);
    } else {
      r.alert.sent = now_cap();
      goes_out(c, r);
      audit_alert(c, actor, "alert.sent", r.alert, ip);
      announce(c, r, province_code_);
    }
    return r;
  });
}

Record AlertService::approve(const Actor& actor, int64_t id, int64_t version,
                             const std::string& ip) {
  return db_.write([&](db::Connection& c) {
    Record r = load(c, id);
    require_area(actor, r.alert);
    require_second_officer(actor, r);
    // The approval is of the version the approver read.
    if (version != r.version) throw StaleVersion(r.version);
    r.alert.sent = now_cap();
    replace_earlier(c, r);
    if (!store::approve(c, id, version, actor.account_id, r.alert.sent))
      throw StaleVersion(r.version);
    r.state = "sent";
    r.approved_by = actor.account_id;
    r.approved_version = version;
    audit_alert(c, actor, "alert.approved", r.alert, ip);
    audit_alert(c, actor, "alert.sent", r.alert, ip);
    announce(c, r, province_code_);
    // Residents who asked for warnings by text get it too (a job sends them in batches).
    if (!r.alert.unit_codes.empty()) store::queue_texts(c, id);
    return r;
  });
}

AlertService::Review AlertService::review(const Actor& actor, int64_t id) {
  return db_.read([&](db::Connection& c) {
    Review out{.record = load(c, id)};
    const Record& r = out.record;
    require_area(actor, r.alert);
    require_second_officer(actor, r);
    out.drafted_by = accounts::name_and_phone(c, r.drafted_by).first;
    out.submitted_by = accounts::name_and_phone(c, r.submitted_by).first;
    // The texts go to the communes it names (approve queues none for a drawn area alone).
    if (!r.alert.unit_codes.empty())
      out.texts = accounts::count_consenting_residents(c, area_communes(r.alert), "warnings");
    return out;
  });
}

Record AlertService::cancel(const Actor& actor, int64_t id, const std::string& ip) {
  return db_.write([&](db::Connection& c) {
    Record earlier = load(c, id);
    require_area(actor, earlier.alert);
    if (earlier.state != "sent" || earlier.alert.msg_type == "Cancel")
      throw Error(ErrorKind::conflict, "bad_transition", "Only an alert in force can be cancelled");
    Record r = earlier;
    Alert& a = r.alert;
    a.identifier = "cds-" + province_code_ + "-" + crypto::random_token(12);
    a.msg_type = "Cancel";
    a.sent = now_cap();
    a.effective = a.sent;
    a.response_types = {"AllClear"};
    a.references = {reference_to(earlier.alert)};
    r.references_alert = earlier.alert.id;
    r.state = "sent";
    r.drafted_by = actor.account_id;
    r.submitted_by = r.approved_by = r.approved_version = 0;
    r.version = 1;
    validate(a);
    // Still in force in this transaction: a cancel racing an update or another cancel loses.
    if (!store::end_in_force(c, earlier.alert.id, "cancelled", now_utc()))
      throw Error(ErrorKind::conflict, "bad_transition", "Only an alert in force can be cancelled");
    a.id = store::insert(c, r);
    store::set_state(c, a.id, "sent", 0, a.sent);
    audit_alert(c, actor, "alert.cancelled", earlier.alert, ip);
    announce(c, r, province_code_);
    // Those texted the warning are texted that it is over.
    if (!earlier.sms_state.empty()) store::queue_texts(c, a.id);
    return r;
  });
}

Record AlertService::find(const Actor& actor, int64_t id) {
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
