// congdanso serve: the composition root of the running platform. It builds the modules'
// services, registers their routes (and the OpenAPI description made from them), and runs the
// HTTP server and the background jobs until SIGTERM.
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cctype>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "accounts/http_auth.h"
#include "accounts/service.h"
#include "accounts/workspace.h"
#include "app/platform.h"
#include "cli/modules.h"
#include "cli/operator.h"
#include "core/time.h"
#include "db/migrate.h"
#include "http/conditional_get.h"
#include "http/private_responses.h"
#include "http/response.h"
#include "http/server.h"
#include "jobs/scheduler.h"
#include "live/pump.h"
#include "notify/sms.h"
#include "units/service.h"
#include "web/context.h"
#include "web/csrf.h"
#include "web/openapi.h"
#include "web/shell_routes.h"
#include "web/standby.h"
#include "web/templates.h"
#include "web/unavailable.h"

namespace cds::cli {

namespace {

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

// Text messages: the development outbox when asked for; otherwise no gateway is wired in yet,
// and sign-up says so instead of pretending to send.
std::unique_ptr<notify::SmsSender> text_gateway(const Options& o, notify::DevOutbox*& outbox) {
  if (!o.dev_outbox) return std::make_unique<notify::NoSmsGateway>();
  auto dev = std::make_unique<notify::DevOutbox>();
  outbox = dev.get();
  spdlog::warn(
      "development outbox on: one-time codes are readable at /dev/outbox; never in production");
  return dev;
}

// Every module's routes, then the API description made from them.
http::Router routes(web::AppContext& app, cds::app::Modules& modules) {
  http::Router router;
  cds::app::add_routes(modules, router, app);
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
  *openapi = web::openapi_document(router, cds::app::openapi_parts(modules), app.api_prefixes);
  return router;
}

// Group commit at work (SQLite): writes asked for, and the commits that carried them.
std::string write_figures(const db::Database::WriteStats& stats) {
  if (stats.writes == 0) return "";
  return "# HELP cds_db_writes_total Write transactions asked for.\n"
         "# TYPE cds_db_writes_total counter\ncds_db_writes_total " +
         std::to_string(stats.writes) +
         "\n# HELP cds_db_commits_total Commits that carried them (concurrent writes share one).\n"
         "# TYPE cds_db_commits_total counter\ncds_db_commits_total " +
         std::to_string(stats.commits) + "\n";
}

// Reads a standby answered (--db-read), and those it failed that the primary answered.
std::string read_figures(const db::Database& db) {
  if (!db.has_standby()) return "";
  auto s = db.read_stats();
  return "# HELP cds_db_standby_reads_total Reads the standby answered.\n"
         "# TYPE cds_db_standby_reads_total counter\ncds_db_standby_reads_total " +
         std::to_string(s.standby) +
         "\n# HELP cds_db_standby_fallbacks_total Reads the standby failed, answered by the "
         "primary.\n# TYPE cds_db_standby_fallbacks_total "
         "counter\ncds_db_standby_fallbacks_total " +
         std::to_string(s.fallbacks) + "\n";
}

// Cached representations (web/cached.h): how often a read was served from memory.
std::string cache_figures(const cache::Representations::Stats& s) {
  return "# HELP cds_cache_hits_total Public reads served from a cached representation.\n"
         "# TYPE cds_cache_hits_total counter\ncds_cache_hits_total " +
         std::to_string(s.hits) +
         "\n# HELP cds_cache_misses_total Public reads that made their representation.\n"
         "# TYPE cds_cache_misses_total counter\ncds_cache_misses_total " +
         std::to_string(s.misses) +
         "\n# HELP cds_cache_bytes Bytes held by cached representations.\n"
         "# TYPE cds_cache_bytes gauge\ncds_cache_bytes " +
         std::to_string(s.bytes) + "\n";
}

std::shared_ptr<http::Metrics> metrics_for(const http::Router& router, db::Database& db,
                                           const cache::Representations& representations) {
  auto metrics = http::Metrics::for_router(router);
  db::Database* database = &db;
  const cache::Representations* cached = &representations;
  metrics->add_gauge_provider([database, cached] {
    return "# HELP cds_db_connections_in_use Database connections currently lent out.\n"
           "# TYPE cds_db_connections_in_use gauge\ncds_db_connections_in_use " +
           std::to_string(database->connections_in_use()) +
           "\n# HELP cds_db_pool_size Database connections the pool may hold.\n"
           "# TYPE cds_db_pool_size gauge\ncds_db_pool_size " +
           std::to_string(database->pool_size()) + "\n" + write_figures(database->write_stats()) +
           read_figures(*database) + cache_figures(cached->stats());
  });
  return metrics;
}

// Each open event stream holds a socket: lift the soft limit on open files to the hard one
// (Debian's default soft limit, 1,024, would stop far short of 10,000 readers).
void raise_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &limit) != 0) spdlog::warn("could not raise the open-file limit");
}

// The origin pages may load map tiles from (for the Content-Security-Policy): "" for tiles
// served by this site ("/tiles/{z}/{x}/{y}.png"), "https://*.tile.example.org" for a
// "https://{s}.tile.example.org/…" template; nullopt for anything that is not a tile URL.
std::optional<std::string> tile_origin(const std::string& url) {
  for (const char* part : {"{z}", "{x}", "{y}"})
    if (url.find(part) == std::string::npos) return std::nullopt;
  for (char c : url)
    if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '\'' || c == ';' || c == ',' ||
        c == '<' || c == '>' || c == '\\')
      return std::nullopt;
  if (url.starts_with("/") && !url.starts_with("//")) return std::string();
  size_t scheme = url.starts_with("https://") ? 8 : url.starts_with("http://") ? 7 : 0;
  if (scheme == 0) return std::nullopt;
  std::string host = url.substr(scheme, url.find('/', scheme) - scheme);
  if (auto at = host.find("{s}"); at != std::string::npos) host.replace(at, 3, "*");
  if (host.empty()) return std::nullopt;
  for (char c : host)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '*' &&
        c != ':')
      return std::nullopt;
  return url.substr(0, scheme) + host;
}

http::ServerConfig server_config(const Options& o, const std::string& host, uint16_t port) {
  http::ServerConfig config;
  config.host = host;
  config.port = port;
  config.io_threads = o.io_threads;
  config.worker_threads = o.workers;
  // PostgreSQL reads wait on the network: as many as there are connections to read with.
  config.read_threads = o.read_workers                 ? o.read_workers
                        : o.db.starts_with("postgres") ? static_cast<unsigned>(o.db_pool)
                                                       : 0;
  config.media_threads = o.media_threads;
  config.access_log = o.access_log;
  config.request_timeout = std::chrono::seconds(o.request_timeout);
  config.idle_timeout = std::chrono::seconds(o.idle_timeout);
  config.event_heartbeat = std::chrono::seconds(std::max(1u, o.event_heartbeat));
  config.trust_forwarded_for = o.trust_proxy;
  config.max_connections_per_address = o.max_connections_per_address;
  config.max_streams_per_address = o.max_streams_per_address;
  config.reserved_files = o.reserved_files;
  config.map_tile_origin = tile_origin(o.map_tiles).value_or("");
  return config;
}

// The platform below the modules: units (imported at first start), accounts, CSRF.
struct Base {
  std::unique_ptr<db::Database> db;
  std::unique_ptr<i18n::Catalogues> catalogues;
  std::unique_ptr<web::Renderer> renderer;
  std::unique_ptr<units::UnitService> units;
  notify::DevOutbox* outbox = nullptr;
  std::unique_ptr<notify::SmsSender> sms;
  std::unique_ptr<accounts::AccountService> accounts;
  std::unique_ptr<web::Csrf> csrf;
  accounts::UploadBudget upload_budget;
  accounts::Workspace workspace;
};

// Checks what the modules do not own; a message for the operator, or "".
std::string check_options(const Options& o, std::string& host, uint16_t& port) {
  if (!parse_listen(o.listen, host, port))
    return "--listen must be HOST:PORT, got '" + o.listen + "'";
  if (!tile_origin(o.map_tiles))
    return "--map-tiles must be a tile URL with {z}, {x} and {y}, on https://, http:// or this "
           "site (\"/…\")";
  return "";
}

std::string build_base(const Options& o, Base& b, cds::app::Modules& modules) {
  b.db = db::Database::open(o.db, o.db_pool, o.db_read);
  if (!o.no_migrate) db::migrate(*b.db, cds::app::migrations(modules));
  // Other processes on the same PostgreSQL database: their commits invalidate our caches.
  b.db->follow_other_processes();
  b.catalogues = std::make_unique<i18n::Catalogues>(
      i18n::Catalogues::load(cds::app::module_folders(modules, o.modules_dir, "i18n")));
  b.renderer = std::make_unique<web::Renderer>(
      cds::app::module_folders(modules, o.modules_dir, "templates"), *b.catalogues);
  b.units = std::make_unique<units::UnitService>(*b.db);
  b.units->reload();
  if (b.units->empty())
    print_import_report(b.units->import_files(std::filesystem::path(o.data_dir) / "units"));
  if (!b.units->find(units::kGeneration2025, o.province))
    return "--province " + o.province + " is not a 2025 province code";
  b.sms = text_gateway(o, b.outbox);
  b.accounts = std::make_unique<accounts::AccountService>(*b.db, *b.sms, *b.units, *b.catalogues);
  b.csrf = std::make_unique<web::Csrf>(b.accounts->identity.secret());
  b.renderer->set_layout_value("map_tiles", o.map_tiles);
  b.renderer->set_layout_value("map_attribution", o.map_attribution);
  return "";
}

std::unique_ptr<web::AppContext> web_context(const Options& o, Base& b) {
  auto app = std::make_unique<web::AppContext>(
      web::AppContext{*b.db, *b.catalogues, *b.renderer, *b.units, o.web_dir});
  app->representations = std::make_shared<cache::Representations>(o.cache_mb << 20);
  app->accounts = b.accounts.get();
  app->csrf = b.csrf.get();
  app->dev_outbox = b.outbox;
  app->upload_budget = &b.upload_budget;
  app->secure_cookies = o.secure_cookies;
  app->public_url = o.public_url;
  while (app->public_url.ends_with('/')) app->public_url.pop_back();
  app->province_code = o.province;
  return app;
}

// Each module builds its services, gives its part of a person's data and its demo data.
void start_modules(const Options& o, Base& b, web::AppContext& app, cds::app::Modules& modules) {
  cds::app::Platform platform{*b.db,  *b.catalogues, app,           *b.units,  *b.accounts,
                              *b.sms, o.data_dir,    o.uploads_dir, o.province};
  for (auto& m : modules) m->start(platform);
  for (auto& m : modules) m->personal_data(b.accounts->profile);
  if (o.demo)
    for (auto& m : modules) m->load_demo(std::filesystem::path(o.data_dir) / "demo");
  cds::app::assemble(modules, app, *b.renderer, b.workspace);
}

// What the platform serves and whom it knows, for the authorisation matrix and for operators
// reviewing the surface: every route, every declared role and API scope.
void describe(const http::Router& router) {
  boost::json::array routes, roles, scopes;
  for (const auto& route : router.routes())
    routes.push_back(boost::json::array{std::string(boost::beast::http::to_string(route.method)),
                                        route.pattern});
  for (const auto& info : accounts::known_roles()) roles.emplace_back(info.role.code);
  for (const auto& scope : accounts::known_api_scopes()) scopes.emplace_back(scope.code);
  std::cout << boost::json::serialize(boost::json::object{{"routes", std::move(routes)},
                                                          {"roles", std::move(roles)},
                                                          {"api_scopes", std::move(scopes)}})
            << "\n";
}

http::ServerHooks server_hooks(web::AppContext& app, web::Csrf& csrf,
                               std::shared_ptr<http::Metrics> metrics) {
  http::ServerHooks hooks;
  hooks.metrics = std::move(metrics);
  hooks.middleware.push_back(http::conditional_get());  // outermost: sees the final policy
  hooks.middleware.push_back(http::private_responses());
  hooks.middleware.push_back(web::database_unavailable());  // a 503, whatever runs inside
  if (app.db.has_standby()) hooks.middleware.push_back(web::standby_reads(app.secure_cookies));
  hooks.middleware.push_back(csrf.middleware());
  hooks.render_error = [&app](const http::Request& req, http::Status s, std::string_view code,
                              std::string_view message) {
    return web::render_error(app, req, s, code, message);
  };
  return hooks;
}

int serve(const Options& o, cds::app::Modules& modules) {
  std::string host;
  uint16_t port = 0;
  Base b;
  std::string problem = check_options(o, host, port);
  if (problem.empty()) problem = build_base(o, b, modules);
  if (!problem.empty()) {
    std::cerr << "congdanso: " << problem << "\n";
    return 2;
  }
  auto app = web_context(o, b);
  try {
    start_modules(o, b, *app, modules);
  } catch (const cds::app::BadOption& e) {
    std::cerr << "congdanso: " << e.what() << "\n";
    return 2;
  }
  http::Router router = routes(*app, modules);
  if (o.describe) {
    describe(router);
    return 0;
  }
  auto metrics = metrics_for(router, *b.db, *app->representations);
  *app->metrics = metrics;
  raise_file_limit();
  http::Server server(server_config(o, host, port), std::move(router),
                      server_hooks(*app, *b.csrf, metrics));
  server.start();
  server.stop_on_signals();
  // Events committed by any process go to this process's open streams.
  live::Pump pump(*b.db, server.events(), cds::app::reach_kinds(modules));
  pump.start();
  spdlog::info("serving on http://{}:{} with {} ({})", host, server.port(),
               b.db->engine() == db::Engine::sqlite ? "SQLite" : "PostgreSQL", CDS_VERSION);
  // Background jobs, once per period across every process serving this database.
  jobs::Scheduler scheduler(
      *b.db, host + ":" + std::to_string(server.port()) + "/" + std::to_string(::getpid()));
  cds::app::schedule_jobs(modules, scheduler);
  scheduler.start();
  server.wait();
  pump.stop();
  scheduler.stop();
  modules.clear();  // their services before the database they use
  spdlog::info("stopped");
  return 0;
}

// A module's own options, on the serve command.
void add_module_options(CLI::App* cmd, cds::app::Modules& modules) {
  for (auto& m : modules)
    for (const auto& option : m->options()) {
      CLI::Option* added = option.text ? cmd->add_option(option.flag, *option.text, option.help)
                                       : cmd->add_option(option.flag, *option.number, option.help);
      added->envname(option.env);
      if (option.number) added->check(CLI::Range(option.min, option.max));
    }
}

}  // namespace

Command serve_command(CLI::App& app, Options& o,
                      const std::shared_ptr<cds::app::Modules>& modules) {
  auto* cmd = app.add_subcommand("serve", "Serve the platform over HTTP");
  add_module_options(cmd, *modules);
  add_db(cmd, o);
  cmd->add_option("--listen", o.listen, "HOST:PORT to listen on")->envname("CDS_LISTEN");
  cmd->add_flag("--demo", o.demo, "Load the demo data for Lào Cai / Yên Bái")->envname("CDS_DEMO");
  cmd->add_flag("--describe", o.describe,
                "Print the routes, roles and API scopes served, as JSON, and exit");
  cmd->add_flag("--no-migrate", o.no_migrate, "Do not apply migrations at start")
      ->envname("CDS_NO_MIGRATE");
  add_dirs(cmd, o);
  cmd->add_option("--io-threads", o.io_threads, "I/O threads (0: one per core)")
      ->envname("CDS_IO_THREADS");
  cmd->add_option("--read-workers", o.read_workers,
                  "Worker threads for GET and HEAD (0: 2 per core on SQLite, --db-pool on "
                  "PostgreSQL)")
      ->envname("CDS_READ_WORKERS");
  cmd->add_option("--workers", o.workers, "Worker threads for blocking work (0: auto)")
      ->envname("CDS_WORKERS");
  cmd->add_option("--media-threads", o.media_threads,
                  "Threads that decode and re-encode photos, apart from the workers")
      ->envname("CDS_MEDIA_THREADS")
      ->check(CLI::Range(1, 64));
  cmd->add_option("--request-timeout", o.request_timeout,
                  "Seconds a client may take to send a request")
      ->envname("CDS_REQUEST_TIMEOUT")
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--event-heartbeat", o.event_heartbeat,
                  "Seconds between heartbeats on idle /events streams")
      ->envname("CDS_EVENT_HEARTBEAT")
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--max-connections-per-address", o.max_connections_per_address,
                  "Connections one client address may hold, streams included (0: no cap; not "
                  "applied with --trust-proxy, where the proxy limits its clients)")
      ->envname("CDS_MAX_CONNECTIONS_PER_ADDRESS");
  cmd->add_option("--max-streams-per-address", o.max_streams_per_address,
                  "Open /events streams per client address (0: no cap)")
      ->envname("CDS_MAX_STREAMS_PER_ADDRESS");
  cmd->add_option("--reserved-files", o.reserved_files,
                  "Open-file handles kept for requests: streams and idle connections never "
                  "use them")
      ->envname("CDS_RESERVED_FILES");
  cmd->add_option("--idle-timeout", o.idle_timeout, "Seconds a kept-alive connection may stay idle")
      ->envname("CDS_IDLE_TIMEOUT")
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--db-pool", o.db_pool, "Database connections")
      ->envname("CDS_DB_POOL")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--db-read", o.db_read,
                  "A streaming standby of the PostgreSQL database for reads (postgresql://…; "
                  "a client's own recent writes are still read from the primary)")
      ->envname("CDS_DB_READ");
  cmd->add_option("--cache-mb", o.cache_mb,
                  "Memory in MiB for cached public pages and API answers (0: none kept)")
      ->envname("CDS_CACHE_MB")
      ->check(CLI::Range(0, 65536));
  cmd->add_option("--access-log", o.access_log, "Write a JSON access log line per request")
      ->envname("CDS_ACCESS_LOG");
  cmd->add_flag("--dev-outbox", o.dev_outbox,
                "Keep text messages in a page at /dev/outbox (development)")
      ->envname("CDS_DEV_OUTBOX");
  cmd->add_flag("--trust-proxy", o.trust_proxy,
                "Client address from X-Forwarded-For (behind nginx)")
      ->envname("CDS_TRUST_PROXY");
  cmd->add_flag("--secure-cookies", o.secure_cookies, "Mark cookies Secure (when served over TLS)")
      ->envname("CDS_SECURE_COOKIES");
  cmd->add_option("--province", o.province, "The 2025 code of the province this deployment serves")
      ->envname("CDS_PROVINCE");
  cmd->add_option("--public-url", o.public_url,
                  "The site's public address for absolute links, e.g. https://congdan.example.vn")
      ->envname("CDS_PUBLIC_URL");
  cmd->add_option("--map-tiles", o.map_tiles,
                  "Map tiles' URL template ({s}, {z}, {x}, {y}), e.g. a province's own tile "
                  "server; pages may load images from its origin")
      ->envname("CDS_MAP_TILES");
  cmd->add_option("--map-attribution", o.map_attribution,
                  "The credit the tile server requires, shown on every map")
      ->envname("CDS_MAP_ATTRIBUTION");
  cmd->add_option("--uploads-dir", o.uploads_dir, "Where uploaded photos are kept")
      ->envname("CDS_UPLOADS_DIR");
  return {cmd, [&o, modules] { return serve(o, *modules); }};
}

}  // namespace cds::cli
