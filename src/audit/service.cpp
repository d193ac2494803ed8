#include "audit/service.h"

#include "core/error.h"
#include "core/time.h"

namespace cds::audit {

using db::Value;

void record(db::Connection& c, const Entry& e) {
  c.query(
      "INSERT INTO audit_log (at, actor_account, actor_api_key, action, subject_account, detail, "
      "ip, unit_code) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {timeutil::iso_utc(timeutil::Clock::now()),
       e.actor_account ? Value(e.actor_account) : db::null(),
       e.actor_api_key ? Value(e.actor_api_key) : db::null(), e.action,
       e.subject_account ? Value(e.subject_account) : db::null(), e.detail, e.ip, e.unit_code});
}

namespace {
// The first instant (UTC, as stored) of a Vietnam calendar day, plus `days`.
std::string vietnam_day_start(const std::string& iso_date, long days) {
  auto d = timeutil::parse_iso_date(iso_date);
  if (!d) throw Error(ErrorKind::bad_input, "bad_date", "Dates are written yyyy-mm-dd");
  long seconds = (timeutil::days_from_date(*d) + days) * 86400L - 7L * 3600L;  // UTC+7
  return timeutil::iso_utc(timeutil::Clock::time_point(std::chrono::seconds(seconds)));
}
}  // namespace

std::vector<Row> rows(db::Connection& c, const Filter& f) {
  std::string sql =
      "SELECT id, at, actor_account, actor_api_key, action, subject_account, detail, ip, "
      "unit_code "
      "FROM audit_log WHERE 1 = 1";
  std::vector<Value> params;
  auto add = [&](const std::string& clause, Value v) {
    params.push_back(std::move(v));
    sql += " AND " + clause + " $" + std::to_string(params.size());
  };
  if (f.actor) add("actor_account =", *f.actor);
  if (f.subject) add("subject_account =", *f.subject);
  if (f.person) {
    params.push_back(*f.person);
    std::string n = "$" + std::to_string(params.size());
    sql += " AND (actor_account = " + n + " OR subject_account = " + n + ")";
  }
  if (!f.action.empty()) {
    add("action LIKE", db::like_literal(f.action) + "%");
    sql += " ESCAPE '\\'";
  }
  if (!f.unit_code.empty()) add("unit_code =", f.unit_code);
  // Days are Vietnam's: an officer's "28/11" starts at 17:00 UTC the day before.
  if (!f.from.empty()) add("at >=", vietnam_day_start(f.from, 0));
  if (!f.to.empty()) add("at <", vietnam_day_start(f.to, 1));  // the whole last day
  params.push_back(static_cast<int64_t>(f.limit));
  sql += " ORDER BY id DESC LIMIT $" + std::to_string(params.size());
  params.push_back(static_cast<int64_t>(f.offset));
  sql += " OFFSET $" + std::to_string(params.size());
  std::vector<Row> out;
  for (const auto& r : c.query(sql, params).rows) {
    Row row;
    row.id = r.integer(0);
    row.at = r.text(1);
    row.actor_account = r.integer(2);
    row.actor_api_key = r.integer(3);
    row.action = r.text(4);
    row.subject_account = r.integer(5);
    row.detail = r.text(6);
    row.ip = r.text(7);
    row.unit_code = r.text(8);
    out.push_back(row);
  }
  return out;
}

}  // namespace cds::audit
