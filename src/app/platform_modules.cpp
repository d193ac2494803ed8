// The platform's own modules as app::Module: the web shell, units and accounts. They sit below
// the module interface (it names accounts' actors and units' service), so they are declared
// here rather than in their own folders.
#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "accounts/authz.h"
#include "accounts/embedded.h"
#include "accounts/routes.h"
#include "accounts/service.h"
#include "app/module.h"
#include "audit/embedded.h"
#include "jobs/embedded.h"
#include "notify/embedded.h"
#include "units/embedded.h"
#include "units/routes.h"
#include "units/service.h"
#include "web/embedded.h"
#include "web/shell_routes.h"

namespace cds::app {

namespace {

class Shell final : public Module {
 public:
  std::string name() const override { return "web"; }
  void routes(http::Router& router, web::AppContext& app) override {
    web::add_shell_routes(router, app);
    web::add_ops_routes(router, app);
  }
  std::vector<NavLink> links() override { return {{"nav.home", "/", 0}}; }
  std::string_view openapi() override { return web::openapi(); }
  // The tables of the platform's libraries below the modules: the audit log, the jobs'
  // claims, notifications.
  std::vector<db::EmbeddedMigration> migrations() override {
    std::vector<db::EmbeddedMigration> all;
    for (const auto* part : {&audit::migrations(), &jobs::migrations(), &notify::migrations()})
      all.insert(all.end(), part->begin(), part->end());
    return all;
  }
};

class Units final : public Module {
 public:
  std::string name() const override { return "units"; }
  void routes(http::Router& router, web::AppContext& app) override {
    units::add_unit_routes(router, app);
  }
  std::vector<NavLink> links() override { return {{"nav.units", "/don-vi", 80}}; }
  std::vector<db::EmbeddedMigration> migrations() override { return units::migrations(); }
  std::string_view openapi() override { return units::openapi(); }
  std::vector<web::Offer> offers() override {
    return {{"home.units.title", "home.units.text", "/don-vi", 10}};
  }
  void start(Platform& p) override {
    units_ = &p.units;
    province_ = p.province;
  }
  // The demo villages (data/demo/villages.csv); again at each start, changing nothing.
  void load_demo(const std::filesystem::path& dir) override {
    std::ifstream in(dir / "villages.csv", std::ios::binary);
    if (!in) return;
    std::stringstream text;
    text << in.rdbuf();
    auto report = units_->import_villages(text.str(), province_);
    if (!report.rejected.empty())
      throw std::runtime_error("data/demo/villages.csv: " + report.rejected.front());
  }

 private:
  units::UnitService* units_ = nullptr;
  std::string province_;
};

class Accounts final : public Module {
 public:
  std::string name() const override { return "accounts"; }
  void routes(http::Router& router, web::AppContext& app) override {
    accounts::add_account_api_routes(router, app);
    accounts::add_account_pages(router, app);
    accounts::add_notice_routes(router, app);
  }
  std::vector<NavLink> links() override {
    auto signed_in = [](const Reader& r) { return r.actor.signed_in(); };
    return {
        {"nav.workspace", "/can-bo", 85, false, [](const Reader& r) { return r.has_workspace; }},
        {"nav.admin", "/quan-tri", 86, false,
         [this](const Reader& r) {
           return r.actor.signed_in() && accounts::may_open_administration(r.actor, unit_parent_);
         }},
        {"nav.account", "/tai-khoan", 90, false, signed_in},
        {"nav.sign_in", "/dang-nhap", 91, true,
         [](const Reader& r) { return !r.actor.signed_in(); }},
        {"nav.sign_up", "/dang-ky", 92, false,
         [](const Reader& r) { return !r.actor.signed_in(); }}};
  }
  accounts::Permissions permissions() override { return accounts::own_permissions(); }
  std::vector<db::EmbeddedMigration> migrations() override { return accounts::migrations(); }
  std::string_view openapi() override { return accounts::openapi(); }
  void start(Platform& platform) override { unit_parent_ = platform.accounts.unit_parent(); }
  std::vector<web::HomeSectionSource> home_sections(web::AppContext& app) override {
    return {accounts::visitor_home_section(app)};
  }

 private:
  accounts::UnitParent unit_parent_;
};

}  // namespace

std::unique_ptr<Module> shell_module() { return std::make_unique<Shell>(); }
std::unique_ptr<Module> units_module() { return std::make_unique<Units>(); }
std::unique_ptr<Module> accounts_module() { return std::make_unique<Accounts>(); }

}  // namespace cds::app
