#include "db/migrate.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "core/time.h"

namespace cds::db {

std::vector<Migration> migrations_for(Engine engine) {
  const std::string own_suffix = engine == Engine::sqlite ? ".sqlite.sql" : ".postgres.sql";
  const std::string other_suffix = engine == Engine::sqlite ? ".postgres.sql" : ".sqlite.sql";
  std::map<std::string, std::string> generic, specific;
  for (const auto& m : embedded_migrations()) {
    std::string name = m.file_name;
    if (name.ends_with(own_suffix))
      specific[name.substr(0, name.size() - own_suffix.size())] = m.sql;
    else if (name.ends_with(other_suffix))
      generic.try_emplace(name.substr(0, name.size() - other_suffix.size()));
    else
      generic[name.substr(0, name.size() - 4)] = m.sql;
  }
  std::vector<Migration> out;
  for (auto& [version, sql] : generic) {
    auto s = specific.find(version);
    out.push_back({version, s != specific.end() ? s->second : sql});
  }
  for (auto& [version, sql] : specific)
    if (!generic.contains(version)) out.push_back({version, sql});
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.version < b.version; });
  return out;
}

std::vector<std::string> migrate(Database& db) {
  db.write([](Connection& c) {
    c.execute_script(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT "
        "NOT NULL)");
  });
  std::vector<std::string> applied;
  for (const auto& m : migrations_for(db.engine())) {
    bool done = db.write([&](Connection& c) {
      // Two processes starting at once: the advisory lock makes the second wait, then skip.
      if (c.engine() == Engine::postgres) c.query("SELECT pg_advisory_xact_lock(4242001)");
      if (!c.query("SELECT 1 FROM schema_migrations WHERE version = $1", {m.version}).empty())
        return false;
      c.execute_script(m.sql);
      c.query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)",
              {m.version, timeutil::iso_utc(timeutil::Clock::now())});
      return true;
    });
    if (done) {
      spdlog::info("migration {} applied", m.version);
      applied.push_back(m.version);
    }
  }
  return applied;
}

}  // namespace cds::db
