#include "live/events.h"

#include "core/text.h"
#include "core/time.h"

namespace cds::live {

std::string unit_key(std::string_view unit_code) { return "unit:" + std::string(unit_code); }

std::string residents_key(std::string_view unit_code) {
  return "residents:" + std::string(unit_code);
}

std::string person_key(int64_t account_id) { return "person:" + std::to_string(account_id); }

int64_t publish(db::Connection& c, const Event& event) {
  // PostgreSQL hands out ids before commit: publishers take turns until they commit, so that
  // no event becomes visible after one with a higher id (a pump would skip it for good).
  if (c.engine() == db::Engine::postgres) c.query("SELECT pg_advisory_xact_lock(4242017)");
  std::string audience;
  for (const auto& key : event.audience) {
    if (!audience.empty()) audience += ' ';
    audience += key;
  }
  auto r = c.query(
      "INSERT INTO live_events (kind, audience, data, created_at) VALUES ($1, $2, $3, $4) "
      "RETURNING id",
      {event.kind, audience, event.data, timeutil::iso_utc(timeutil::Clock::now())});
  c.touch(kScope);
  return r.rows.at(0).integer(0);
}

std::vector<StoredEvent> events_after(db::Connection& c, int64_t after, size_t limit) {
  std::vector<StoredEvent> out;
  auto r =
      c.query("SELECT id, kind, audience, data FROM live_events WHERE id > $1 ORDER BY id LIMIT $2",
              {after, static_cast<int64_t>(limit)});
  for (const auto& row : r.rows) {
    out.push_back({row.integer(0), row.text(1), text::split_words(row.text(2)), row.text(3)});
  }
  return out;
}

int64_t last_event_id(db::Connection& c) {
  return c.query("SELECT COALESCE(MAX(id), 0) FROM live_events").rows.at(0).integer(0);
}

std::vector<std::pair<std::string, int64_t>> reach(db::Connection& c, int64_t event_id) {
  std::vector<std::pair<std::string, int64_t>> out;
  for (const auto& row :
       c.query("SELECT audience_key, readers FROM live_reach WHERE event_id = $1", {event_id}).rows)
    out.emplace_back(row.text(0), row.integer(1));
  return out;
}

void add_reach(db::Connection& c, int64_t event_id, const std::string& key, int64_t readers) {
  c.query(
      "INSERT INTO live_reach (event_id, audience_key, readers) VALUES ($1, $2, $3) "
      "ON CONFLICT (event_id, audience_key) DO UPDATE SET readers = live_reach.readers + "
      "excluded.readers",
      {event_id, key, readers});
}

size_t prune(db::Connection& c, const std::string& before) {
  // live_reach stays: it is the record of how many an alert reached.
  return static_cast<size_t>(
      c.query("DELETE FROM live_events WHERE created_at < $1", {before}).affected);
}

}  // namespace cds::live
