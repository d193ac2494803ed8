// Numbered schema migrations, compiled into the binary from each module's src/<module>/migrations/
// (applied in the order of their file names, which are their versions).
// NNNN_name.sql runs on both engines; NNNN_name.sqlite.sql or NNNN_name.postgres.sql, when
// present, replaces it on that engine. In the shared file, ${ID} stands for an
// auto-assigned 64-bit primary key. Each migration runs in its own transaction and is
// recorded in schema_migrations.
#pragma once

#include <string>
#include <vector>

#include "db/connection.h"

namespace cds::db {

struct EmbeddedMigration {
  const char* file_name;
  const char* sql;
};
const std::vector<EmbeddedMigration>& embedded_migrations();

struct Migration {
  std::string version;  // "0001_units"
  std::string sql;
};
// Replaces ${ID} with the engine's auto-assigned 64-bit primary key column type.
std::string portable(std::string sql, Engine engine);

// The migrations for one engine, in order.
std::vector<Migration> migrations_for(Engine engine);

// Applies what is missing; returns the versions applied now.
std::vector<std::string> migrate(Database& db);

}  // namespace cds::db
