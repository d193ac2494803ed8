// The citizens' side of alerts: the banner every page shows, the list of warnings in force and
// one warning's page. Server-rendered: they work with no JavaScript.
#include "web/pages.h"

#include <algorithm>
#include <boost/json.hpp>
#include <map>

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

// One item per warning, its newest state first: a Cancel message is part of the warning it
// cancels (marked cancelled, with when), and a warning an Update replaced gives its place to
// the Update. Messages come newest first.
json::array warnings_list(const web::AppContext& app, const std::string& lang,
                          const std::vector<Record>& messages) {
  std::map<int64_t, const Record*> cancels;  // cancelled alert → its Cancel message
  for (const auto& r : messages)
    if (r.alert.msg_type == "Cancel" && r.references_alert) cancels[r.references_alert] = &r;
  struct Item {
    std::string latest;  // when it last changed (CAP time, comparable within +07:00)
    json::object view;
  };
  std::vector<Item> items;
  for (const auto& r : messages) {
    if (r.alert.msg_type == "Cancel" || r.state == State::updated) continue;
    Item item{r.alert.sent, alert_view(app, lang, r)};
    if (auto it = cancels.find(r.alert.id); it != cancels.end()) {
      item.latest = it->second->alert.sent;
      auto at = timeutil::parse_w3c(it->second->alert.sent);
      item.view["cancelled_at"] = at ? web::display_time(timeutil::iso_utc(*at)) : "";
    }
    if (r.alert.msg_type == "Update") item.view["is_update"] = true;
    items.push_back(std::move(item));
  }
  std::stable_sort(items.begin(), items.end(),
                   [](const Item& a, const Item& b) { return a.latest > b.latest; });
  json::array out;
  for (auto& i : items) {
    if (out.size() == 30) break;
    out.push_back(std::move(i.view));
  }
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
          json::array list = warnings_list(*ctx, lang, svc->went_out(60));
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
          add_area_map(*ctx, data, *r);
          data["page_title"] = r->alert.event;
          return http::html_response(
              req, ctx->renderer.page(req, "alert_detail", "alerts.title", std::move(data)));
        });
      },
      http::RouteOptions::cached());
}

}  // namespace cds::alerts
