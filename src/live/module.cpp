// Live delivery as a module of the platform (app::Module): GET /events and the weekly pruning
// of the events table. The pump, which every process runs for its own streams, is started by
// serve with the kinds whose reach the modules want recorded.
#include "app/module.h"

#include "core/time.h"
#include "live/embedded.h"
#include "live/events.h"
#include "live/routes.h"

namespace cds::live {

namespace {

class Live final : public app::Module {
 public:
  std::string name() const override { return "live"; }
  std::vector<db::EmbeddedMigration> migrations() override { return live::migrations(); }
  std::string_view openapi() override { return live::openapi(); }
  void start(app::Platform& p) override { db_ = &p.db; }
  void routes(http::Router& router, web::AppContext& app) override { add_live_routes(router, app); }
  std::vector<std::string> api_prefixes() override { return {"/events"}; }
  std::vector<app::Job> jobs() override {
    db::Database* db = db_;
    return {{"live-events-prune", std::chrono::hours(1), [db] {
               auto week_ago = timeutil::iso_utc(timeutil::Clock::now() - std::chrono::days(7));
               db->write([&](db::Connection& c) { prune(c, week_ago); });
             }}};
  }

 private:
  db::Database* db_ = nullptr;
};

}  // namespace

std::unique_ptr<app::Module> module() { return std::make_unique<Live>(); }

}  // namespace cds::live
