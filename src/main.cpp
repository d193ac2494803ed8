// congdanso: the one binary. Subcommands serve, migrate and units import; every option also
// comes from an environment variable (CDS_…) or a config file (--config, INI/TOML).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <condition_variable>
#include <csignal>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "accounts/http_auth.h"
#include "accounts/routes.h"
#include "accounts/service.h"
#include "core/crypto.h"
#include "core/error.h"
#include "core/i18n.h"
#include "core/log.h"
#include "db/connection.h"
#include "db/migrate.h"
#include "feedback/routes.h"
#include "feedback/service.h"
#include "http/private_responses.h"
#include "http/response.h"
#include "http/server.h"
#include "jobs/scheduler.h"
#include "media/images.h"
#include "notify/sms.h"
#include "units/routes.h"
#include "units/service.h"
#include "web/csrf.h"
#include "web/openapi.h"
#include "web/shell_routes.h"
#include "web/templates.h"

namespace {

using namespace cds;

struct Options {
  std::string db = "sqlite:var/congdanso.db";
  std::string listen = "127.0.0.1:8080";
  std::string web_dir = CDS_SOURCE_DIR "/web";
  std::string data_dir = CDS_SOURCE_DIR "/data";
  std::string log_format = "text";
  std::string log_level = "info";
  bool demo = false;
  bool no_migrate = false;
  bool access_log = true;
  bool dev_outbox = false;
  bool trust_proxy = false;
  bool secure_cookies = false;
  std::string province = "15";
  std::string jurisdiction = "laocai.gov.vn";
  std::string uploads_dir = "var/uploads";
  std::string public_url;
  unsigned io_threads = 0;
  unsigned request_timeout = 20;
  unsigned idle_timeout = 60;
  unsigned workers = 0;
  unsigned media_threads = 1;
  unsigned escalation_interval = 300;
  size_t db_pool = 8;
};

// "HOST:PORT", "[::1]:PORT" or ":PORT".
bool parse_listen(const std::string& s, std::string& host, uint16_t& port) {
  auto colon = s.rfind(':');
  if (colon == std::string::npos) return false;
  host = s.substr(0, colon);
  if (host.starts_with('[') && host.ends_with(']')) host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  try {
    size_t used = 0;
    int p = std::stoi(s.substr(colon + 1), &used);
    if (used != s.size() - colon - 1 || p < 0 || p > 65535) return false;
    port = static_cast<uint16_t>(p);
  } catch (...) {
    return false;
  }
  return true;
}

void print_import_report(const units::ImportReport& r) {
  spdlog::info(
      "units imported: {} of 2019, {} of 2025, {} old→new links; {} names normalised to NFC, "
      "{} codes zero-padded, {} rows rejected",
      r.units_2019, r.units_2025, r.changes, r.names_normalised, r.codes_padded, r.rejected.size());
  for (const auto& line : r.rejected) spdlog::warn("rejected {}", line);
}

// What the operator commands (user add, apikey create, reports escalate, db exec) work with:
// the database migrated, the units loaded, accounts and reports without any text gateway.
struct OperatorServices {
  OperatorServices(db::Database& db, const Options& o)
      : unit_store((db::migrate(db), db)),
        units(unit_store),
        catalogues(i18n::Catalogues::load(std::filesystem::path(o.web_dir) / "i18n")),
        accounts(db, no_sms, units, catalogues),
        feedback(db, units, accounts.unit_parent(), o.uploads_dir) {
    units.reload();
    if (units.empty()) units.import_files(std::filesystem::path(o.data_dir) / "units");
    feedback.seed_defaults(std::filesystem::path(o.data_dir) / "feedback");
  }
  units::UnitStore unit_store;
  units::UnitService units;
  i18n::Catalogues catalogues;
  notify::NoSmsGateway no_sms;
  accounts::AccountService accounts;
  feedback::FeedbackService feedback;
};

int serve(const Options& o) {
  std::string host;
  uint16_t port = 0;
  if (!parse_listen(o.listen, host, port)) {
    std::cerr << "congdanso: --listen must be HOST:PORT, got '" << o.listen << "'\n";
    return 2;
  }
  auto db = db::Database::open(o.db, o.db_pool);
  if (!o.no_migrate) db::migrate(*db);
  auto catalogues = i18n::Catalogues::load(std::filesystem::path(o.web_dir) / "i18n");
  web::Renderer renderer(std::filesystem::path(o.web_dir) / "templates", catalogues);
  units::UnitStore unit_store(*db);
  units::UnitService unit_service(unit_store);
  unit_service.reload();
  if (unit_service.empty() || o.demo) {
    if (unit_service.empty())
      print_import_report(unit_service.import_files(std::filesystem::path(o.data_dir) / "units"));
  }

  if (!unit_service.find(units::kGeneration2025, o.province)) {
    std::cerr << "congdanso: --province " << o.province << " is not a 2025 province code\n";
    return 2;
  }

  // Text messages: the development outbox when asked for; otherwise no gateway is wired in
  // yet, and sign-up says so instead of pretending to send.
  std::unique_ptr<notify::SmsSender> sms;
  notify::DevOutbox* outbox = nullptr;
  if (o.dev_outbox) {
    auto dev = std::make_unique<notify::DevOutbox>();
    outbox = dev.get();
    sms = std::move(dev);
    spdlog::warn(
        "development outbox on: one-time codes are readable at /dev/outbox; never in production");
  } else {
    sms = std::make_unique<notify::NoSmsGateway>();
  }
  accounts::AccountService account_service(*db, *sms, unit_service, catalogues);
  web::Csrf csrf(account_service.secret());
  feedback::FeedbackService feedback_service(*db, unit_service, account_service.unit_parent(),
                                             o.uploads_dir);
  feedback_service.seed_defaults(std::filesystem::path(o.data_dir) / "feedback");
  feedback_service.set_text_messages(*sms, catalogues);
  account_service.add_export_section("field_reports", [](db::Connection& c, int64_t account) {
    return boost::json::value(feedback::FeedbackService::personal_export(c, account));
  });
  if (o.demo) feedback_service.load_demo(std::filesystem::path(o.data_dir) / "demo");

  web::AppContext app{*db, catalogues, renderer, unit_service, o.web_dir};
  app.accounts = &account_service;
  app.csrf = &csrf;
  app.dev_outbox = outbox;
  accounts::UploadBudget upload_budget;
  app.upload_budget = &upload_budget;
  app.secure_cookies = o.secure_cookies;
  app.public_url = o.public_url;
  while (app.public_url.ends_with('/')) app.public_url.pop_back();
  app.province_code = o.province;
  app.open311_jurisdiction = o.jurisdiction;
  http::Router router;
  web::add_shell_routes(router, app);
  web::add_ops_routes(router, app);
  units::add_unit_routes(router, app);
  accounts::add_account_api_routes(router, app);
  accounts::add_account_pages(router, app);
  feedback::add_report_api_routes(router, app, feedback_service);
  feedback::add_open311_routes(router, app, feedback_service);
  feedback::add_report_pages(router, app, feedback_service);

  // The API description, made from every module's part and the routes just registered.
  auto openapi = std::make_shared<std::string>();
  router.get(
      "/api/openapi.json",
      [openapi](http::Request& req) {
        auto res =
            http::make_response(req, http::Status::ok, *openapi, "application/json; charset=utf-8");
        res.set(http::beast_http::field::cache_control, "public, max-age=300");
        return res;
      },
      http::RouteOptions::in_memory());
  *openapi = web::openapi_document(router, web::openapi_parts());

  auto metrics = http::Metrics::for_router(router);
  *app.metrics = metrics;
  db::Database* database = db.get();
  metrics->add_gauge_provider([database] {
    return "# HELP cds_db_connections_in_use Database connections currently lent out.\n"
           "# TYPE cds_db_connections_in_use gauge\ncds_db_connections_in_use " +
           std::to_string(database->connections_in_use()) +
           "\n# HELP cds_db_pool_size Database connections the pool may hold.\n"
           "# TYPE cds_db_pool_size gauge\ncds_db_pool_size " +
           std::to_string(database->pool_size()) + "\n";
  });

  http::ServerConfig config;
  config.host = host;
  config.port = port;
  config.io_threads = o.io_threads;
  config.worker_threads = o.workers;
  config.media_threads = o.media_threads;
  config.access_log = o.access_log;
  config.request_timeout = std::chrono::seconds(o.request_timeout);
  config.idle_timeout = std::chrono::seconds(o.idle_timeout);
  config.trust_forwarded_for = o.trust_proxy;
  http::ServerHooks hooks;
  hooks.metrics = metrics;
  hooks.middleware.push_back(http::private_responses());
  hooks.middleware.push_back(csrf.middleware());
  hooks.render_error = [&app](const http::Request& req, http::Status s, std::string_view code,
                              std::string_view message) {
    return web::render_error(app, req, s, code, message);
  };
  http::Server server(config, std::move(router), std::move(hooks));
  server.start();
  server.stop_on_signals();
  spdlog::info("serving on http://{}:{} with {} ({})", host, server.port(),
               db->engine() == db::Engine::sqlite ? "SQLite" : "PostgreSQL", CDS_VERSION);
  // Background jobs, once per period across every process serving this database.
  jobs::Scheduler scheduler(
      *db, host + ":" + std::to_string(server.port()) + "/" + std::to_string(::getpid()));
  // Overdue reports go to the unit administrators: at start and every five minutes.
  scheduler.every("escalation", std::chrono::seconds(o.escalation_interval), [&feedback_service] {
    if (size_t n = feedback_service.escalate_overdue())
      spdlog::info("{} overdue report(s) escalated", n);
  });
  scheduler.start();
  server.wait();
  scheduler.stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  Options o;
  CLI::App app{"Công Dân Số: the digital-citizen platform of a province"};
  app.set_config("--config", "", "Read options from this INI/TOML file")->envname("CDS_CONFIG");
  app.require_subcommand(1);
  app.option_defaults()->always_capture_default();
  app.add_option("--log-format", o.log_format, "text or json")
      ->envname("CDS_LOG_FORMAT")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_option("--log-level", o.log_level, "debug, info, warn, error")
      ->envname("CDS_LOG_LEVEL")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}));

  auto add_db = [&o](CLI::App* sub) {
    sub->add_option("--db", o.db, "sqlite:PATH or postgresql://…")->envname("CDS_DB");
  };
  // The commands that read reference data or catalogues take the same folders as serve.
  auto add_dirs = [&o](CLI::App* sub) {
    sub->add_option("--data-dir", o.data_dir, "Reference data (units, categories)")
        ->envname("CDS_DATA_DIR")
        ->check(CLI::ExistingDirectory);
    sub->add_option("--web-dir", o.web_dir, "Templates, catalogues and static files")
        ->envname("CDS_WEB_DIR")
        ->check(CLI::ExistingDirectory);
  };
  auto* serve_cmd = app.add_subcommand("serve", "Serve the platform over HTTP");
  add_db(serve_cmd);
  serve_cmd->add_option("--listen", o.listen, "HOST:PORT to listen on")->envname("CDS_LISTEN");
  serve_cmd->add_flag("--demo", o.demo, "Load the demo data for Lào Cai / Yên Bái")
      ->envname("CDS_DEMO");
  serve_cmd->add_flag("--no-migrate", o.no_migrate, "Do not apply migrations at start")
      ->envname("CDS_NO_MIGRATE");
  serve_cmd->add_option("--web-dir", o.web_dir, "Templates, catalogues and static files")
      ->envname("CDS_WEB_DIR")
      ->check(CLI::ExistingDirectory);
  serve_cmd->add_option("--data-dir", o.data_dir, "Reference data (units)")
      ->envname("CDS_DATA_DIR")
      ->check(CLI::ExistingDirectory);
  serve_cmd->add_option("--io-threads", o.io_threads, "I/O threads (0: one per core)")
      ->envname("CDS_IO_THREADS");
  serve_cmd->add_option("--workers", o.workers, "Worker threads for blocking work (0: auto)")
      ->envname("CDS_WORKERS");
  serve_cmd
      ->add_option("--escalation-interval", o.escalation_interval,
                   "Seconds between two checks for overdue reports (all processes together)")
      ->envname("CDS_ESCALATION_INTERVAL")
      ->check(CLI::Range(1, 86400));
  serve_cmd
      ->add_option("--media-threads", o.media_threads,
                   "Threads that decode and re-encode photos, apart from the workers")
      ->envname("CDS_MEDIA_THREADS")
      ->check(CLI::Range(1, 64));
  serve_cmd
      ->add_option("--request-timeout", o.request_timeout,
                   "Seconds a client may take to send a request")
      ->envname("CDS_REQUEST_TIMEOUT")
      ->check(CLI::Range(1, 3600));
  serve_cmd
      ->add_option("--idle-timeout", o.idle_timeout,
                   "Seconds a kept-alive connection may stay idle")
      ->envname("CDS_IDLE_TIMEOUT")
      ->check(CLI::Range(1, 3600));
  serve_cmd->add_option("--db-pool", o.db_pool, "Database connections")
      ->envname("CDS_DB_POOL")
      ->check(CLI::Range(1, 256));
  serve_cmd->add_option("--access-log", o.access_log, "Write a JSON access log line per request")
      ->envname("CDS_ACCESS_LOG");
  serve_cmd
      ->add_flag("--dev-outbox", o.dev_outbox,
                 "Keep text messages in a page at /dev/outbox (development)")
      ->envname("CDS_DEV_OUTBOX");
  serve_cmd
      ->add_flag("--trust-proxy", o.trust_proxy,
                 "Client address from X-Forwarded-For (behind nginx)")
      ->envname("CDS_TRUST_PROXY");
  serve_cmd
      ->add_flag("--secure-cookies", o.secure_cookies, "Mark cookies Secure (when served over TLS)")
      ->envname("CDS_SECURE_COOKIES");
  serve_cmd
      ->add_option("--province", o.province, "The 2025 code of the province this deployment serves")
      ->envname("CDS_PROVINCE");
  serve_cmd
      ->add_option("--public-url", o.public_url,
                   "The site's public address for absolute links, e.g. https://congdan.example.vn")
      ->envname("CDS_PUBLIC_URL");
  serve_cmd->add_option("--uploads-dir", o.uploads_dir, "Where uploaded photos are kept")
      ->envname("CDS_UPLOADS_DIR");
  serve_cmd
      ->add_option("--open311-jurisdiction", o.jurisdiction,
                   "The jurisdiction_id Open311 clients send")
      ->envname("CDS_OPEN311_JURISDICTION");

  auto* migrate_cmd = app.add_subcommand("migrate", "Apply database migrations and exit");
  add_db(migrate_cmd);

  auto* units_cmd = app.add_subcommand("units", "Administrative units");
  units_cmd->require_subcommand(1);
  auto* import_cmd =
      units_cmd->add_subcommand("import", "Import data/units/*.csv into the database");
  add_db(import_cmd);
  std::string units_dir;  // default: the data folder's units/
  add_dirs(import_cmd);
  import_cmd
      ->add_option("--dir", units_dir,
                   "Folder with units-2019.csv, units-2025.csv, changes-2019-2025.csv "
                   "(default: DATA_DIR/units)")
      ->envname("CDS_UNITS_DIR")
      ->check(CLI::ExistingDirectory);

  auto* user_cmd = app.add_subcommand("user", "Accounts");
  user_cmd->require_subcommand(1);
  auto* user_add_cmd =
      user_cmd->add_subcommand("add", "Create an account with a role, or give an account a role");
  add_db(user_add_cmd);
  add_dirs(user_add_cmd);
  std::string user_role, user_phone, user_name, user_unit;
  user_add_cmd
      ->add_option("--role", user_role,
                   "citizen, officer, unit_admin, province_admin, party_member")
      ->required()
      ->check(
          CLI::IsMember({"citizen", "officer", "unit_admin", "province_admin", "party_member"}));
  user_add_cmd->add_option("--phone", user_phone, "Mobile number")->required();
  user_add_cmd->add_option("--name", user_name, "Full name");
  user_add_cmd->add_option("--unit", user_unit,
                           "2025 unit code (home unit, and scope for officers)");

  auto* db_cmd = app.add_subcommand("db", "Database maintenance");
  db_cmd->require_subcommand(1);
  auto* exec_cmd = db_cmd->add_subcommand(
      "exec", "Run a SQL file (after migrating); :NAME is replaced by --set NAME=VALUE");
  add_db(exec_cmd);
  std::string sql_file;
  std::vector<std::string> sql_settings;
  exec_cmd->add_option("--file", sql_file, "The SQL file")->required()->check(CLI::ExistingFile);
  exec_cmd->add_option("--set", sql_settings, "NAME=VALUE (digits only, for counts)");

  auto* reports_cmd = app.add_subcommand("reports", "Field reports");
  reports_cmd->require_subcommand(1);
  auto* escalate_cmd = reports_cmd->add_subcommand(
      "escalate",
      "Send overdue reports to the unit administrators now (serve does it every 5 minutes)");
  add_db(escalate_cmd);
  add_dirs(escalate_cmd);

  auto* apikey_cmd = app.add_subcommand("apikey", "API keys for machine clients");
  apikey_cmd->require_subcommand(1);
  auto* apikey_create_cmd =
      apikey_cmd->add_subcommand("create", "Create a key; it is printed once, on the last line");
  add_db(apikey_create_cmd);
  add_dirs(apikey_create_cmd);
  std::string key_name, key_scopes;
  apikey_create_cmd->add_option("--name", key_name, "What the key is for")->required();
  apikey_create_cmd->add_option("--scopes", key_scopes,
                                "Space-separated scopes, e.g. \"open311 vneid:import\"");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "congdanso: " << e.what() << " (see congdanso --help)\n";
    return 2;
  }

  log::init(o.log_format == "json" ? log::Format::json : log::Format::text,
            spdlog::level::from_str(o.log_level));
  try {
    crypto::init();
    media::init(argv[0]);
    if (serve_cmd->parsed()) return serve(o);
    auto db = db::Database::open(o.db, 2);
    if (migrate_cmd->parsed()) {
      auto applied = db::migrate(*db);
      std::cout << applied.size() << " migration(s) applied\n";
      return 0;
    }
    if (exec_cmd->parsed()) {
      OperatorServices ops(*db, o);
      std::ifstream in(sql_file);
      std::stringstream text;
      text << in.rdbuf();
      std::string sql = text.str();
      for (const auto& setting : sql_settings) {
        auto eq = setting.find('=');
        std::string name = setting.substr(0, eq),
                    value = eq == std::string::npos ? "" : setting.substr(eq + 1);
        if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos) {
          std::cerr << "congdanso: --set takes NAME=DIGITS, got '" << setting << "'\n";
          return 2;
        }
        for (size_t at = sql.find(":" + name); at != std::string::npos;
             at = sql.find(":" + name, at))
          sql.replace(at, name.size() + 1, value);
      }
      auto started = std::chrono::steady_clock::now();
      db->write([&](db::Connection& c) { c.execute_script(sql); });
      std::cout << sql_file << " done in "
                << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()
                << " s\n";
      return 0;
    }
    if (escalate_cmd->parsed()) {
      OperatorServices ops(*db, o);
      std::cout << ops.feedback.escalate_overdue() << " overdue report(s) escalated\n";
      return 0;
    }
    if (user_add_cmd->parsed() || apikey_create_cmd->parsed()) {
      OperatorServices ops(*db, o);
      if (apikey_create_cmd->parsed()) {
        auto key = ops.accounts.operator_create_api_key(key_name, key_scopes);
        std::cout << "API key " << key.id << " created; it is shown only now:\n" << key.key << "\n";
        return 0;
      }
      std::string password = ops.accounts.operator_add_user(
          user_phone, *accounts::parse_role(user_role), user_name, user_unit);
      if (password.empty()) {
        std::cout << "role " << user_role << " added to the existing account\n";
      } else {
        std::cout << "account created with role " << user_role
                  << "; its password, shown only now:\n"
                  << password << "\n";
      }
      return 0;
    }
    if (import_cmd->parsed()) {
      db::migrate(*db);
      units::UnitStore store(*db);
      units::UnitService service(store);
      auto report = service.import_files(units_dir.empty() ? o.data_dir + "/units" : units_dir);
      print_import_report(report);
      std::cout << report.units_2019 << " units of 2019, " << report.units_2025 << " of 2025, "
                << report.changes << " links imported; " << report.rejected.size()
                << " rows rejected\n";
      return 0;
    }
  } catch (const cds::Error& e) {
    std::cerr << "congdanso: " << e.what() << "\n";
    return 2;
  } catch (const db::DbError& e) {
    std::cerr << "congdanso: database: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "congdanso: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
