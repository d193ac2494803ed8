#include "alerts/commands.h"

#include <boost/json.hpp>
#include <stdexcept>

#include "alerts/cap.h"
#include "alerts/service.h"
#include "alerts/store.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "http/response.h"
#include "live/events.h"

namespace cds::alerts {

namespace {

std::string now_cap() { return timeutil::w3c_vietnam(timeutil::Clock::now()); }
std::string now_utc() { return timeutil::iso_utc(timeutil::Clock::now()); }

// An Update takes the alert it replaces out of force as it goes out, in the same transaction:
// when that alert is no longer in force (cancelled, updated by another, expired), the Update
// has nothing to replace and does not go out.
void replace_earlier(db::Connection& c, const Record& r) {
  if (r.alert.msg_type != "Update" || !r.references_alert) return;
  if (!store::end_in_force(c, r.references_alert, State::updated, now_utc()))
    throw Error(ErrorKind::conflict, "update_target_gone",
                "The warning this one updates is no longer in force");
}

// Its authors may take it back without a word; anyone else says what must change.
void send_back(CommandStep& s) {
  std::string why = text::nfc(text::trim(s.input.reason));
  bool author = s.actor.account_id != 0 && s.alert.authored_by(s.actor.account_id);
  if ((why.empty() && !author) || text::char_count(why) > 500)
    throw Error(ErrorKind::bad_input, "send_back_reason",
                "Say in at most 500 characters what must change");
  if (!store::send_back(s.c, s.alert.alert.id, why))
    throw Error(ErrorKind::conflict, "bad_transition", "This alert is not waiting for approval");
  s.alert.state = State::draft;
  s.alert.returned_reason = why;
  s.alert.submitted_by = 0;
  s.audits = {"alert.sent_back"};
}

void discard(CommandStep& s) {
  store::set_state(s.c, s.alert.alert.id, State::discarded, 0, "");
  s.alert.state = State::discarded;
  s.audits = {"alert.discarded"};
}

// An Exercise or Test goes out at once; an Actual one waits for a second officer.
void submit(CommandStep& s) {
  Record& r = s.alert;
  if (r.alert.status == "Actual") {
    // Whoever submits it answers for it as much as its drafter: a person, never its approver.
    if (s.actor.account_id == 0)
      throw Error(ErrorKind::forbidden, "person_required",
                  "A person signed in submits an Actual alert");
    if (!store::submit(s.c, r.alert.id, r.version, s.actor.account_id))
      throw Error(ErrorKind::conflict, "bad_transition", "Only a draft can be sent");
    r.state = State::awaiting_approval;
    r.submitted_by = s.actor.account_id;
    s.audits = {"alert.submitted"};
    return;
  }
  r.alert.sent = now_cap();
  replace_earlier(s.c, r);
  store::set_state(s.c, r.alert.id, State::sent, 0, r.alert.sent);
  r.state = State::sent;
  s.audits = {"alert.sent"};
  s.goes_out = true;
}

// The approval is of the version the approver read (StaleVersion when it changed since).
void approve(CommandStep& s) {
  Record& r = s.alert;
  require_second_officer(s.actor, r);
  if (s.input.version != r.version) throw StaleVersion(r.version);
  r.alert.sent = now_cap();
  replace_earlier(s.c, r);
  if (!store::approve(s.c, r.alert.id, s.input.version, s.actor.account_id, r.alert.sent))
    throw StaleVersion(r.version);
  r.state = State::sent;
  r.approved_by = s.actor.account_id;
  r.approved_version = s.input.version;
  s.audits = {"alert.approved", "alert.sent"};
  s.goes_out = true;
  // Residents who asked for warnings by text get it too (a job sends them in batches).
  s.texts = !r.alert.unit_codes.empty();
}

// A Cancel message referring to the alert goes out at once; the alert stops being in force.
void cancel(CommandStep& s) {
  const Record& earlier = s.alert;
  Record r = earlier;
  Alert& a = r.alert;
  a.identifier = "cds-" + s.province_code + "-" + crypto::random_token(12);
  a.msg_type = "Cancel";
  a.sent = now_cap();
  a.effective = a.sent;
  a.response_types = {"AllClear"};
  a.references = {reference_to(earlier.alert)};
  r.references_alert = earlier.alert.id;
  r.state = State::sent;
  r.drafted_by = s.actor.account_id;
  r.submitted_by = r.approved_by = r.approved_version = 0;
  r.version = 1;
  validate(a);
  // Still in force in this transaction: a cancel racing an update or another cancel loses.
  if (!store::end_in_force(s.c, earlier.alert.id, State::cancelled, now_utc()))
    throw Error(ErrorKind::conflict, "bad_transition", "Only an alert in force can be cancelled");
  a.id = store::insert(s.c, r);
  store::set_state(s.c, a.id, State::sent, 0, a.sent);
  s.audits = {"alert.cancelled"};
  s.goes_out = true;
  // Those texted the warning are texted that it is over.
  s.texts = !earlier.sms_state.empty();
  s.result = std::move(r);
}

const std::vector<AlertCommand>& commands() {
  static const std::vector<AlertCommand> table = {
      {"send_back",
       {State::awaiting_approval},
       "This alert is not waiting for approval",
       &send_back},
      {"discard", {State::draft}, "Only a draft can be discarded", &discard},
      {"submit", {State::draft}, "Only a draft can be sent", &submit},
      {"approve", {State::awaiting_approval}, "This alert is not waiting for approval", &approve},
      {"cancel", {}, "Only an alert in force can be cancelled", &cancel},
  };
  return table;
}

}  // namespace

const AlertCommand& alert_command(std::string_view name) {
  for (const auto& command : commands())
    if (command.name == name) return command;
  throw std::logic_error("no alert command " + std::string(name));
}

void require_second_officer(const accounts::Actor& actor, const Record& r) {
  if (actor.account_id == 0 || r.authored_by(actor.account_id))
    throw Error(ErrorKind::forbidden, "second_officer_required",
                "Another officer must approve an Actual alert");
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

}  // namespace cds::alerts
