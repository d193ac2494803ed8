#include "alerts/store.h"

#include <map>

#include "core/text.h"
#include "core/time.h"

namespace cds::alerts::store {

using db::Value;

namespace {

// CAP time (+07:00) → stored UTC text, and back. Empty stays empty.
std::string to_utc(const std::string& cap) {
  if (cap.empty()) return "";
  auto t = timeutil::parse_w3c(cap);
  return t ? timeutil::iso_utc(*t) : cap;
}
std::string to_cap(const std::string& utc) {
  if (utc.empty()) return "";
  auto t = timeutil::parse_w3c(utc);
  return t ? timeutil::w3c_vietnam(*t) : utc;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : " ") + i;
  return out;
}
std::string polygon_text(const std::vector<Point>& polygon) {
  std::string out;
  for (const auto& p : polygon)
    out += (out.empty() ? "" : " ") + text::plain_decimal(p.lat) + "," + text::plain_decimal(p.lon);
  return out;
}
std::vector<Point> polygon_from(const std::string& s) {
  std::vector<Point> out;
  for (const auto& pair : text::split_words(s)) {
    size_t comma = pair.find(',');
    if (comma == std::string::npos) continue;
    out.push_back({std::stod(pair.substr(0, comma)), std::stod(pair.substr(comma + 1))});
  }
  return out;
}
std::optional<Circle> circle_from(const std::string& s) {
  auto parts = text::split_words(s);
  if (parts.size() != 2) return std::nullopt;
  auto centre = polygon_from(parts[0]);
  if (centre.size() != 1) return std::nullopt;
  return Circle{centre[0], std::stod(parts[1])};
}

constexpr const char* kColumns =
    "SELECT a.id, a.identifier, a.status, a.msg_type, a.references_alert, a.event, a.categories, "
    "a.response_types, a.urgency, a.severity, a.certainty, a.headline_vi, a.description_vi, "
    "a.instruction_vi, a.headline_en, a.description_en, a.instruction_en, a.effective, a.onset, "
    "a.expires, a.area_desc, a.polygon, a.circle, a.state, a.drafted_by, a.approved_by, "
    "a.sent_at, a.created_at, r.identifier, r.sent_at, r.created_at, a.live_event, a.sms_state, "
    "a.sms_sent, a.sms_failed, a.returned_reason, a.version, a.submitted_by, a.approved_version "
    "FROM alerts a LEFT JOIN alerts r ON r.id = a.references_alert";

Record record_from(const db::Row& row, const std::string& sender) {
  Record r;
  Alert& a = r.alert;
  a.id = row.integer(0);
  a.identifier = row.text(1);
  a.sender = sender;
  a.status = row.text(2);
  a.msg_type = row.text(3);
  r.references_alert = row.integer(4);
  a.event = row.text(5);
  a.categories = text::split_words(row.text(6));
  a.response_types = text::split_words(row.text(7));
  a.urgency = row.text(8);
  a.severity = row.text(9);
  a.certainty = row.text(10);
  a.texts.push_back({"vi-VN", row.text(11), row.text(12), row.text(13)});
  if (!row.text(14).empty()) a.texts.push_back({"en-US", row.text(14), row.text(15), row.text(16)});
  a.effective = to_cap(row.text(17));
  a.onset = to_cap(row.text(18));
  a.expires = to_cap(row.text(19));
  a.area_desc = row.text(20);
  a.polygon = polygon_from(row.text(21));
  a.circle = circle_from(row.text(22));
  r.state = parse_state(row.text(23));
  r.drafted_by = row.integer(24);
  r.approved_by = row.integer(25);
  // Until it goes out, "sent" is when it was drafted: CAP needs one, and nobody reads it yet.
  a.sent = to_cap(row.text(26).empty() ? row.text(27) : row.text(26));
  if (r.references_alert)
    a.references = {sender + "," + row.text(28) + "," +
                    to_cap(row.text(29).empty() ? row.text(30) : row.text(29))};
  r.live_event = row.integer(31);
  r.sms_state = row.text(32);
  r.sms_sent = row.integer(33);
  r.sms_failed = row.integer(34);
  r.returned_reason = row.text(35);
  r.version = row.integer(36);
  r.submitted_by = row.integer(37);
  r.approved_version = row.integer(38);
  return r;
}

// The alerts the clause selects ("WHERE … ORDER BY …" over kColumns), with their units: two
// queries however many alerts there are.
std::vector<Record> records(db::Connection& c, const std::string& clause,
                            const std::vector<Value>& params, const std::string& sender) {
  std::vector<Record> out;
  for (const auto& row : c.query(std::string(kColumns) + " " + clause, params).rows)
    out.push_back(record_from(row, sender));
  if (out.empty()) return out;
  std::string ids;
  std::map<int64_t, Record*> by_id;
  for (auto& r : out) {
    ids += (ids.empty() ? "" : ", ") + std::to_string(r.alert.id);  // integers: no injection
    by_id[r.alert.id] = &r;
  }
  for (const auto& u : c.query("SELECT alert_id, unit_code FROM alert_units WHERE alert_id IN (" +
                               ids + ") ORDER BY unit_code")
                           .rows)
    by_id.at(u.integer(0))->alert.unit_codes.push_back(u.text(1));
  return out;
}

// The columns a draft sets, in the order of row_values.
constexpr const char* kDraftColumns[] = {
    "identifier",     "status",         "msg_type",       "references_alert", "event",
    "categories",     "response_types", "urgency",        "severity",         "certainty",
    "headline_vi",    "description_vi", "instruction_vi", "headline_en",      "description_en",
    "instruction_en", "effective",      "onset",          "expires",          "area_desc",
    "polygon",        "circle",         "state",          "drafted_by",       "created_at",
    "version"};

std::vector<Value> row_values(const Record& r) {
  const Alert& a = r.alert;
  auto text_of = [&](const char* language, int part) -> std::string {
    for (const auto& t : a.texts)
      if (t.language == language)
        return part == 0 ? t.headline : part == 1 ? t.description : t.instruction;
    return "";
  };
  return {a.identifier,
          a.status,
          a.msg_type,
          r.references_alert ? Value(r.references_alert) : db::null(),
          a.event,
          joined(a.categories),
          joined(a.response_types),
          a.urgency,
          a.severity,
          a.certainty,
          text_of("vi-VN", 0),
          text_of("vi-VN", 1),
          text_of("vi-VN", 2),
          text_of("en-US", 0),
          text_of("en-US", 1),
          text_of("en-US", 2),
          to_utc(a.effective),
          to_utc(a.onset),
          to_utc(a.expires),
          a.area_desc,
          polygon_text(a.polygon),
          a.circle
              ? polygon_text({a.circle->centre}) + " " + text::plain_decimal(a.circle->radius_km)
              : std::string(),
          std::string(state_name(r.state)),
          r.drafted_by,
          to_utc(a.sent),
          r.version};
}

void insert_units(db::Connection& c, int64_t id, const std::vector<std::string>& units) {
  for (const auto& u : units)
    c.query("INSERT INTO alert_units (alert_id, unit_code) VALUES ($1, $2)", {id, u});
}

}  // namespace

int64_t insert(db::Connection& c, const Record& r) {
  c.touch(kScope);
  std::string columns, placeholders;
  for (size_t n = 1; const char* column : kDraftColumns) {
    columns += (n > 1 ? ", " : "") + std::string(column);
    placeholders += (n > 1 ? ", $" : "$") + std::to_string(n);
    ++n;
  }
  int64_t id =
      c.query("INSERT INTO alerts (" + columns + ") VALUES (" + placeholders + ") RETURNING id",
              row_values(r))
          .rows.at(0)
          .integer(0);
  insert_units(c, id, r.alert.unit_codes);
  return id;
}

void update_draft(db::Connection& c, const Record& r) {
  c.touch(kScope);
  std::string sets;
  for (size_t n = 1; const char* column : kDraftColumns) {
    sets += (n > 1 ? ", " : "") + std::string(column) + " = $" + std::to_string(n);
    ++n;
  }
  std::vector<Value> values = row_values(r);
  values.emplace_back(r.alert.id);
  c.query("UPDATE alerts SET " + sets + ", returned_reason = '', submitted_by = 0 WHERE id = $" +
              std::to_string(values.size()),
          values);
  c.query("DELETE FROM alert_units WHERE alert_id = $1", {r.alert.id});
  insert_units(c, r.alert.id, r.alert.unit_codes);
}

bool send_back(db::Connection& c, int64_t id, const std::string& reason) {
  c.touch(kScope);
  return c.query("UPDATE alerts SET state = " + sql(State::draft) +
                     ", returned_reason = $2, submitted_by = 0 WHERE id = $1 AND state = " +
                     sql(State::awaiting_approval),
                 {id, reason})
             .affected == 1;
}

bool submit(db::Connection& c, int64_t id, int64_t version, int64_t by) {
  c.touch(kScope);
  return c.query("UPDATE alerts SET state = " + sql(State::awaiting_approval) +
                     ", submitted_by = $3 WHERE id = $1 AND state = " + sql(State::draft) +
                     " AND version = $2",
                 {id, version, by})
             .affected == 1;
}

bool approve(db::Connection& c, int64_t id, int64_t version, int64_t by, const std::string& sent) {
  c.touch(kScope);
  return c.query("UPDATE alerts SET state = " + sql(State::sent) +
                     ", approved_by = $3, approved_version = $2, sent_at = $4 WHERE id = $1 AND "
                     "state = " +
                     sql(State::awaiting_approval) +
                     " AND version = $2 "
                     "AND drafted_by <> $3 AND submitted_by <> $3",
                 {id, version, by, to_utc(sent)})
             .affected == 1;
}

std::optional<Record> find(db::Connection& c, int64_t id, const std::string& sender) {
  auto found = records(c, "WHERE a.id = $1", {id}, sender);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

void set_state(db::Connection& c, int64_t id, State state, int64_t approved_by,
               const std::string& sent) {
  c.touch(kScope);
  c.query(
      "UPDATE alerts SET state = $2, approved_by = COALESCE($3, approved_by), "
      "sent_at = COALESCE($4, sent_at) WHERE id = $1",
      {id, std::string(state_name(state)), approved_by ? Value(approved_by) : db::null(),
       sent.empty() ? db::null() : Value(to_utc(sent))});
}

bool end_in_force(db::Connection& c, int64_t id, State state, const std::string& now_utc) {
  c.touch(kScope);
  return c.query("UPDATE alerts SET state = $2 WHERE id = $1 AND " + in_force_sql("", 3),
                 {id, std::string(state_name(state)), now_utc})
             .affected == 1;
}

std::vector<Record> went_out(db::Connection& c, size_t limit, const std::string& sender) {
  return records(c, "WHERE a.sent_at IS NOT NULL ORDER BY a.sent_at DESC, a.id DESC LIMIT $1",
                 {static_cast<int64_t>(limit)}, sender);
}

std::vector<Record> in_force(db::Connection& c, const std::vector<std::string>& unit_codes,
                             const std::string& now_utc, const std::string& sender) {
  std::vector<Value> params{now_utc};
  std::string placeholders;
  for (const auto& u : unit_codes) {
    params.emplace_back(u);
    placeholders += (placeholders.empty() ? "$" : ", $") + std::to_string(params.size());
  }
  if (placeholders.empty()) return {};
  return records(c,
                 "WHERE " + in_force_sql("a", 1) +
                     " AND a.id IN (SELECT alert_id FROM alert_units WHERE unit_code IN (" +
                     placeholders + ")) ORDER BY a.sent_at DESC, a.id DESC",
                 params, sender);
}

std::vector<Record> pending(db::Connection& c, const std::string& sender) {
  return records(c, "WHERE a.state IN (" + on_desk_sql() + ") ORDER BY a.id DESC", {}, sender);
}

std::vector<Record> all_in_force(db::Connection& c, const std::string& now_utc,
                                 const std::string& sender) {
  return records(c, "WHERE " + in_force_sql("a", 1) + " ORDER BY a.sent_at DESC, a.id DESC",
                 {now_utc}, sender);
}

size_t expire_due(db::Connection& c, const std::string& now_utc) {
  // What was in force but for the time: it expired.
  size_t n = c.query("UPDATE alerts SET state = " + sql(State::expired) +
                         " WHERE state = " + sql(State::sent) + " AND expires <= $1",
                     {now_utc})
                 .affected;
  if (n) c.touch(kScope);
  return n;
}

void set_live_event(db::Connection& c, int64_t id, int64_t event_id) {
  c.query("UPDATE alerts SET live_event = $2 WHERE id = $1", {id, event_id});
}

}  // namespace cds::alerts::store
