// Residents answer an alert ("I am safe", "I need help"); the officers of each commune see
// the figures and the calls for help, with names and phones (an audited read), and mark each
// one handled.
#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "accounts/audit.h"
#include "accounts/service.h"
#include "alerts/permissions.h"
#include "alerts/service.h"
#include "alerts/store.h"
#include "audit/service.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "http/response.h"
#include "live/events.h"
#include "notify/inbox.h"
#include "units/service.h"
#include "web/pages.h"

namespace cds::alerts {
using accounts::Actor;

namespace {
constexpr size_t kMaxNote = 500;

bool answerable(const Record& r) { return r.in_force(); }
}  // namespace

std::vector<std::string> AlertService::area_communes(const Alert& alert) const {
  std::vector<std::string> out;
  auto add_children = [&](const std::string& code) {
    for (const auto& u : units_.children(units::kGeneration2025, code)) out.push_back(u.code);
  };
  if (alert.unit_codes.empty()) add_children(province_code_);
  for (const auto& code : alert.unit_codes) {
    auto unit = units_.find(units::kGeneration2025, code);
    if (!unit) continue;
    if (unit->level == "province")
      add_children(code);
    else
      out.push_back(code);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool AlertService::in_area(const Actor& actor, const Record& r) const {
  if (!actor.signed_in() || actor.home_unit.empty()) return false;
  auto communes = area_communes(r.alert);
  return std::binary_search(communes.begin(), communes.end(), actor.home_unit);
}

void AlertService::answer(const Actor& actor, int64_t id, const AnswerInput& input,
                          const std::string& ip) {
  if (!actor.signed_in())
    throw Error(ErrorKind::unauthenticated, "sign_in_required", "Sign in to answer");
  if (input.answer != "safe" && input.answer != "need_help")
    throw Error(ErrorKind::bad_input, "bad_answer", "answer is safe or need_help");
  std::string note = text::nfc(text::trim(input.note));
  if (text::char_count(note) > kMaxNote)
    throw Error(ErrorKind::bad_input, "bad_text", "The note is at most 500 characters");
  if (input.lat.has_value() != input.lon.has_value() ||
      (input.lat && (*input.lat < -90 || *input.lat > 90 || *input.lon < -180 || *input.lon > 180)))
    throw Error(ErrorKind::bad_input, "bad_location", "lat and lon go together, in degrees");
  db_.write([&](db::Connection& c) {
    Record r = load(c, id);
    if (!answerable(r))
      throw Error(ErrorKind::conflict, "alert_not_in_force", "This alert is no longer in force");
    if (!in_area(actor, r))
      throw Error(ErrorKind::forbidden, "not_in_area", "Only residents of the area can answer");
    store::Response answer;
    answer.account = actor.account_id;
    answer.unit_code = actor.home_unit;
    answer.answer = input.answer;
    answer.note = note;
    answer.lat = input.lat;
    answer.lon = input.lon;
    answer.answered_at = timeutil::iso_utc(timeutil::Clock::now());
    store::upsert_response(c, id, answer);
    c.touch("alert-answers:" + std::to_string(id));
    if (input.answer == "need_help") tell_officers_of_call(c, r, actor.home_unit);
    accounts::record_by(c, actor,
                        {.action = "alert.answered",
                         .detail = "alert=" + r.alert.identifier + " answer=" + input.answer,
                         .ip = ip,
                         .unit_code = actor.home_unit});
  });
}

AlertService::MyAnswer AlertService::my_answer(const Actor& actor, int64_t id) {
  if (!actor.signed_in()) return {};
  auto r = db_.read([&](db::Connection& c) { return store::response_of(c, id, actor.account_id); });
  if (!r) return {};
  return {r->answer, r->handled_at};
}

std::vector<AlertService::OpenCalls> AlertService::open_calls(const Actor& actor) {
  std::vector<OpenCalls> out;
  if (actor.anonymous()) return out;
  auto rows = db_.read([&](db::Connection& c) {
    return store::open_calls(c, timeutil::iso_utc(timeutil::Clock::now()));
  });
  std::map<int64_t, std::string> headlines;
  for (const auto& [alert, unit, n] : rows) {
    if (accounts::decide(actor, actions::follow_alert_answers, {unit}, unit_parent_) !=
        accounts::Decision::allow)
      continue;
    if (!headlines.contains(alert)) {
      int64_t id = alert;  // a structured binding cannot be captured before C++20 in clang 14
      auto r = db_.read([&](db::Connection& c) { return store::find(c, id, sender_); });
      headlines[alert] = r && !r->alert.texts.empty() ? r->alert.texts.front().headline : "";
    }
    auto u = units_.find(units::kGeneration2025, unit);
    out.push_back({alert, headlines[alert], u ? u->name : unit, n});
  }
  return out;
}

namespace {
// The officers who follow a commune's answers: its officers and alert officers, and the
// province's administrators. They hear of a call for help at once.
std::vector<int64_t> answer_followers(db::Connection& c, const std::string& unit,
                                      const std::string& province) {
  std::vector<int64_t> out;
  for (auto role : {accounts::Role::officer, kAlertOfficer})
    for (int64_t id : accounts::role_holders(c, role, {unit, province})) out.push_back(id);
  for (int64_t id : accounts::role_holders(c, accounts::Role::province_admin, {province}))
    out.push_back(id);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}
}  // namespace

void AlertService::tell_officers_of_call(db::Connection& c, const Record& r,
                                         const std::string& unit) {
  auto u = units_.find(units::kGeneration2025, unit);
  std::string link = "/can-bo/canh-bao/" + std::to_string(r.alert.id) + "/tra-loi";
  live::Event event{.kind = "help",
                    .data = http::json_text(boost::json::object{{"alert", r.alert.id},
                                                                {"unit", unit},
                                                                {"unit_name", u ? u->name : unit},
                                                                {"link", link}})};
  for (int64_t officer : answer_followers(c, unit, province_code_)) {
    notify::post(c, officer, "notify.alert.need_help", u ? u->name : unit, link);
    event.audience.push_back(live::person_key(officer));
  }
  if (!event.audience.empty()) live::publish(c, event);
}

Answers AlertService::answers(const Actor& actor, int64_t id, const std::string& ip) {
  Record r = db_.read([&](db::Connection& c) { return load(c, id); });
  if (!r.went_out()) throw Error(ErrorKind::not_found, "alert_not_found", "No such alert");
  std::vector<std::string> mine;
  for (const auto& code : area_communes(r.alert))
    if (accounts::decide(actor, actions::follow_alert_answers, {code}, unit_parent_) ==
        accounts::Decision::allow)
      mine.push_back(code);
  if (mine.empty()) accounts::require(actor, actions::follow_alert_answers, {"-"}, unit_parent_);
  auto name_of = [&](const std::string& code) {
    auto u = units_.find(units::kGeneration2025, code);
    return u ? u->name : code;
  };
  Answers out;
  std::map<std::string, CommuneFigures*> by_code;
  out.communes.reserve(mine.size());
  for (const auto& code : mine) {
    out.communes.push_back({.unit_code = code, .unit_name = name_of(code)});
    by_code[code] = &out.communes.back();
  }
  db_.write([&](db::Connection& c) {
    for (const auto& [code, n] : accounts::residents_per_commune(c, mine))
      by_code.at(code)->residents = n;
    if (r.live_event)
      for (const auto& [key, n] : live::reach(c, r.live_event))
        if (key.starts_with("unit:"))
          if (auto it = by_code.find(key.substr(5)); it != by_code.end()) it->second->connected = n;
    for (const auto& [code, answer, n] : store::answer_counts(c, id)) {
      auto it = by_code.find(code);
      if (it == by_code.end()) continue;
      (answer == "safe" ? it->second->safe : it->second->need_help) = n;
    }
    for (const auto& call : store::calls_for_help(c, id, mine)) {
      auto [name, phone] = accounts::name_and_phone(c, call.account);
      out.calls.push_back({call.id, name_of(call.unit_code), name, phone, call.note,
                           call.answered_at, call.handled_at, call.lat, call.lon});
    }
    // Names and phones were read: that is in the audit log, with how many.
    if (!out.calls.empty())
      accounts::record_by(
          c, actor,
          {.action = "alert.calls_for_help_read",
           .detail = "alert=" + r.alert.identifier + " people=" + std::to_string(out.calls.size()),
           .ip = ip,
           .unit_code = mine.size() == 1 ? mine.front() : ""});
  });
  return out;
}

void AlertService::mark_handled(const Actor& actor, int64_t id, int64_t answer_id,
                                const std::string& ip) {
  db_.write([&](db::Connection& c) {
    Record r = load(c, id);
    auto call = store::response_by_id(c, id, answer_id);
    if (!call || call->answer != "need_help")
      throw Error(ErrorKind::not_found, "answer_not_found", "No such call for help");
    accounts::require(actor, actions::follow_alert_answers, {call->unit_code}, unit_parent_);
    if (!call->handled_at.empty()) return;  // done already: nothing changes
    std::string now = timeutil::iso_utc(timeutil::Clock::now());
    store::mark_handled(c, answer_id, actor.account_id, now);
    c.touch("alert-answers:" + std::to_string(id));
    // The resident is told, on their open page and in their notices.
    std::string link = "/canh-bao/" + std::to_string(id);
    notify::post(c, call->account, "notify.alert.help_taken", r.alert.event, link);
    live::publish(c, {.kind = "help_taken",
                      .audience = {live::person_key(call->account)},
                      .data = http::json_text(
                          boost::json::object{{"alert", id}, {"at", web::display_time(now)}})});
    accounts::record_by(
        c, actor,
        {.action = "alert.call_for_help_handled",
         .detail = "alert=" + r.alert.identifier + " answer=" + std::to_string(answer_id),
         .ip = ip,
         .unit_code = call->unit_code});
  });
}

}  // namespace cds::alerts
