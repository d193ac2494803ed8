// SQL for alerts, private to the module. Times go in as CAP writes them (+07:00) and are
// stored as UTC text; they come back as +07:00.
#pragma once

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "alerts/model.h"
#include "db/connection.h"

namespace cds::alerts::store {

int64_t insert(db::Connection& c, const Record& r);
// A draft rewritten: every field as `r` has it (its id), its units, no reason to redraft.
void update_draft(db::Connection& c, const Record& r);
// The transitions of the two-person rule, each taking effect only from the state (and version)
// it names, so that two requests racing on one alert cannot both act: false when it did not.
// Back to its drafter as a draft, with the reason; no longer submitted by anyone.
bool send_back(db::Connection& c, int64_t id, const std::string& reason);
// A draft of this version waits for approval, submitted by `by`.
bool submit(db::Connection& c, int64_t id, int64_t version, int64_t by);
// A waiting alert of this version goes out (`sent`, CAP +07:00), approved by `by`, who neither
// drafted nor submitted it.
bool approve(db::Connection& c, int64_t id, int64_t version, int64_t by, const std::string& sent);
// An alert in force (sent, not a Cancel, not expired by now_utc) stops being: cancelled or
// updated. False when it was no longer in force.
bool end_in_force(db::Connection& c, int64_t id, State state, const std::string& now_utc);
// `sender` is the deployment's CAP sender, which every message carries.
std::optional<Record> find(db::Connection& c, int64_t id, const std::string& sender);
// Moves an alert on; `sent` (CAP +07:00) is set when it goes out.
void set_state(db::Connection& c, int64_t id, State state, int64_t approved_by,
               const std::string& sent);
// Messages that went out, newest first.
std::vector<Record> went_out(db::Connection& c, size_t limit, const std::string& sender);
// Alerts in force now (sent, not cancelled, not expired) for these units.
std::vector<Record> in_force(db::Connection& c, const std::vector<std::string>& unit_codes,
                             const std::string& now_utc, const std::string& sender);
// Drafts and alerts waiting for approval, newest first.
std::vector<Record> pending(db::Connection& c, const std::string& sender);
// Every alert in force now, newest first.
std::vector<Record> all_in_force(db::Connection& c, const std::string& now_utc,
                                 const std::string& sender);
// Marks expired every sent alert whose time is up; how many.
size_t expire_due(db::Connection& c, const std::string& now_utc);
void set_live_event(db::Connection& c, int64_t id, int64_t event_id);

// ---- text messages (store_responses.cpp) ----
void queue_texts(db::Connection& c, int64_t id);
// Alerts whose texts are queued or under way, oldest first.
std::vector<int64_t> texts_due(db::Connection& c);
// Takes or renews the lease on an alert's texts for `holder` until `until` (UTC): when they
// are queued, when this holder has them, or when the last holder's lease ran out by `now`.
// False when another process holds them.
bool claim_texts(db::Connection& c, int64_t id, const std::string& holder, const std::string& now,
                 const std::string& until);
// After a batch: the last account texted and what the batch counted.
void note_texts(db::Connection& c, int64_t id, int64_t after, int64_t sent, int64_t failed,
                bool done);
int64_t texts_after(db::Connection& c, int64_t id);

// ---- residents' answers ----
struct Response {
  int64_t id = 0, account = 0;
  std::string unit_code, answer, note, answered_at, handled_at;
  std::optional<double> lat, lon;
  int64_t handled_by = 0;
};
// One answer per person and alert: a new one replaces it (and a new call for help is not
// handled yet).
void upsert_response(db::Connection& c, int64_t alert_id, const Response& r);
std::optional<Response> response_of(db::Connection& c, int64_t alert_id, int64_t account);
std::optional<Response> response_by_id(db::Connection& c, int64_t alert_id, int64_t id);
// Answers per commune and kind: (unit, answer, count).
std::vector<std::tuple<std::string, std::string, int64_t>> answer_counts(db::Connection& c,
                                                                         int64_t alert_id);
// The calls for help of these communes, unhandled first, oldest first.
std::vector<Response> calls_for_help(db::Connection& c, int64_t alert_id,
                                     const std::vector<std::string>& communes);
void mark_handled(db::Connection& c, int64_t id, int64_t by, const std::string& at);
// Calls for help nobody has taken yet, for alerts in force at now_utc: (alert, commune, count).
std::vector<std::tuple<int64_t, std::string, int64_t>> open_calls(db::Connection& c,
                                                                  const std::string& now_utc);

}  // namespace cds::alerts::store
