// Emergency alerts as a module of the platform (app::Module): the CAP sender option, the
// service, routes, header link, tiles, the banner every page shows, the expiry and texting
// jobs, the reach of each alert on live streams, the CAP and feed prefix, demo data.
#include "app/module.h"

#include <spdlog/spdlog.h>

#include "accounts/service.h"
#include "alerts/embedded.h"
#include "alerts/model.h"
#include "alerts/permissions.h"
#include "alerts/routes.h"
#include "alerts/service.h"

namespace cds::alerts {

namespace {

class Alerts final : public app::Module {
 public:
  std::string name() const override { return "alerts"; }
  std::vector<db::EmbeddedMigration> migrations() override { return alerts::migrations(); }
  std::string_view openapi() override { return alerts::openapi(); }
  std::vector<app::Option> options() override {
    return {{"--alert-sender", "CDS_ALERT_SENDER",
             "CAP <sender> of the province's alerts, e.g. canhbao.laocai.gov.vn", &sender_}};
  }
  accounts::Permissions permissions() override { return alerts::permissions(); }
  void start(app::Platform& p) override {
    std::string sender = sender_.empty() ? "congdanso-" + p.province : sender_;
    // CAP refuses spaces, commas, < and & in <sender>: better to stop now than on every alert.
    if (sender.find_first_of(" \t,<&") != std::string::npos)
      throw app::BadOption("--alert-sender may not contain spaces, commas, < or &");
    service_ =
        std::make_unique<AlertService>(p.db, p.units, p.accounts.unit_parent(), p.province, sender);
    service_->set_text_messages(p.sms, p.catalogues, p.web.public_url);
  }
  void routes(http::Router& router, web::AppContext& app) override {
    add_alert_routes(router, app, *service_);
    add_alert_pages(router, app, *service_);
    add_officer_alert_pages(router, app, *service_);
    add_answer_pages(router, app, *service_);
    add_draft_pages(router, app, *service_);
  }
  std::vector<app::NavLink> links() override { return {{"nav.alerts", "/canh-bao", 30}}; }
  std::vector<web::Offer> offers() override {
    return {{"home.warnings.title", "home.warnings.text", "/canh-bao", 30}};
  }
  std::vector<accounts::WorkTile> tiles(web::AppContext& app) override {
    return work_tiles(app, *service_);
  }
  std::optional<app::Banner> banner(web::AppContext& app) override {
    return app::Banner{"_alert_banner", alert_banner(app, *service_), kScope,
                       alert_banner_variant(app)};
  }
  std::vector<app::Job> jobs() override {
    AlertService* svc = service_.get();
    return {{"alert-expiry", std::chrono::seconds(60), [svc] { svc->expire_due(); }},
            // Actual alerts are texted to the residents who asked for warnings, in batches.
            {"alert-texts", std::chrono::seconds(5), [svc] {
               if (size_t n = svc->send_texts()) spdlog::info("{} warning text(s) sent", n);
             }}};
  }
  std::vector<std::string> reach_kinds() override { return {"alert"}; }
  std::vector<std::string> api_prefixes() override { return {"/alerts/"}; }
  void load_demo(const std::filesystem::path& dir) override { service_->load_demo(dir); }

 private:
  std::string sender_;
  std::unique_ptr<AlertService> service_;
};

}  // namespace

std::unique_ptr<app::Module> module() { return std::make_unique<Alerts>(); }

}  // namespace cds::alerts
