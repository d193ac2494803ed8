// The citizens' side of alerts: the banner every page shows, the list of warnings in force and
// one warning's page. Server-rendered: they work with no JavaScript.
#include "web/pages.h"

#include <boost/json.hpp>

#include "accounts/http_auth.h"
#include "alerts/routes.h"
#include "alerts/service.h"
#include "alerts/views.h"
#include "core/error.h"
#include "core/time.h"
#include "http/private_responses.h"
#include "http/response.h"
#include "units/service.h"
#include "web/cached.h"

namespace cds::alerts {
namespace json = boost::json;
using http::Request;

namespace {

std::string chosen_unit(const web::AppContext& app, const Request& req) {
  return accounts::chosen_commune(app.units, app.province_code, req);
}

json::array commune_choices(const web::AppContext& app, const std::string& chosen) {
  json::array out;
  for (const auto& u : app.units.children(units::kGeneration2025, app.province_code))
    out.push_back(json::object{{"code", u.code}, {"name", u.name}, {"selected", u.code == chosen}});
  return out;
}

}  // namespace

web::Renderer::Banner alert_banner(web::AppContext& app, AlertService& service) {
  return [&app, &service](const Request& req) {
    std::string lang = app.renderer.language(req);
    std::string unit = accounts::reader_commune(*app.accounts, app.units, app.province_code, req);
    auto now = service.in_force_now();
    json::array items;
    for (const auto& r : now->alerts)
      if (service.concerns(r.alert, unit)) items.push_back(alert_view(app, lang, r));
    json::object out{
        {"has_banner", !items.empty()}, {"banner_unit", unit}, {"banner_after", now->last_event}};
    out["banner"] = std::move(items);
    return out;
  };
}

web::Renderer::BannerVariant alert_banner_variant(web::AppContext& app) {
  return [&app](const Request& req) { return chosen_unit(app, req); };
}

void add_alert_pages(http::Router& router, web::AppContext& app, AlertService& service) {
  web::AppContext* ctx = &app;
  AlertService* svc = &service;
  router.get(
      "/canh-bao",
      [ctx, svc](Request& req) {
        return web::cached(*ctx, req, [&](std::vector<std::string>& scopes) {
          scopes.emplace_back(kScope);
          std::string lang = ctx->renderer.language(req);
          json::array list;
          for (const auto& r : svc->went_out(30)) list.push_back(alert_view(*ctx, lang, r));
          json::object data{{"alerts", std::move(list)}};
          data["has_alerts"] = !data["alerts"].as_array().empty();
          data["communes"] = commune_choices(*ctx, chosen_unit(*ctx, req));
          return http::html_response(
              req, ctx->renderer.page(req, "alerts_list", "alerts.title", std::move(data)));
        });
      },
      http::RouteOptions::cached());
  // An anonymous reader picks the commune whose warnings every page's banner shows.
  router.get(
      "/canh-bao/chon-xa",
      [ctx](Request& req) {
        std::string code = req.query_param("xa").value_or("");
        auto unit = ctx->units.find(units::kGeneration2025, code);
        if (!code.empty() && (!unit || unit->parent_code != ctx->province_code))
          throw Error(ErrorKind::bad_input, "bad_unit", "Choose a commune of the province");
        http::Response res = http::redirect(req, "/canh-bao");
        http::CookieOptions cookie;
        cookie.max_age_seconds = code.empty() ? 0L : 365L * 24 * 3600;
        cookie.secure = ctx->secure_cookies;
        res.set(http::beast_http::field::set_cookie,
                http::set_cookie_value(accounts::kChosenCommuneCookie, code, cookie));
        return res;
      },
      http::RouteOptions::in_memory());
  router.get(
      "/canh-bao/{id:int}",
      [ctx, svc](Request& req) {
        // A signed-in reader of the area gets the answer form: that page is theirs alone.
        if (http::identified(req)) {
          web::needs_worker(req);
          return alert_page_for(*ctx, *svc, req);
        }
        return web::cached(*ctx, req, [&](std::vector<std::string>& scopes) {
          scopes.emplace_back(kScope);
          auto r = svc->published(req.path_int("id"));
          if (!r) throw Error(ErrorKind::not_found, "alert_not_found", "No such alert");
          json::object data = alert_view(*ctx, ctx->renderer.language(req), *r);
          data["page_title"] = r->alert.event;
          return http::html_response(
              req, ctx->renderer.page(req, "alert_detail", "alerts.title", std::move(data)));
        });
      },
      http::RouteOptions::cached());
}

}  // namespace cds::alerts
