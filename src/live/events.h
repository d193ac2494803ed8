// Live delivery: events for Server-Sent Events readers (alerts, news, a person's report
// updates). A module publishes inside its own write transaction, so an event exists exactly
// when what it announces committed; every process's pump then sends it to its open streams.
// Ids come from the database: increasing, and the same in every process, so Last-Event-ID
// replay works wherever the reader reconnects.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/connection.h"

namespace cds::live {

// The cache scope every publication touches: its stamp wakes the pumps of every process.
inline constexpr const char* kScope = "live:events";
// Audience keys. Public events carry kEveryone plus the units they concern.
inline constexpr const char* kEveryone = "all";
std::string unit_key(std::string_view unit_code);
std::string person_key(int64_t account_id);
// Those who live in a unit by their own account (their home commune, or the village they
// named): what is only for residents (a village's notices) goes to this key, never unit_key,
// which any reader of the unit's pages holds.
std::string residents_key(std::string_view unit_code);

struct Event {
  std::string kind;                   // the SSE event name: alert | news | report
  std::vector<std::string> audience;  // keys, see above
  std::string data;                   // one line of JSON
};

// Inside the caller's write transaction. Returns the event's id.
int64_t publish(db::Connection& c, const Event& event);

// Stored events above `after`, oldest first, at most `limit`.
struct StoredEvent {
  int64_t id = 0;
  std::string kind;
  std::vector<std::string> audience;
  std::string data;
};
std::vector<StoredEvent> events_after(db::Connection& c, int64_t after, size_t limit);
int64_t last_event_id(db::Connection& c);
// How many open streams an event reached per audience key, over every process.
std::vector<std::pair<std::string, int64_t>> reach(db::Connection& c, int64_t event_id);
void add_reach(db::Connection& c, int64_t event_id, const std::string& key, int64_t readers);
// Events older than the cut-off (UTC ISO) are dropped: a reader away that long reloads.
size_t prune(db::Connection& c, const std::string& before);

}  // namespace cds::live
