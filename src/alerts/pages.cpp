// The citizens' side of alerts: the banner every page shows, the list of warnings in force and
// one warning's page. Server-rendered: they work with no JavaScript.
#include "web/pages.h"

#include <boost/json.hpp>

#include "alerts/routes.h"
#include "alerts/service.h"
#include "core/error.h"
#include "core/time.h"
#include "http/response.h"
#include "web/cached.h"

namespace cds::alerts {
namespace json = boost::json;
using http::Request;

namespace {

// The text in the reader's language when the alert has it, Vietnamese otherwise.
const Text& text_for(const Alert& a, const std::string& lang) {
  for (const auto& t : a.texts)
    if (t.language.starts_with(lang)) return t;
  return a.texts.front();
}

std::string label_for(const web::AppContext& app, const std::string& lang, const Alert& a) {
  return app.catalogues.text(lang, a.status == "Actual"     ? "alerts.label.actual"
                                   : a.status == "Exercise" ? "alerts.label.exercise"
                                                            : "alerts.label.test");
}

json::object alert_view(const web::AppContext& app, const std::string& lang, const Record& r) {
  const Alert& a = r.alert;
  const Text& t = text_for(a, lang);
  auto shown = [](const std::string& cap) {
    auto at = timeutil::parse_w3c(cap);
    return at ? web::display_time(timeutil::iso_utc(*at)) : std::string();
  };
  return json::object{{"id", a.id},
                      {"label", label_for(app, lang, a)},
                      {"exercise", a.status != "Actual"},
                      {"event", a.event},
                      {"headline", t.headline},
                      {"description", t.description},
                      {"instruction", t.instruction},
                      {"area", a.area_desc},
                      {"severity", app.catalogues.text(lang, "alerts.severity." + a.severity)},
                      {"sent", shown(a.sent)},
                      {"expires", shown(a.expires)},
                      {"state", app.catalogues.text(lang, "alerts.state." + r.state)},
                      {"in_force", r.state == "sent" && a.msg_type != "Cancel"},
                      {"link", "/canh-bao/" + std::to_string(a.id)},
                      {"cap", "/alerts/" + std::to_string(a.id) + ".cap"}};
}

}  // namespace

web::Renderer::Banner alert_banner(web::AppContext& app, AlertService& service) {
  return [&app, &service](const Request& req) {
    std::string lang = app.renderer.language(req);
    json::array items;
    for (const auto& r : *service.in_force_now()) items.push_back(alert_view(app, lang, r));
    return items;
  };
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
          return http::html_response(
              req, ctx->renderer.page(req, "alerts_list", "alerts.title", std::move(data)));
        });
      },
      http::RouteOptions::cached());
  router.get(
      "/canh-bao/{id:int}",
      [ctx, svc](Request& req) {
        return web::cached(*ctx, req, [&](std::vector<std::string>& scopes) {
          scopes.emplace_back(kScope);
          auto r = svc->published(req.path_int("id"));
          if (!r) throw Error(ErrorKind::not_found, "alert_not_found", "No such alert");
          std::string lang = ctx->renderer.language(req);
          json::object data = alert_view(*ctx, lang, *r);
          data["page_title"] = r->alert.event;
          return http::html_response(
              req, ctx->renderer.page(req, "alert_detail", "alerts.title", std::move(data)));
        });
      },
      http::RouteOptions::cached());
}

}  // namespace cds::alerts
