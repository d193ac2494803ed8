// News as a module of the platform (app::Module): the service, routes, header link, home
// section, tile, the job that announces scheduled articles, the feed prefix, demo data.
#include "app/module.h"

#include <spdlog/spdlog.h>

#include "accounts/service.h"
#include "news/embedded.h"
#include "news/permissions.h"
#include "news/routes.h"
#include "news/service.h"

namespace cds::news {

namespace {

class News final : public app::Module {
 public:
  std::string name() const override { return "news"; }
  std::vector<db::EmbeddedMigration> migrations() override { return news::migrations(); }
  std::string_view openapi() override { return news::openapi(); }
  accounts::Permissions permissions() override { return news::permissions(); }
  void start(app::Platform& p) override {
    service_ = std::make_unique<NewsService>(p.db, p.units, p.accounts.unit_parent(), p.province,
                                             p.uploads_dir);
  }
  void routes(http::Router& router, web::AppContext& app) override {
    add_news_routes(router, app, *service_);
    add_news_pages(router, app, *service_);
    add_officer_news_pages(router, app, *service_);
  }
  std::vector<app::NavLink> links() override { return {{"nav.news", "/tin-tuc", 20}}; }
  std::vector<web::Offer> offers() override {
    return {{"home.news.title", "home.news.text", "/tin-tuc", 40}};
  }
  std::vector<accounts::WorkTile> tiles(web::AppContext& app) override {
    return {work_tile(app, *service_)};
  }
  std::vector<web::HomeSectionSource> home_sections(web::AppContext& app) override {
    return {home_section(app, *service_)};
  }
  // Articles published for later: when their time comes, pages and live readers hear of them.
  std::vector<app::Job> jobs() override {
    NewsService* svc = service_.get();
    return {{"news-due", std::chrono::seconds(5), [svc] {
               if (size_t n = svc->announce_due()) spdlog::info("{} scheduled article(s) out", n);
             }}};
  }
  std::vector<std::string> api_prefixes() override { return {"/news/"}; }
  void load_demo(const std::filesystem::path& dir) override { service_->load_demo(dir); }

 private:
  std::unique_ptr<NewsService> service_;
};

}  // namespace

std::unique_ptr<app::Module> module() { return std::make_unique<News>(); }

}  // namespace cds::news
