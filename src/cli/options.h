// The command line: the options every subcommand shares, and one registration function per
// subcommand (src/cli/<name>.cpp), each adding its options to the app and returning what runs
// when it is the one given. main.cpp only puts them together.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>

#include "cli/modules.h"

namespace cds::cli {

struct Options {
  std::string db = "sqlite:var/congdanso.db";
  std::string listen = "127.0.0.1:8080";
  std::string web_dir = CDS_SOURCE_DIR "/web";      // static files
  std::string modules_dir = CDS_SOURCE_DIR "/src";  // each module's templates/ and i18n/
  std::string data_dir = CDS_SOURCE_DIR "/data";
  std::string log_format = "text";
  std::string log_level = "info";
  bool demo = false;
  bool describe = false;  // serve --describe: print the routes, roles and API scopes, and exit
  bool no_migrate = false;
  bool access_log = true;
  bool dev_outbox = false;
  bool trust_proxy = false;
  bool secure_cookies = false;
  std::string province = "15";
  std::string uploads_dir = "var/uploads";
  std::string public_url;
  // The map tiles' URL template (Leaflet's {s}, {z}, {x}, {y}) and the credit shown on maps.
  std::string map_tiles = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png";
  std::string map_attribution = "© OpenStreetMap";
  unsigned io_threads = 0;
  unsigned request_timeout = 20;
  unsigned idle_timeout = 60;
  unsigned event_heartbeat = 15;  // seconds between comment lines on idle event streams
  // Per client address (0: no cap), and open-file handles kept for requests: see
  // http::ServerConfig and docs/operations.md.
  size_t max_connections_per_address = 64;
  size_t max_streams_per_address = 20;
  size_t reserved_files = 128;
  unsigned workers = 0;
  unsigned read_workers = 0;  // 0: 2 × cores (SQLite), the --db-pool size (PostgreSQL)
  unsigned media_threads = 1;
  size_t db_pool = 8;
  std::string db_read;    // a PostgreSQL standby for reads (serve --db-read)
  size_t cache_mb = 256;  // memory for cached public representations
  // The platform's modules (cli/modules.cpp, or a test's list), set by run() before parsing.
  app::Modules* modules = nullptr;
};

// Every module's migrations (app::Module::migrations), for db::migrate.
std::vector<db::EmbeddedMigration> migrations(const Options& o);

// --db, and --data-dir/--web-dir/--modules-dir for the commands that read reference data,
// templates or catalogues.
void add_db(CLI::App* sub, Options& o);
void add_dirs(CLI::App* sub, Options& o);

struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;  // the exit status
};

// `serve` builds the platform from these modules (cli/modules.cpp), whose options it offers.
Command serve_command(CLI::App& app, Options& o, const std::shared_ptr<app::Modules>& modules);
Command migrate_command(CLI::App& app, Options& o);
Command units_command(CLI::App& app, Options& o);
Command user_command(CLI::App& app, Options& o);
Command apikey_command(CLI::App& app, Options& o);
Command db_command(CLI::App& app, Options& o);
Command reports_command(CLI::App& app, Options& o);
Command backup_command(CLI::App& app, Options& o);
Command restore_command(CLI::App& app, Options& o);

}  // namespace cds::cli
