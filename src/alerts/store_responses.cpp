// SQL for what follows an alert out: its text messages to consenting residents, and the
// residents' answers ("I am safe", "I need help").
#include "alerts/store.h"

namespace cds::alerts::store {

using db::Value;

void queue_texts(db::Connection& c, int64_t id) {
  c.query("UPDATE alerts SET sms_state = 'pending' WHERE id = $1 AND sms_state = ''", {id});
}

std::vector<int64_t> texts_due(db::Connection& c) {
  std::vector<int64_t> out;
  for (const auto& r :
       c.query("SELECT id FROM alerts WHERE sms_state IN ('pending', 'sending') ORDER BY id").rows)
    out.push_back(r.integer(0));
  return out;
}

bool claim_texts(db::Connection& c, int64_t id, const std::string& holder, const std::string& now,
                 const std::string& until) {
  return c.query(
              "UPDATE alerts SET sms_state = 'sending', sms_holder = $2, sms_lease = $4 "
              "WHERE id = $1 AND (sms_state = 'pending' OR (sms_state = 'sending' AND "
              "(sms_holder = $2 OR sms_lease <= $3)))",
              {id, holder, now, until})
             .affected == 1;
}

void note_texts(db::Connection& c, int64_t id, int64_t after, int64_t sent, int64_t failed,
                bool done) {
  c.touch(kScope);
  c.query(
      "UPDATE alerts SET sms_after = $2, sms_sent = sms_sent + $3, sms_failed = sms_failed + $4, "
      "sms_state = $5 WHERE id = $1",
      {id, after, sent, failed, std::string(done ? "done" : "sending")});
}

int64_t texts_after(db::Connection& c, int64_t id) {
  auto r = c.query("SELECT sms_after FROM alerts WHERE id = $1", {id});
  return r.empty() ? 0 : r.rows[0].integer(0);
}

namespace {
constexpr const char* kResponseColumns =
    "SELECT id, account_id, unit_code, answer, note, answered_at, handled_at, lat, lon, "
    "handled_by FROM alert_responses ";

Response response_from(const db::Row& row) {
  Response r;
  r.id = row.integer(0);
  r.account = row.integer(1);
  r.unit_code = row.text(2);
  r.answer = row.text(3);
  r.note = row.text(4);
  r.answered_at = row.text(5);
  r.handled_at = row.text(6);
  if (!row.is_null(7) && !row.is_null(8)) {
    r.lat = row.real(7);
    r.lon = row.real(8);
  }
  r.handled_by = row.integer(9);
  return r;
}

Value number_or_null(const std::optional<double>& v) { return v ? Value(*v) : db::null(); }
}  // namespace

void upsert_response(db::Connection& c, int64_t alert_id, const Response& r) {
  c.query(
      "INSERT INTO alert_responses (alert_id, account_id, unit_code, answer, note, lat, lon, "
      "answered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (alert_id, account_id) "
      "DO UPDATE SET unit_code = excluded.unit_code, answer = excluded.answer, note = "
      "excluded.note, lat = excluded.lat, lon = excluded.lon, answered_at = excluded.answered_at, "
      "handled_by = NULL, handled_at = ''",
      {alert_id, r.account, r.unit_code, r.answer, r.note, number_or_null(r.lat),
       number_or_null(r.lon), r.answered_at});
}

std::optional<Response> response_of(db::Connection& c, int64_t alert_id, int64_t account) {
  auto rows = c.query(std::string(kResponseColumns) + "WHERE alert_id = $1 AND account_id = $2",
                      {alert_id, account});
  if (rows.empty()) return std::nullopt;
  return response_from(rows.rows[0]);
}

std::optional<Response> response_by_id(db::Connection& c, int64_t alert_id, int64_t id) {
  auto rows =
      c.query(std::string(kResponseColumns) + "WHERE alert_id = $1 AND id = $2", {alert_id, id});
  if (rows.empty()) return std::nullopt;
  return response_from(rows.rows[0]);
}

std::vector<std::tuple<std::string, std::string, int64_t>> answer_counts(db::Connection& c,
                                                                         int64_t alert_id) {
  std::vector<std::tuple<std::string, std::string, int64_t>> out;
  for (const auto& r : c.query("SELECT unit_code, answer, COUNT(*) FROM alert_responses WHERE "
                               "alert_id = $1 GROUP BY unit_code, answer",
                               {alert_id})
                           .rows)
    out.emplace_back(r.text(0), r.text(1), r.integer(2));
  return out;
}

std::vector<Response> calls_for_help(db::Connection& c, int64_t alert_id,
                                     const std::vector<std::string>& communes) {
  std::vector<Response> out;
  if (communes.empty()) return out;
  std::vector<Value> params{alert_id};
  std::string units = db::in_list(communes, params);
  for (const auto& r :
       c.query(std::string(kResponseColumns) +
                   "WHERE alert_id = $1 AND answer = 'need_help' AND unit_code IN (" + units +
                   ") ORDER BY CASE WHEN handled_at = '' THEN 0 ELSE 1 END, answered_at, id",
               params)
           .rows)
    out.push_back(response_from(r));
  return out;
}

void mark_handled(db::Connection& c, int64_t id, int64_t by, const std::string& at) {
  c.query("UPDATE alert_responses SET handled_by = $2, handled_at = $3 WHERE id = $1",
          {id, by, at});
}

std::vector<std::tuple<int64_t, std::string, int64_t>> open_calls(db::Connection& c,
                                                                  const std::string& now_utc) {
  std::vector<std::tuple<int64_t, std::string, int64_t>> out;
  for (const auto& r :
       c.query("SELECT r.alert_id, r.unit_code, COUNT(*) FROM alert_responses r JOIN alerts a ON "
               "a.id = r.alert_id WHERE r.answer = 'need_help' AND r.handled_at = '' AND " +
                   in_force_sql("a", 1) +
                   " GROUP BY r.alert_id, r.unit_code ORDER BY r.alert_id DESC, r.unit_code",
               {now_utc})
           .rows)
    out.emplace_back(r.integer(0), r.text(1), r.integer(2));
  return out;
}

}  // namespace cds::alerts::store
