#include "audit/service.h"

#include "core/time.h"

namespace cds::audit {

using db::Value;

void record(db::Connection& c, const Entry& e) {
  c.query(
      "INSERT INTO audit_log (at, actor_account, actor_api_key, action, subject_account, detail, "
      "ip) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {timeutil::iso_utc(timeutil::Clock::now()),
       e.actor_account ? Value(e.actor_account) : db::null(),
       e.actor_api_key ? Value(e.actor_api_key) : db::null(), e.action,
       e.subject_account ? Value(e.subject_account) : db::null(), e.detail, e.ip});
}

std::vector<Row> rows(db::Connection& c, const Filter& f) {
  std::string sql =
      "SELECT id, at, actor_account, actor_api_key, action, subject_account, detail, ip "
      "FROM audit_log WHERE 1 = 1";
  std::vector<Value> params;
  auto add = [&](const std::string& clause, Value v) {
    params.push_back(std::move(v));
    sql += " AND " + clause + " $" + std::to_string(params.size());
  };
  if (f.actor) add("actor_account =", *f.actor);
  if (f.subject) add("subject_account =", *f.subject);
  if (!f.action.empty()) {
    add("action LIKE", db::like_literal(f.action) + "%");
    sql += " ESCAPE '\\'";
  }
  if (!f.from.empty()) add("at >=", f.from);
  if (!f.to.empty()) add("at <", f.to + "T99");  // the whole last day
  params.push_back(static_cast<int64_t>(f.limit));
  sql += " ORDER BY id DESC LIMIT $" + std::to_string(params.size());
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
    out.push_back(row);
  }
  return out;
}

}  // namespace cds::audit
