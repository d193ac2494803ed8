// congdanso backup / restore: the whole database while the platform serves, and putting it
// back into an empty one; uploads copied alongside when asked (docs/operations.md).
#include "db/backup.h"

#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/options.h"

namespace cds::cli {
namespace {

struct BackupOptions {
  std::string file;
  std::string uploads_copy;  // --uploads-to / --uploads-from
  bool replace = false;
  db::PgTools tools;
};

std::string megabytes(uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", double(bytes) / 1e6);
  return text;
}

void print(const char* what, const db::BackupSummary& s, const std::string& file) {
  std::cout << what << ": " << s.engine << ", " << s.tables << " tables";
  if (s.rows >= 0) std::cout << ", " << s.rows << " rows";
  std::cout << ", " << megabytes(s.bytes) << " in " << s.seconds << " s: " << file << "\n";
}

void add_pg_bin(CLI::App* cmd, BackupOptions& b) {
  cmd->add_option("--pg-bin", b.tools.bin_dir,
                  "Folder of pg_dump and pg_restore (PostgreSQL; default: the PATH)")
      ->envname("CDS_PG_BIN");
}

// A refusal is the operator's to correct (exit 2, as for bad options); a failed copy exits 1.
template <typename F>
int refusals_exit_2(F&& run) {
  try {
    run();
    return 0;
  } catch (const db::BackupRefused& e) {
    std::cerr << "congdanso: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace

Command backup_command(CLI::App& app, Options& o) {
  auto b = std::make_shared<BackupOptions>();
  auto* cmd = app.add_subcommand(
      "backup",
      "Copy the whole database into a new file while the platform serves (one consistent "
      "moment of it), then the uploads not copied yet with --uploads-to");
  add_db(cmd, o);
  cmd->add_option("--to", b->file, "The backup file to write (must not exist)")->required();
  cmd->add_option("--uploads-dir", o.uploads_dir, "Where the platform keeps uploaded photos")
      ->envname("CDS_UPLOADS_DIR");
  cmd->add_option("--uploads-to", b->uploads_copy,
                  "Also copy the uploads this folder does not have yet (nothing is deleted)");
  add_pg_bin(cmd, *b);
  return {cmd, [&o, b] {
            return refusals_exit_2([&] {
              print("backup", db::backup(o.db, b->file, b->tools), b->file);
              if (!b->uploads_copy.empty())
                std::cout << "uploads: " << db::copy_new_files(o.uploads_dir, b->uploads_copy)
                          << " new file(s) copied to " << b->uploads_copy << "\n";
            });
          }};
}

Command restore_command(CLI::App& app, Options& o) {
  auto b = std::make_shared<BackupOptions>();
  auto* cmd = app.add_subcommand(
      "restore", "Put a backup into an empty database (and uploads back with --uploads-from)");
  add_db(cmd, o);
  cmd->add_option("--from", b->file, "The backup file")->required()->check(CLI::ExistingFile);
  cmd->add_flag("--replace", b->replace,
                "Replace what the database holds (stop every server using it first)");
  cmd->add_option("--uploads-dir", o.uploads_dir, "Where the platform keeps uploaded photos")
      ->envname("CDS_UPLOADS_DIR");
  cmd->add_option("--uploads-from", b->uploads_copy,
                  "Also copy the uploads kept in this folder back into --uploads-dir");
  add_pg_bin(cmd, *b);
  return {cmd, [&o, b] {
            return refusals_exit_2([&] {
              print("restored", db::restore(o.db, b->file, b->replace, b->tools), b->file);
              if (!b->uploads_copy.empty())
                std::cout << "uploads: " << db::copy_new_files(b->uploads_copy, o.uploads_dir)
                          << " file(s) copied back to " << o.uploads_dir << "\n";
              std::cout << "congdanso serve applies any newer migrations when it starts.\n";
            });
          }};
}

}  // namespace cds::cli
