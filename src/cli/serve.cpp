// congdanso serve: the composition root of the running platform. It builds the modules'
// services, registers their routes (and the OpenAPI description made from them), and runs the
// HTTP server and the background jobs until SIGTERM.
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <boost/json/value.hpp>
#include <cctype>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "accounts/http_auth.h"
#include "accounts/routes.h"
#include "accounts/service.h"
#include "accounts/workspace.h"
#include "alerts/routes.h"
#include "alerts/service.h"
#include "cli/operator.h"
#include "core/time.h"
#include "db/migrate.h"
#include "feedback/routes.h"
#include "feedback/service.h"
#include "http/conditional_get.h"
#include "http/private_responses.h"
#include "http/response.h"
#include "http/server.h"
#include "jobs/scheduler.h"
#include "live/events.h"
#include "live/pump.h"
#include "live/routes.h"
#include "news/routes.h"
#include "news/service.h"
#include "notify/sms.h"
#include "units/routes.h"
#include "units/service.h"
#include "web/context.h"
#include "web/csrf.h"
#include "web/openapi.h"
#include "web/shell_routes.h"
#include "web/templates.h"

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
http::Router routes(web::AppContext& app, feedback::FeedbackService& feedback_service,
                    alerts::AlertService& alert_service, news::NewsService& news_service) {
  http::Router router;
  web::add_shell_routes(router, app);
  web::add_ops_routes(router, app);
  units::add_unit_routes(router, app);
  accounts::add_account_api_routes(router, app);
  accounts::add_account_pages(router, app);
  accounts::add_notice_routes(router, app);
  feedback::add_report_api_routes(router, app, feedback_service);
  feedback::add_open311_routes(router, app, feedback_service);
  feedback::add_report_pages(router, app, feedback_service);
  alerts::add_alert_routes(router, app, alert_service);
  alerts::add_alert_pages(router, app, alert_service);
  alerts::add_officer_alert_pages(router, app, alert_service);
  alerts::add_answer_pages(router, app, alert_service);
  alerts::add_draft_pages(router, app, alert_service);
  news::add_news_routes(router, app, news_service);
  news::add_news_pages(router, app, news_service);
  news::add_officer_news_pages(router, app, news_service);
  live::add_live_routes(router, app);
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
           cache_figures(cached->stats());
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

int serve(const Options& o) {
  std::string host;
  uint16_t port = 0;
  if (!parse_listen(o.listen, host, port)) {
    std::cerr << "congdanso: --listen must be HOST:PORT, got '" << o.listen << "'\n";
    return 2;
  }
  auto db = db::Database::open(o.db, o.db_pool);
  if (!o.no_migrate) db::migrate(*db);
  // Other processes on the same PostgreSQL database: their commits invalidate our caches.
  db->follow_other_processes();
  auto catalogues = i18n::Catalogues::load(web::module_folders(o.modules_dir, "i18n"));
  web::Renderer renderer(web::module_folders(o.modules_dir, "templates"), catalogues);
  units::UnitStore unit_store(*db);
  units::UnitService unit_service(unit_store);
  unit_service.reload();
  if (unit_service.empty())
    print_import_report(unit_service.import_files(std::filesystem::path(o.data_dir) / "units"));
  if (!unit_service.find(units::kGeneration2025, o.province)) {
    std::cerr << "congdanso: --province " << o.province << " is not a 2025 province code\n";
    return 2;
  }

  notify::DevOutbox* outbox = nullptr;
  auto sms = text_gateway(o, outbox);
  accounts::AccountService account_service(*db, *sms, unit_service, catalogues);
  web::Csrf csrf(account_service.secret());
  feedback::FeedbackService feedback_service(*db, unit_service, account_service.unit_parent(),
                                             o.uploads_dir, o.province);
  feedback_service.seed_defaults(std::filesystem::path(o.data_dir) / "feedback");
  feedback_service.set_text_messages(*sms, catalogues);
  account_service.add_export_section("field_reports", [](db::Connection& c, int64_t account) {
    return boost::json::value(feedback::FeedbackService::personal_export(c, account));
  });
  if (o.demo) feedback_service.load_demo(std::filesystem::path(o.data_dir) / "demo");

  renderer.set_navigation(accounts::header_navigation(account_service));
  if (!tile_origin(o.map_tiles)) {
    std::cerr << "congdanso: --map-tiles must be a tile URL with {z}, {x} and {y}, on https://, "
                 "http:// or this site (\"/…\")\n";
    return 2;
  }
  renderer.set_layout_value("map_tiles", o.map_tiles);
  renderer.set_layout_value("map_attribution", o.map_attribution);
  accounts::Workspace workspace;

  web::AppContext app{*db, catalogues, renderer, unit_service, o.web_dir};
  app.workspace = &workspace;
  app.representations = std::make_shared<cache::Representations>(o.cache_mb << 20);
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
  std::string alert_sender = o.alert_sender.empty() ? "congdanso-" + o.province : o.alert_sender;
  // CAP refuses spaces, commas, < and & in <sender>: better to stop now than on every alert.
  if (alert_sender.find_first_of(" \t,<&") != std::string::npos) {
    std::cerr << "congdanso: --alert-sender may not contain spaces, commas, < or &\n";
    return 2;
  }
  alerts::AlertService alert_service(*db, unit_service, account_service.unit_parent(), o.province,
                                     alert_sender);
  alert_service.set_text_messages(*sms, catalogues, app.public_url);
  if (o.demo) alert_service.load_demo(std::filesystem::path(o.data_dir) / "demo");
  renderer.set_banner(alerts::alert_banner(app, alert_service), alerts::kScope,
                      alerts::alert_banner_variant(app));
  news::NewsService news_service(*db, unit_service, account_service.unit_parent(), o.province,
                                 o.uploads_dir);
  if (o.demo) news_service.load_demo(std::filesystem::path(o.data_dir) / "demo");
  http::Router router = routes(app, feedback_service, alert_service, news_service);
  auto metrics = metrics_for(router, *db, *app.representations);
  *app.metrics = metrics;

  http::ServerHooks hooks;
  hooks.metrics = metrics;
  hooks.middleware.push_back(http::conditional_get());  // outermost: sees the final policy
  hooks.middleware.push_back(http::private_responses());
  hooks.middleware.push_back(csrf.middleware());
  hooks.render_error = [&app](const http::Request& req, http::Status s, std::string_view code,
                              std::string_view message) {
    return web::render_error(app, req, s, code, message);
  };
  raise_file_limit();
  http::Server server(server_config(o, host, port), std::move(router), std::move(hooks));
  server.start();
  server.stop_on_signals();
  // Events committed by any process go to this process's open streams.
  live::Pump pump(*db, server.events());
  pump.start();
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
  scheduler.every("alert-expiry", std::chrono::seconds(60),
                  [&alert_service] { alert_service.expire_due(); });
  // Actual alerts are texted to the residents who asked for warnings, in batches.
  scheduler.every("alert-texts", std::chrono::seconds(5), [&alert_service] {
    if (size_t n = alert_service.send_texts()) spdlog::info("{} warning text(s) sent", n);
  });
  // Articles published for later: when their time comes, pages and live readers hear of them.
  scheduler.every("news-due", std::chrono::seconds(5), [&news_service] {
    if (size_t n = news_service.announce_due()) spdlog::info("{} scheduled article(s) out", n);
  });
  scheduler.every("live-events-prune", std::chrono::hours(1), [db = db.get()] {
    auto week_ago = timeutil::iso_utc(timeutil::Clock::now() - std::chrono::days(7));
    db->write([&](db::Connection& c) { live::prune(c, week_ago); });
  });
  scheduler.start();
  server.wait();
  pump.stop();
  scheduler.stop();
  spdlog::info("stopped");
  return 0;
}

}  // namespace

Command serve_command(CLI::App& app, Options& o) {
  auto* cmd = app.add_subcommand("serve", "Serve the platform over HTTP");
  add_db(cmd, o);
  cmd->add_option("--listen", o.listen, "HOST:PORT to listen on")->envname("CDS_LISTEN");
  cmd->add_flag("--demo", o.demo, "Load the demo data for Lào Cai / Yên Bái")->envname("CDS_DEMO");
  cmd->add_flag("--no-migrate", o.no_migrate, "Do not apply migrations at start")
      ->envname("CDS_NO_MIGRATE");
  add_dirs(cmd, o);
  cmd->add_option("--io-threads", o.io_threads, "I/O threads (0: one per core)")
      ->envname("CDS_IO_THREADS");
  cmd->add_option("--workers", o.workers, "Worker threads for blocking work (0: auto)")
      ->envname("CDS_WORKERS");
  cmd->add_option("--escalation-interval", o.escalation_interval,
                  "Seconds between two checks for overdue reports (all processes together)")
      ->envname("CDS_ESCALATION_INTERVAL")
      ->check(CLI::Range(1, 86400));
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
  cmd->add_option("--open311-jurisdiction", o.jurisdiction,
                  "The jurisdiction_id Open311 clients send")
      ->envname("CDS_OPEN311_JURISDICTION");
  cmd->add_option("--alert-sender", o.alert_sender,
                  "CAP <sender> of the province's alerts, e.g. canhbao.laocai.gov.vn")
      ->envname("CDS_ALERT_SENDER");
  return {cmd, [&o] { return serve(o); }};
}

}  // namespace cds::cli
