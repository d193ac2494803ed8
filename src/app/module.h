// What a module adds to the running platform, declared in one place. `serve` builds the
// platform (database, catalogues, renderer, units, accounts, text messages), then loops over
// the list of modules (cli/modules.cpp): their options, services, routes, header links,
// workspace tiles, home sections, banner, jobs, live hooks, API prefixes, personal data and
// demo data. A new module implements this type in its own folder (`<name>/module.cpp`, with
// `std::unique_ptr<app::Module> cds::<name>::module()`) and adds one line to that list.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "accounts/authz.h"
#include "accounts/workspace.h"
#include "db/migrate.h"
#include "web/context.h"
#include "web/templates.h"

namespace cds::http {
class Router;
}
namespace cds::notify {
class SmsSender;
}
namespace cds::accounts {
struct AccountService;
class Profile;
}  // namespace cds::accounts

namespace cds::app {

// One command-line option of a module's own (serve --alert-sender), with its environment
// variable; the value lands in `text` or in `number` (checked against min…max).
struct Option {
  std::string flag;  // "--alert-sender"
  std::string env;   // "CDS_ALERT_SENDER"
  std::string help;
  std::string* text = nullptr;
  unsigned* number = nullptr;
  unsigned min = 0, max = 0;
};

// A value given to an option that cannot be used: serve stops at start with this message.
struct BadOption : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// What serve built before the modules start: theirs to use.
struct Platform {
  db::Database& db;
  const i18n::Catalogues& catalogues;
  web::AppContext& web;
  units::UnitService& units;
  accounts::AccountService& accounts;
  notify::SmsSender& sms;
  std::filesystem::path data_dir;  // reference data (data/<module>/…) and data/demo
  std::string uploads_dir;
  std::string province;  // the 2025 code of the province served
};

// Who reads a page, as far as the header cares.
struct Reader {
  const accounts::Actor& actor;
  bool has_workspace = false;  // a module has officers' work for them (Module::tiles)
};

// A link in the site's header (the bar on a wide screen, the menu on a phone), or on another
// page that lists the modules' links ("account": the account page's).
struct NavLink {
  std::string label_key;  // in the module's catalogue
  std::string path;
  int order = 50;     // left to right; the platform's own: home 0, units 80, account 90…
  bool back = false;  // carries ?tiep=<this page> to come back (signing in)
  std::function<bool(const Reader&)> shown;  // empty: everyone
  std::string place = "header";
};

// Work done in the background, once per period across every process (jobs::Scheduler).
struct Job {
  std::string name;
  std::chrono::seconds period;
  std::function<void()> run;
};

// What every page shows above its content (the warnings in force): the module's partial
// template, rendered with what `data` returns and the catalogue under "t". Cached pages
// depend on `scope` and on what `variant` returns for the request.
struct Banner {
  std::string template_name;
  web::Renderer::Banner data;
  std::string scope;
  web::Renderer::BannerVariant variant;
};

class Module {
 public:
  virtual ~Module() = default;
  virtual std::string name() const = 0;
  // Declared before the command line is read; their values are set when start runs.
  virtual std::vector<Option> options() { return {}; }
  // Its actions and roles (accounts::declare makes the roles known before anything runs).
  virtual accounts::Permissions permissions() { return {}; }
  // Builds the module's services; throws BadOption for an option it cannot use.
  virtual void start(Platform& platform) {}
  virtual void routes(http::Router& router, web::AppContext& app) {}
  virtual std::vector<NavLink> links() { return {}; }
  // Its card in the home page's list of what the platform offers.
  virtual std::vector<web::Offer> offers() { return {}; }
  // Its parts of the administration (/quan-tri).
  virtual std::vector<accounts::AdminSection> admin_sections() { return {}; }
  virtual std::vector<accounts::WorkTile> tiles(web::AppContext& app) { return {}; }
  virtual std::vector<web::HomeSectionSource> home_sections(web::AppContext& app) { return {}; }
  virtual std::optional<Banner> banner(web::AppContext& app) { return std::nullopt; }
  virtual std::vector<Job> jobs() { return {}; }
  // Kinds of live event whose reach (open streams per audience as it went out) is recorded.
  virtual std::vector<std::string> reach_kinds() { return {}; }
  // Path prefixes of its API routes outside /api/ ("/alerts/"), for the OpenAPI document.
  virtual std::vector<std::string> api_prefixes() { return {}; }
  // Its part of a person's data: the export section and what erasure removes (Profile).
  virtual void personal_data(accounts::Profile& people) {}
  // Its tables: <module>/migrations, compiled into it (<module>/embedded.h).
  virtual std::vector<db::EmbeddedMigration> migrations() { return {}; }
  // Its part of the OpenAPI description: <module>/openapi.json (<module>/embedded.h).
  virtual std::string_view openapi() { return ""; }
  // Another folder for its templates/ and i18n/ than --modules-dir/<name> (a module that
  // only tests use), or "".
  virtual std::filesystem::path folder() { return {}; }
  // serve --demo: its demo data from data/demo.
  virtual void load_demo(const std::filesystem::path& dir) {}
};

using Modules = std::vector<std::unique_ptr<Module>>;

// The platform's own modules, which the interface itself builds on: the web shell (home,
// language, static files, health), units, accounts (with the workspace and administration).
std::unique_ptr<Module> shell_module();
std::unique_ptr<Module> units_module();
std::unique_ptr<Module> accounts_module();

}  // namespace cds::app
