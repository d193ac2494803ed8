// Field reports as a module of the platform (app::Module): its options, service, routes,
// header link, tile, job, Open311 prefix, personal data and demo data.
#include "app/module.h"

#include <spdlog/spdlog.h>

#include <boost/json/value.hpp>

#include "accounts/service.h"
#include "feedback/embedded.h"
#include "feedback/permissions.h"
#include "feedback/routes.h"
#include "feedback/service.h"

namespace cds::feedback {

namespace {

class Feedback final : public app::Module {
 public:
  std::string name() const override { return "feedback"; }
  std::vector<db::EmbeddedMigration> migrations() override { return feedback::migrations(); }
  std::string_view openapi() override { return feedback::openapi(); }
  std::vector<app::Option> options() override {
    return {{"--escalation-interval", "CDS_ESCALATION_INTERVAL",
             "Seconds between two checks for overdue reports (all processes together)", nullptr,
             &escalation_interval_, 1, 86400},
            {"--open311-jurisdiction", "CDS_OPEN311_JURISDICTION",
             "The jurisdiction_id Open311 clients send", &jurisdiction_}};
  }
  accounts::Permissions permissions() override { return feedback::permissions(); }
  std::vector<accounts::AdminSection> admin_sections() override {
    return {{"/quan-tri/phan-anh", "feedback", &actions::manage_categories}};
  }
  void start(app::Platform& p) override {
    unit_parent_ = p.accounts.unit_parent();
    service_ = std::make_unique<Services>(p.db, p.units, p.accounts.unit_parent(), p.uploads_dir,
                                          p.province);
    service_->settings.seed_defaults(p.data_dir / "feedback");
    service_->handling.set_text_messages(p.sms, p.catalogues);
    service_->open311_jurisdiction = jurisdiction_;
    db_ = &p.db;
    units_ = &p.units;
  }
  void routes(http::Router& router, web::AppContext& app) override {
    add_report_api_routes(router, app, *service_);
    add_open311_routes(router, app, *service_);
    add_report_pages(router, app, *service_);
  }
  std::vector<app::NavLink> links() override {
    accounts::UnitParent parent = unit_parent_;
    auto works = [parent](const app::Reader& r) {
      return accounts::decide(r.actor, actions::work_reports, {}, parent) ==
             accounts::Decision::allow;
    };
    return {{"nav.reports", "/phan-anh", 10},
            {"report.mine.title", "/phan-anh/cua-toi", 10, false, nullptr, "account"},
            {"account.reports_console", "/can-bo/phan-anh", 10, false, works, "account_work"}};
  }
  std::vector<web::Offer> offers() override {
    return {{"home.reports.title", "home.reports.text", "/phan-anh", 20}};
  }
  std::vector<accounts::WorkTile> tiles(web::AppContext& app) override {
    return {work_tile(app, *service_)};
  }
  // Overdue reports go to the unit administrators: at start and every five minutes.
  std::vector<app::Job> jobs() override {
    Services* svc = service_.get();
    return {{"escalation", std::chrono::seconds(escalation_interval_), [svc] {
               if (size_t n = svc->handling.escalate_overdue())
                 spdlog::info("{} overdue report(s) escalated", n);
             }}};
  }
  std::vector<std::string> api_prefixes() override { return {"/open311/"}; }
  void personal_data(accounts::Profile& people) override {
    people.add_export_section("field_reports",
                              [](db::Connection& c, int64_t account) {
                                return boost::json::value(Reports::personal_export(c, account));
                              },
                              {{"status", "report.status."}});
  }
  void load_demo(const std::filesystem::path& dir) override {
    feedback::load_demo(*db_, service_->settings, *units_, dir);
  }

 private:
  unsigned escalation_interval_ = 300;
  std::string jurisdiction_ = "laocai.gov.vn";
  accounts::UnitParent unit_parent_;
  std::unique_ptr<Services> service_;
  db::Database* db_ = nullptr;
  const units::UnitService* units_ = nullptr;
};

}  // namespace

std::unique_ptr<app::Module> module() { return std::make_unique<Feedback>(); }

}  // namespace cds::feedback
