// A module that only tests use (tests/sample), to show what a new module costs: its folder,
// one cds_module(...) line and one line in a list of modules (tests/sample_binary/main.cpp).
// It has a role and an action of its own, a table, a JSON route and a page, a header link and
// a tile on the officers' workspace (tests/integration/sample_module_test.cpp).
#include "app/module.h"

#include <boost/json.hpp>

#include "accounts/http_auth.h"
#include "accounts/service.h"
#include "core/error.h"
#include "db/connection.h"
#include "http/body.h"
#include "http/response.h"
#include "http/router.h"
#include "sample/embedded.h"
#include "sample/store.h"
#include "web/pages.h"

namespace cds::sample {
namespace json = boost::json;
using accounts::Actor;

namespace {

constexpr accounts::Role kGardener{"gardener"};

bool tends(const Actor& a, const accounts::Target& t, const accounts::UnitParent& up) {
  if (!a.has(kGardener)) return false;
  return t.unit_code.empty() || accounts::covers(a, t.unit_code, up);
}
const accounts::Action tend_garden{"tend_garden", &tends};

int64_t plant_count(db::Database& db) {
  return db.read([](db::Connection& c) { return store::plant_count(c); });
}

class Sample final : public app::Module {
 public:
  std::string name() const override { return "sample"; }
  std::filesystem::path folder() override { return CDS_SOURCE_DIR "/tests/sample"; }
  std::vector<db::EmbeddedMigration> migrations() override { return sample::migrations(); }
  accounts::Permissions permissions() override {
    return {.actions = {&tend_garden},
            .roles = {{kGardener, true, true, false}},
            .consents = {{"garden_news", 50, "sample.consent", "sample.consent_sign_up"}}};
  }
  void routes(http::Router& router, web::AppContext& app) override {
    web::AppContext* ctx = &app;
    router.post("/api/v1/sample/plants", [ctx](http::Request& req) {
      Actor actor = accounts::current_actor(*ctx->accounts, req);
      auto body = http::json_body(req);
      std::string unit = std::string(body.at("unit_code").as_string());
      accounts::require(actor, tend_garden, {unit}, ctx->accounts->unit_parent());
      ctx->db.write([&](db::Connection& c) {
        store::add_plant(c, unit, std::string(body.at("name").as_string()));
      });
      return http::json_response(req, json::object{{"plants", plant_count(ctx->db)}},
                                 http::Status::created);
    });
    router.get("/vuon", [ctx](http::Request& req) {
      json::array plants;
      for (const auto& name : ctx->db.read([](db::Connection& c) { return store::plant_names(c); }))
        plants.push_back(json::object{{"name", name}});
      return web::form_page(*ctx, req, "sample_garden", "sample.title",
                            json::object{{"plants", std::move(plants)}});
    });
  }
  std::vector<app::NavLink> links() override { return {{"sample.nav", "/vuon", 70}}; }
  std::vector<accounts::WorkTile> tiles(web::AppContext& app) override {
    web::AppContext* ctx = &app;
    auto applies = [ctx](const Actor& a) {
      return accounts::decide(a, tend_garden, {}, ctx->accounts->unit_parent()) ==
             accounts::Decision::allow;
    };
    return {
        {applies,
         [ctx, applies](const Actor& a, const std::string& lang) -> std::optional<accounts::Tile> {
           if (!applies(a)) return std::nullopt;
           return accounts::Tile{ctx->catalogues.text(lang, "sample.tile.title"),
                                 "/vuon",
                                 {{ctx->catalogues.text(lang, "sample.tile.plants"),
                                   plant_count(ctx->db), false, "/vuon"}}};
         }}};
  }
};

}  // namespace

std::unique_ptr<app::Module> module() { return std::make_unique<Sample>(); }

}  // namespace cds::sample
