#include "app/platform.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>

#include "accounts/http_auth.h"
#include "accounts/service.h"
#include "jobs/scheduler.h"

namespace cds::app {
namespace json = boost::json;

namespace {

// The links of a place for each reader: one list from every module, by order, each shown to
// whom its module says.
std::function<json::array(std::string_view, const http::Request&)> links_for(
    web::AppContext& app, std::vector<NavLink> links) {
  std::stable_sort(links.begin(), links.end(),
                   [](const NavLink& a, const NavLink& b) { return a.order < b.order; });
  return [&app, links = std::move(links)](std::string_view place, const http::Request& req) {
    accounts::Actor actor = accounts::current_actor(*app.accounts, req);  // none if anonymous
    Reader reader{actor, app.workspace && actor.signed_in() && app.workspace->has_work(actor)};
    std::string lang = app.renderer.language(req);
    json::array out;
    for (const auto& link : links) {
      if (link.place != place || (link.shown && !link.shown(reader))) continue;
      out.push_back(json::object{{"label", app.catalogues.text(lang, link.label_key)},
                                 {"path", link.path},
                                 {"back", link.back}});
    }
    return out;
  };
}

}  // namespace

void assemble(Modules& modules, web::AppContext& app, web::Renderer& renderer,
              accounts::Workspace& workspace) {
  app.workspace = &workspace;
  std::vector<NavLink> links;
  bool banner_set = false;
  for (auto& m : modules) {
    for (auto& section : m->admin_sections())
      app.accounts->admin.add_admin_section(std::move(section));
    for (auto& tile : m->tiles(app)) workspace.add(std::move(tile));
    for (auto& section : m->home_sections(app)) app.home_sections.push_back(std::move(section));
    for (auto& offer : m->offers()) app.offers.push_back(std::move(offer));
    for (auto& prefix : m->api_prefixes()) app.api_prefixes.push_back(std::move(prefix));
    for (auto& link : m->links()) links.push_back(std::move(link));
    if (auto banner = m->banner(app)) {
      if (banner_set) throw std::logic_error("two modules want the banner: " + m->name());
      renderer.set_banner(banner->template_name, std::move(banner->data), banner->scope,
                          std::move(banner->variant));
      banner_set = true;
    }
  }
  std::stable_sort(app.offers.begin(), app.offers.end(),
                   [](const web::Offer& a, const web::Offer& b) { return a.order < b.order; });
  app.links = links_for(app, std::move(links));
  renderer.set_navigation([&app](const http::Request& req) {
    return json::object{{"nav_links", app.links("header", req)}};
  });
}

void declare_permissions(Modules& modules) {
  for (auto& m : modules) accounts::declare(m->permissions());
}

std::vector<db::EmbeddedMigration> migrations(Modules& modules) {
  std::vector<db::EmbeddedMigration> all;
  for (auto& m : modules)
    for (const auto& migration : m->migrations()) all.push_back(migration);
  return all;
}

std::vector<web::OpenApiPart> openapi_parts(Modules& modules) {
  std::vector<web::OpenApiPart> parts;
  for (auto& m : modules)
    if (auto part = m->openapi(); !part.empty()) parts.push_back({m->name(), part});
  return parts;
}

std::vector<std::filesystem::path> module_folders(Modules& modules,
                                                  const std::filesystem::path& root,
                                                  std::string_view kind) {
  auto folders = web::module_folders(root, kind);
  for (auto& m : modules)
    if (auto own = m->folder(); !own.empty() && std::filesystem::is_directory(own / kind))
      folders.push_back(own / kind);
  return folders;
}

void add_routes(Modules& modules, http::Router& router, web::AppContext& app) {
  for (auto& m : modules) m->routes(router, app);
}

std::set<std::string> reach_kinds(Modules& modules) {
  std::set<std::string> kinds;
  for (auto& m : modules)
    for (auto& kind : m->reach_kinds()) kinds.insert(std::move(kind));
  return kinds;
}

void schedule_jobs(Modules& modules, jobs::Scheduler& scheduler) {
  for (auto& m : modules)
    for (auto& job : m->jobs()) scheduler.every(job.name, job.period, std::move(job.run));
}

}  // namespace cds::app
