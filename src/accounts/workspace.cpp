// The officers' landing page: the tiles modules add (Workspace::add).
#include "accounts/workspace.h"

#include <boost/json.hpp>

#include "accounts/http_auth.h"
#include "accounts/routes.h"
#include "accounts/service.h"
#include "core/error.h"
#include "http/response.h"
#include "web/pages.h"

namespace cds::accounts {
namespace json = boost::json;
using http::Request;

namespace {

json::array tiles_json(const std::vector<Tile>& tiles) {
  json::array out;
  for (const auto& t : tiles) {
    json::array figures;
    for (const auto& f : t.figures)
      figures.push_back(json::object{{"label", f.label},
                                     {"value", f.value},
                                     {"alert", f.alert && f.value > 0},
                                     {"link", f.link}});
    out.push_back(json::object{{"title", t.title}, {"link", t.link}, {"figures", figures}});
  }
  return out;
}

// The tiles of a signed-in officer; citizens have no workspace.
std::vector<Tile> workspace_of(web::AppContext& app, const Actor& actor, const std::string& lang) {
  if (!actor.signed_in())
    throw Error(ErrorKind::unauthenticated, "sign_in_required", "Sign in first");
  std::vector<Tile> tiles = app.workspace ? app.workspace->tiles(actor, lang) : std::vector<Tile>{};
  if (tiles.empty() && !may_open_administration(actor, app.accounts->unit_parent()))
    throw Error(ErrorKind::forbidden, "forbidden", "Not allowed");
  return tiles;
}

}  // namespace

void add_workspace_routes(http::Router& router, web::AppContext& app) {
  web::AppContext* ctx = &app;
  router.get("/api/v1/me/workspace", [ctx](Request& req) {
    Actor actor = current_actor(*ctx->accounts, req);
    auto tiles = workspace_of(*ctx, actor, ctx->renderer.language(req));
    return http::json_response(req, json::object{{"tiles", tiles_json(tiles)}});
  });
  router.get("/can-bo", [ctx](Request& req) {
    Actor actor = current_actor(*ctx->accounts, req);
    if (!actor.signed_in()) return web::sign_in_first(req);
    auto tiles = workspace_of(*ctx, actor, ctx->renderer.language(req));
    json::object data{
        {"tiles", tiles_json(tiles)},
        {"has_tiles", !tiles.empty()},
        {"may_administer", may_open_administration(actor, ctx->accounts->unit_parent())}};
    return web::form_page(*ctx, req, "workspace", "workspace.title", std::move(data));
  });
}

}  // namespace cds::accounts
