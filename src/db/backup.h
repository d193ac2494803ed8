// A copy of the whole database taken while the platform serves, and putting one back
// (`congdanso backup` / `congdanso restore`; the schedule and the drill: docs/operations.md).
// SQLite: the online backup API copies one consistent snapshot in a single read transaction
// while writers go on (WAL). PostgreSQL: pg_dump's custom format (one snapshot too), put back by
// pg_restore in a single transaction. The file is written beside its name and renamed into
// place once complete and on disk: a backup cut short never looks like a backup.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace cds::db {

struct BackupSummary {
  std::string engine;  // "sqlite" or "postgres"
  uint64_t bytes = 0;  // the file's size
  size_t tables = 0;   // tables in it
  int64_t rows = -1;   // rows in them (-1: not counted, PostgreSQL)
  double seconds = 0;
};

struct PgTools {
  // Where pg_dump and pg_restore are ("" : the PATH). Their major version must be at least the
  // server's.
  std::string bin_dir;
};

// What the operator asked cannot be done as asked (a file that exists, a database that holds
// tables, a file that is not a backup…): nothing was written.
struct BackupRefused : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Throws BackupRefused, or std::runtime_error when the copy itself failed.
BackupSummary backup(const std::string& url, const std::filesystem::path& to,
                     const PgTools& tools = {});

// Puts a backup into the database at `url`, which must hold no tables unless `replace` (then
// everything in it is replaced: stop every server using it first). The file must come from the
// same engine.
BackupSummary restore(const std::string& url, const std::filesystem::path& from, bool replace,
                      const PgTools& tools = {});

// Copies the files under `from` that `to` does not have yet (same relative path and size) and
// returns how many; nothing is deleted. Uploads are written once and never changed, so copying
// them after the database backup gives every file the backup names.
size_t copy_new_files(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace cds::db
