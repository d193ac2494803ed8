#include "feedback/store.h"

#include <boost/json.hpp>
#include <cstdio>

#include "feedback/workflow.h"

namespace cds::feedback::store {

using db::Value;

namespace {

// What a change to a report makes stale: the report, its commune's lists, every list.
void touch_report(db::Connection& c, int64_t report, const std::string& unit_code = "") {
  c.touch(report_scope(report));
  c.touch(kAllReportsScope);
  if (!unit_code.empty()) c.touch(unit_scope(unit_code));
}
std::string now() { return timeutil::iso_utc(timeutil::Clock::now()); }

// The reporter's name is joined only when they chose to be named.
constexpr const char* kReportSelect =
    "SELECT r.id, r.public_id, r.category_id, k.code, r.description, r.unit_code, r.address_text, "
    "r.status, "
    "r.source, r.lat, r.lon, r.agency_id, r.reporter_account, r.show_name, "
    "CASE WHEN r.show_name = 1 THEN a.full_name ELSE NULL END, r.support_count, r.received_at, "
    "r.deadline_on, "
    "r.resolved_at, r.updated_at, r.duplicate_of, r.answer, r.rating, r.rating_comment "
    "FROM reports r JOIN categories k ON k.id = r.category_id LEFT JOIN accounts a ON a.id = "
    "r.reporter_account";

Report report_from(const db::Row& row) {
  Report r;
  r.id = row.integer(0);
  r.public_id = row.text(1);
  r.category_id = row.integer(2);
  r.category_code = row.text(3);
  r.description = row.text(4);
  r.unit_code = row.text(5);
  r.address_text = row.text(6);
  r.status = row.text(7);
  r.source = row.text(8);
  if (!row.is_null(9)) r.lat = row.real(9);
  if (!row.is_null(10)) r.lon = row.real(10);
  r.agency_id = row.integer(11);
  r.reporter_account = row.integer(12);
  r.show_name = row.integer(13) != 0;
  r.reporter_name = row.text(14);
  r.support_count = static_cast<int>(row.integer(15));
  r.received_at = row.text(16);
  r.deadline_on = row.text(17);
  r.resolved_at = row.text(18);
  r.updated_at = row.text(19);
  r.duplicate_of = row.integer(20);
  r.answer = row.text(21);
  if (!row.is_null(22)) r.rating = static_cast<int>(row.integer(22));
  r.rating_comment = row.text(23);
  return r;
}

// Builds the WHERE clause of a filter; params grow as placeholders are added.
std::string where(const ReportFilter& f, std::vector<Value>& params) {
  std::string sql = " WHERE 1 = 1";
  auto add = [&](const std::string& clause, Value v) {
    params.push_back(std::move(v));
    sql += " AND " + clause + " $" + std::to_string(params.size());
  };
  auto add_in = [&](const std::string& column, const std::vector<std::string>& values) {
    if (values.empty()) return;
    sql += " AND " + column + " IN (";
    for (size_t i = 0; i < values.size(); ++i) {
      params.push_back(values[i]);
      sql += (i ? ", $" : "$") + std::to_string(params.size());
    }
    sql += ")";
  };
  if (!f.unit_code.empty()) add("r.unit_code =", f.unit_code);
  if (!f.category_code.empty()) add("k.code =", f.category_code);
  if (!f.status.empty()) add("r.status =", f.status);
  add_in("r.status", f.statuses);
  add_in("r.public_id", f.public_ids);
  if (!f.received_from.empty()) add("r.received_at >=", f.received_from);
  if (!f.received_to.empty()) add("r.received_at <=", f.received_to);
  if (!f.updated_after.empty()) add("r.updated_at >", f.updated_after);
  if (!f.updated_before.empty()) add("r.updated_at <", f.updated_before);
  if (!f.agency_ids.empty() || (f.agency_id && !f.unit_codes.empty())) {
    // An officer's inbox: their agencies' reports or their units' reports.
    std::vector<int64_t> agencies = f.agency_ids;
    if (f.agency_id) agencies.push_back(f.agency_id);
    std::string either;
    for (int64_t a : agencies) {
      params.push_back(a);
      either += (either.empty() ? "r.agency_id IN ($" : ", $") + std::to_string(params.size());
    }
    either += ")";
    if (!f.unit_codes.empty()) {
      either += " OR r.unit_code IN (";
      for (size_t i = 0; i < f.unit_codes.size(); ++i) {
        params.push_back(f.unit_codes[i]);
        either += (i ? ", $" : "$") + std::to_string(params.size());
      }
      either += ")";
    }
    sql += " AND (" + either + ")";
  } else {
    if (f.agency_id) add("r.agency_id =", f.agency_id);
    add_in("r.unit_code", f.unit_codes);
  }
  if (!f.query_folded.empty()) {
    add("r.description_folded LIKE", "%" + db::like_literal(f.query_folded) + "%");
    sql += " ESCAPE '\\'";
  }
  if (!f.deadline_before.empty() || !f.deadline_on.empty()) sql += " AND r.deadline_on <> ''";
  if (!f.deadline_before.empty()) add("r.deadline_on <", f.deadline_before);
  if (!f.deadline_on.empty()) add("r.deadline_on =", f.deadline_on);
  if (!f.after.empty()) {
    // Keyset pagination: the reports after this one in the list's order (newest first), read
    // from the (unit_code, received_at, id) index however deep the page.
    params.push_back(f.after);
    sql += " AND (r.received_at, r.id) < (SELECT received_at, id FROM reports WHERE public_id = $" +
           std::to_string(params.size()) + ")";
  }
  return sql;
}
}  // namespace

int64_t insert_report(db::Connection& c, const Report& r, const std::string& folded) {
  int64_t id =
      c.query(
           "INSERT INTO reports (public_id, category_id, description, description_folded, "
           "unit_code, address_text, "
           "lat, lon, status, agency_id, reporter_account, show_name, support_count, source, "
           "received_at, "
           "deadline_on, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0, "
           "$13, $14, $15, "
           "$14) RETURNING id",
           {r.public_id, r.category_id, r.description, folded, r.unit_code, r.address_text,
            r.lat ? Value(*r.lat) : db::null(), r.lon ? Value(*r.lon) : db::null(), r.status,
            r.agency_id ? Value(r.agency_id) : db::null(),
            r.reporter_account ? Value(r.reporter_account) : db::null(),
            int64_t{r.show_name ? 1 : 0}, r.source, r.received_at, r.deadline_on})
          .rows.at(0)
          .integer(0);
  touch_report(c, id, r.unit_code);
  return id;
}

void insert_attribute(db::Connection& c, int64_t report, const std::string& code,
                      const std::string& value) {
  touch_report(c, report);
  c.query(
      "INSERT INTO report_attributes (report_id, code, value) VALUES ($1, $2, $3) ON CONFLICT DO "
      "NOTHING",
      {report, code, value});
}

namespace {
void load_attributes(db::Connection& c, Report& r) {
  for (const auto& row :
       c.query(
            "SELECT code, value FROM report_attributes WHERE report_id = $1 ORDER BY code, value",
            {r.id})
           .rows)
    r.attributes.emplace_back(row.text(0), row.text(1));
}
}  // namespace

namespace {
// One report with its attributes and photos in one round trip: both lists come as JSON arrays
// beside the report's columns (each engine spells the aggregation its own way).
std::string report_with_details_sql(db::Engine engine, const char* condition, bool timeline) {
  std::string attributes, photos, events;
  if (engine == db::Engine::sqlite) {
    attributes =
        "(SELECT json_group_array(json_array(code, value)) FROM (SELECT code, value FROM "
        "report_attributes WHERE report_id = r.id ORDER BY code, value))";
    photos =
        "(SELECT json_group_array(json_array(kind, path, thumb_path, width, height)) FROM (SELECT "
        "kind, path, thumb_path, width, height FROM report_photos WHERE report_id = r.id ORDER BY "
        "position, id))";
    events =
        "(SELECT json_group_array(json_array(id, at, kind, from_status, to_status, body, "
        "actor_account)) FROM (SELECT id, at, kind, from_status, to_status, body, actor_account "
        "FROM report_events WHERE report_id = r.id AND public = 1 ORDER BY id))";
  } else {
    attributes =
        "(SELECT json_agg(json_build_array(code, value) ORDER BY code, value) FROM "
        "report_attributes WHERE report_id = r.id)";
    photos =
        "(SELECT json_agg(json_build_array(kind, path, thumb_path, width, height) ORDER BY "
        "position, id) FROM report_photos WHERE report_id = r.id)";
    events =
        "(SELECT json_agg(json_build_array(id, at, kind, from_status, to_status, body, "
        "actor_account) ORDER BY id) FROM report_events WHERE report_id = r.id AND public = 1)";
  }
  std::string sql(kReportSelect);
  sql.insert(sql.find(" FROM reports r"),
             ", " + attributes + ", " + photos + (timeline ? ", " + events : std::string()));
  return sql + " WHERE " + condition;
}

std::optional<Report> report_with_details(db::Connection& c, const char* condition,
                                          const Value& key,
                                          std::vector<Event>* timeline = nullptr) {
  auto res = c.query(report_with_details_sql(c.engine(), condition, timeline != nullptr), {key});
  if (res.empty()) return std::nullopt;
  const db::Row& row = res.rows[0];
  Report r = report_from(row);
  size_t at = row.size() - (timeline ? 3 : 2);
  auto text = [](const boost::json::value& v) {
    return v.is_string() ? std::string(v.as_string()) : std::string();
  };
  auto number = [](const boost::json::value& v) {
    return v.is_number() ? static_cast<int>(v.to_number<int64_t>()) : 0;
  };
  if (!row.is_null(at)) {
    boost::json::value attributes = boost::json::parse(row.text(at));
    for (const auto& a : attributes.as_array())
      r.attributes.emplace_back(text(a.as_array().at(0)), text(a.as_array().at(1)));
  }
  if (!row.is_null(at + 1)) {
    boost::json::value photos = boost::json::parse(row.text(at + 1));
    for (const auto& photo : photos.as_array()) {
      const auto& p = photo.as_array();
      r.photos.push_back(
          {text(p.at(0)), text(p.at(1)), text(p.at(2)), number(p.at(3)), number(p.at(4))});
    }
  }
  if (timeline && !row.is_null(at + 2)) {
    boost::json::value events = boost::json::parse(row.text(at + 2));
    auto integer = [](const boost::json::value& v) {
      return v.is_number() ? v.to_number<int64_t>() : int64_t{0};
    };
    for (const auto& event : events.as_array()) {
      const auto& e = event.as_array();
      timeline->push_back({integer(e.at(0)), text(e.at(1)), text(e.at(2)), text(e.at(3)),
                           text(e.at(4)), text(e.at(5)), true, integer(e.at(6))});
    }
  }
  return r;
}
}  // namespace

std::optional<Report> report_by_public_id(db::Connection& c, const std::string& public_id) {
  return report_with_details(c, "r.public_id = $1", public_id);
}

std::optional<Report> report_with_public_timeline(db::Connection& c, const std::string& public_id,
                                                  std::vector<Event>& timeline) {
  return report_with_details(c, "r.public_id = $1", public_id, &timeline);
}

std::optional<Report> report_by_id(db::Connection& c, int64_t id) {
  return report_with_details(c, "r.id = $1", id);
}

std::vector<Report> reports(db::Connection& c, const ReportFilter& f) {
  std::vector<Value> params;
  std::string sql = std::string(kReportSelect) + where(f, params);
  sql += f.deadline_order ? " ORDER BY CASE WHEN r.status IN (" + open_statuses_sql() +
                                ") "
                                "THEN 0 ELSE 1 END, r.deadline_on, r.id"
                          : " ORDER BY r.received_at DESC, r.id DESC";
  params.push_back(static_cast<int64_t>(f.limit));
  sql += " LIMIT $" + std::to_string(params.size());
  params.push_back(static_cast<int64_t>(f.offset));
  sql += " OFFSET $" + std::to_string(params.size());
  std::vector<Report> out;
  for (const auto& row : c.query(sql, params).rows) out.push_back(report_from(row));
  if (out.empty()) return out;
  // The page's attributes in one query rather than one per report.
  std::string in;
  std::vector<Value> ids;
  for (const auto& r : out) {
    ids.push_back(r.id);
    in += (in.empty() ? "$" : ", $") + std::to_string(ids.size());
  }
  for (const auto& row :
       c.query("SELECT report_id, code, value FROM report_attributes WHERE report_id IN (" + in +
                   ") ORDER BY code, value",
               ids)
           .rows)
    for (auto& r : out)
      if (r.id == row.integer(0)) r.attributes.emplace_back(row.text(1), row.text(2));
  // And their photos (the list's thumbnails, Open311's media_url), again in one query.
  for (const auto& row :
       c.query("SELECT report_id, kind, path, thumb_path, width, height FROM report_photos "
               "WHERE report_id IN (" +
                   in + ") ORDER BY report_id, position, id",
               ids)
           .rows)
    for (auto& r : out)
      if (r.id == row.integer(0))
        r.photos.push_back({row.text(1), row.text(2), row.text(3), static_cast<int>(row.integer(4)),
                            static_cast<int>(row.integer(5))});
  return out;
}

int64_t count_reports(db::Connection& c, const ReportFilter& f) {
  std::vector<Value> params;
  // Filtered by commune, status and category only (the public lists): the sum of the counters
  // kept by migration 0014's triggers, a few dozen rows at most.
  ReportFilter plain;
  plain.unit_code = f.unit_code;
  plain.status = f.status;
  plain.category_code = f.category_code;
  plain.statuses = f.statuses;
  plain.after = f.after;
  plain.limit = f.limit;
  plain.offset = f.offset;
  plain.deadline_order = f.deadline_order;
  if (f == plain) {
    std::string sql = "SELECT COALESCE(SUM(rc.n), 0) FROM report_counts rc";
    if (!f.category_code.empty()) sql += " JOIN categories k ON k.id = rc.category_id";
    sql += " WHERE 1 = 1";
    auto add = [&](const std::string& clause, Value v) {
      params.push_back(std::move(v));
      sql += " AND " + clause + " $" + std::to_string(params.size());
    };
    if (!f.unit_code.empty()) add("rc.unit_code =", f.unit_code);
    if (!f.status.empty()) add("rc.status =", f.status);
    if (!f.category_code.empty()) add("k.code =", f.category_code);
    if (!f.statuses.empty()) {
      sql += " AND rc.status IN (";
      for (size_t i = 0; i < f.statuses.size(); ++i) {
        params.push_back(f.statuses[i]);
        sql += (i ? ", $" : "$") + std::to_string(params.size());
      }
      sql += ")";
    }
    return c.query(sql, params).rows.at(0).integer(0);
  }
  // The join is only needed to filter by category code; a commune's 10,000 reports count
  // several times faster without it.
  std::string from = f.category_code.empty()
                         ? "FROM reports r"
                         : "FROM reports r JOIN categories k ON k.id = r.category_id";
  ReportFilter all = f;
  all.after.clear();  // the total counts every page
  std::string sql = "SELECT COUNT(*) " + from + where(all, params);
  return c.query(sql, params).rows.at(0).integer(0);
}

void update_report(db::Connection& c, const Report& r) {
  touch_report(c, r.id, r.unit_code);
  c.query(
      "UPDATE reports SET status = $2, agency_id = $3, resolved_at = $4, updated_at = $5, "
      "duplicate_of = $6, "
      "answer = $7, rating = $8, rating_comment = $9, support_count = $10, unit_code = $11, "
      "deadline_on = $12 WHERE id = $1",
      {r.id, r.status, r.agency_id ? Value(r.agency_id) : db::null(),
       r.resolved_at.empty() ? db::null() : Value(r.resolved_at), now(),
       r.duplicate_of ? Value(r.duplicate_of) : db::null(), r.answer,
       r.rating ? Value(int64_t{*r.rating}) : db::null(), r.rating_comment,
       int64_t{r.support_count}, r.unit_code, r.deadline_on});
}

void insert_event(db::Connection& c, int64_t report, const Event& e) {
  touch_report(c, report);
  c.query(
      "INSERT INTO report_events (report_id, at, kind, from_status, to_status, public, body, "
      "actor_account) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {report, e.at.empty() ? now() : e.at, e.kind, e.from_status, e.to_status,
       int64_t{e.is_public ? 1 : 0}, e.body,
       e.actor_account ? Value(e.actor_account) : db::null()});
}

std::vector<Event> events(db::Connection& c, int64_t report, bool include_internal) {
  std::vector<Event> out;
  auto res = c.query(
      std::string("SELECT id, at, kind, from_status, to_status, public, body, actor_account "
                  "FROM report_events WHERE report_id = $1") +
          (include_internal ? "" : " AND public = 1") + " ORDER BY id",
      {report});
  for (const auto& r : res.rows)
    out.push_back({r.integer(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(6),
                   r.integer(5) != 0, r.integer(7)});
  return out;
}

bool add_supporter(db::Connection& c, int64_t report, int64_t account) {
  touch_report(c, report);
  return c.query(
              "INSERT INTO report_supporters (report_id, account_id) VALUES ($1, $2) ON CONFLICT "
              "DO NOTHING",
              {report, account})
             .affected > 0;
}

bool add_follower(db::Connection& c, int64_t report, int64_t account) {
  touch_report(c, report);
  return c.query(
              "INSERT INTO report_followers (report_id, account_id) VALUES ($1, $2) ON CONFLICT DO "
              "NOTHING",
              {report, account})
             .affected > 0;
}

bool remove_follower(db::Connection& c, int64_t report, int64_t account) {
  touch_report(c, report);
  return c.query("DELETE FROM report_followers WHERE report_id = $1 AND account_id = $2",
                 {report, account})
             .affected > 0;
}

std::pair<bool, bool> following_and_support(db::Connection& c, int64_t report, int64_t account) {
  auto r = c.query(
      "SELECT (SELECT COUNT(*) FROM report_followers WHERE report_id = $1 AND account_id = $2), "
      "(SELECT COUNT(*) FROM report_supporters WHERE report_id = $1 AND account_id = $2)",
      {report, account});
  return {r.rows.at(0).integer(0) > 0, r.rows.at(0).integer(1) > 0};
}

std::vector<int64_t> followers(db::Connection& c, int64_t report) {
  std::vector<int64_t> out;
  for (const auto& r :
       c.query("SELECT account_id FROM report_followers WHERE report_id = $1", {report}).rows)
    out.push_back(r.integer(0));
  return out;
}

std::vector<PerformanceRow> performance_rows(db::Connection& c, const ReportFilter& f) {
  std::vector<Value> params;
  std::string sql =
      "SELECT r.agency_id, r.status, r.received_at, r.resolved_at, r.deadline_on, r.rating "
      "FROM reports r JOIN categories k ON k.id = r.category_id" +
      where(f, params);
  std::vector<PerformanceRow> out;
  for (const auto& row : c.query(sql, params).rows) {
    PerformanceRow p{row.integer(0), row.text(1), row.text(2),
                     row.text(3),    row.text(4), std::nullopt};
    if (!row.is_null(5)) p.rating = static_cast<int>(row.integer(5));
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<Report> overdue_unescalated(db::Connection& c, const std::string& today, size_t limit) {
  std::vector<Report> out;
  for (const auto& row :
       c.query(std::string(kReportSelect) + " WHERE r.status IN (" + open_statuses_sql() +
                   ") "
                   "AND r.deadline_on <> '' AND r.deadline_on < $1 AND r.escalated_at IS NULL "
                   "ORDER BY r.deadline_on LIMIT $2",
               {today, static_cast<int64_t>(limit)})
           .rows)
    out.push_back(report_from(row));
  return out;
}

void mark_escalated(db::Connection& c, int64_t report) {
  touch_report(c, report);
  c.query("UPDATE reports SET escalated_at = $2 WHERE id = $1", {report, now()});
}

void insert_photo(db::Connection& c, int64_t report, const Photo& p, int position) {
  touch_report(c, report);
  c.query(
      "INSERT INTO report_photos (report_id, kind, path, thumb_path, width, height, position, "
      "created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      {report, p.kind, p.path, p.thumb_path, int64_t{p.width}, int64_t{p.height}, int64_t{position},
       now()});
}

std::vector<Photo> photos(db::Connection& c, int64_t report) {
  std::vector<Photo> out;
  for (const auto& r :
       c.query(
            "SELECT kind, path, thumb_path, width, height FROM report_photos WHERE report_id = $1 "
            "ORDER BY position, id",
            {report})
           .rows)
    out.push_back({r.text(0), r.text(1), r.text(2), static_cast<int>(r.integer(3)),
                   static_cast<int>(r.integer(4))});
  return out;
}

std::vector<Report> reports_by_reporter(db::Connection& c, int64_t account) {
  std::vector<Report> out;
  for (const auto& row :
       c.query(std::string(kReportSelect) + " WHERE r.reporter_account = $1 ORDER BY r.id",
               {account})
           .rows) {
    out.push_back(report_from(row));
    load_attributes(c, out.back());
  }
  return out;
}

namespace {
std::vector<std::string> public_ids(db::Connection& c, const std::string& table, int64_t account) {
  std::vector<std::string> out;
  for (const auto& row : c.query("SELECT r.public_id FROM " + table +
                                     " x JOIN reports r ON r.id = x.report_id "
                                     "WHERE x.account_id = $1 ORDER BY r.id",
                                 {account})
                             .rows)
    out.push_back(row.text(0));
  return out;
}
}  // namespace

std::vector<std::string> followed_reports(db::Connection& c, int64_t account) {
  return public_ids(c, "report_followers", account);
}

std::vector<std::string> supported_reports(db::Connection& c, int64_t account) {
  return public_ids(c, "report_supporters", account);
}

}  // namespace cds::feedback::store
