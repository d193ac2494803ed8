// Numbered schema migrations. Each module keeps its own in <module>/migrations/, compiled into
// its library (<module>/embedded.h) and given by app::Module::migrations; all are applied in
// the order of their file names, which are their versions.
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

struct Migration {
  std::string version;  // "0001_units"
  std::string sql;
};
// Replaces ${ID} with the engine's auto-assigned 64-bit primary key column type.
std::string portable(std::string sql, Engine engine);

// The migrations for one engine, in order, from every module's; the same file name twice
// throws std::logic_error.
std::vector<Migration> migrations_for(Engine engine, const std::vector<EmbeddedMigration>& all);

// Applies what is missing; returns the versions applied now.
std::vector<std::string> migrate(Database& db, const std::vector<EmbeddedMigration>& all);

}  // namespace cds::db
