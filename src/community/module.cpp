// Villages' households and notice boards as a module of the platform (app::Module): its roles
// and actions, services, routes, links, home section, tile, the job that refreshes boards
// whose notices expired, a person's data and the demo.
#include "app/module.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "accounts/service.h"
#include "community/embedded.h"
#include "community/permissions.h"
#include "community/routes.h"
#include "community/seed.h"
#include "community/service.h"
#include "community/store.h"

namespace cds::community {

namespace {

// A person's part: their household as it is now, and the notices they opened.
boost::json::value personal_export(db::Connection& c, int64_t account) {
  boost::json::object out;
  boost::json::array households;
  if (auto m = store::membership_of(c, account)) {
    auto h = store::household(c, m->household);
    std::string members;
    for (const auto& member : h->members) {
      members += (members.empty() ? "" : ", ") + member.name;
      if (member.birth_year) members += " (" + std::to_string(*member.birth_year) + ")";
    }
    households.push_back(boost::json::object{{"village_unit_code", h->village_code},
                                             {"address", h->address},
                                             {"members", members},
                                             {"joined_at", h->created_at}});
  }
  out["households"] = std::move(households);
  boost::json::array reads;
  for (const auto& [notice, at] : store::reads_of(c, account))
    reads.push_back(boost::json::object{{"notice", notice}, {"read_at", at}});
  out["notices_read"] = std::move(reads);
  boost::json::array answers;
  for (const auto& [notice, position, at] : store::votes_of(c, account))
    answers.push_back(
        boost::json::object{{"notice", notice}, {"position", position}, {"voted_at", at}});
  out["answers"] = std::move(answers);
  return out;
}

class Community final : public app::Module {
 public:
  std::string name() const override { return "community"; }
  std::vector<db::EmbeddedMigration> migrations() override { return community::migrations(); }
  std::string_view openapi() override { return community::openapi(); }
  accounts::Permissions permissions() override { return community::permissions(); }
  void start(app::Platform& p) override {
    unit_parent_ = p.accounts.unit_parent();
    units_ = &p.units;
    db_ = &p.db;
    services_ = std::make_unique<Services>(p.db, p.units, p.accounts.unit_parent());
    services_->notices.set_text_messages(p.sms, p.catalogues, p.web.public_url);
    services_->notices.set_uploads_dir(p.uploads_dir);
  }
  void routes(http::Router& router, web::AppContext& app) override {
    add_notice_api_routes(router, app, *services_);
    add_household_api_routes(router, app, *services_, *units_);
    add_board_pages(router, app, *services_);
    add_household_pages(router, app, *services_);
    add_officer_notice_pages(router, app, *services_);
    add_officer_household_pages(router, app, *services_, *units_);
  }
  std::vector<app::NavLink> links() override {
    accounts::UnitParent parent = unit_parent_;
    auto writes = [parent](const app::Reader& r) {
      return accounts::decide(r.actor, actions::follow_notices, {}, parent) ==
             accounts::Decision::allow;
    };
    auto villages = [parent](const app::Reader& r) {
      return accounts::decide(r.actor, actions::manage_villages, {}, parent) ==
             accounts::Decision::allow;
    };
    auto resident = [](const app::Reader& r) { return !r.actor.home_village.empty(); };
    return {{"nav.village", "/thon", 15, false, resident},
            {"community.household.title", "/ho-gia-dinh", 20, false, nullptr, "account"},
            {"community.desk.title", "/can-bo/thong-bao", 20, false, writes, "account_work"},
            {"community.villages.title", "/can-bo/thon", 21, false, villages, "account_work"}};
  }
  std::vector<web::Offer> offers() override {
    return {{"home.village.title", "home.village.text", "/thon", 30}};
  }
  std::vector<accounts::WorkTile> tiles(web::AppContext& app) override {
    return {work_tile(app, *services_)};
  }
  std::vector<web::HomeSectionSource> home_sections(web::AppContext& app) override {
    return {home_section(app, *services_)};
  }
  // Notices that expire leave their boards' cached pages.
  std::vector<app::Job> jobs() override {
    Services* svc = services_.get();
    return {{"notices-expired", std::chrono::seconds(60),
             [svc] {
               if (size_t n = svc->notices.refresh_expired())
                 spdlog::info("{} notice(s) expired", n);
             }},
            {"notice-texts", std::chrono::seconds(5), [svc] {
               if (size_t n = svc->notices.send_texts())
                 spdlog::info("{} notice text message(s) sent", n);
             }}};
  }
  void personal_data(accounts::Profile& people) override {
    people.add_export_section("community", &personal_export);
    people.add_erasure_step(&store::erase_person);
  }
  void load_demo(const std::filesystem::path& dir) override {
    community::load_demo(*db_, *units_, dir);
  }

 private:
  accounts::UnitParent unit_parent_;
  units::UnitService* units_ = nullptr;
  db::Database* db_ = nullptr;
  std::unique_ptr<Services> services_;
};

}  // namespace

std::unique_ptr<app::Module> module() { return std::make_unique<Community>(); }

}  // namespace cds::community
