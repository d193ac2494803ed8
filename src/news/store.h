// SQL for news, private to the module.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/connection.h"
#include "news/model.h"

namespace cds::news::store {

int64_t insert(db::Connection& c, const Article& a);
std::optional<Article> find(db::Connection& c, int64_t id);
void set_state(db::Connection& c, int64_t id, State state, const std::string& now);
// Title, summary, body, cover, whom for, state and publish time, as `a` has them now.
void update(db::Connection& c, const Article& a);
// Published, due by now and not yet made known: oldest first, at most `limit`.
std::vector<Article> due_unannounced(db::Connection& c, const std::string& now, size_t limit);
void mark_announced(db::Connection& c, int64_t id);
// Published by now, for any of these units (every one when units is empty), newest first.
std::vector<Article> published(db::Connection& c, const std::vector<std::string>& units,
                               const std::string& now, size_t limit, size_t offset);
// Every article for any of these units, whatever its state, newest first (the officers' list).
std::vector<Article> for_units(db::Connection& c, const std::vector<std::string>& units,
                               size_t limit);
bool any(db::Connection& c);

}  // namespace cds::news::store
