// The alert officers' desk (/can-bo/canh-bao): alerts waiting for their approval, their own
// drafts to send, the alerts in force in their area to cancel (after confirming); and the
// tile on the officers' landing page. Forms, so no JavaScript is needed.
#include <boost/json.hpp>

#include "accounts/http_auth.h"
#include "accounts/workspace.h"
#include "alerts/permissions.h"
#include "alerts/routes.h"
#include "alerts/service.h"
#include "core/error.h"
#include "http/body.h"
#include "http/response.h"
#include "web/csrf.h"
#include "web/pages.h"

namespace cds::alerts {
namespace json = boost::json;
using http::Request;

namespace {

json::object row(const web::AppContext& app, const std::string& lang, const Record& r) {
  const Alert& a = r.alert;
  return json::object{
      {"id", a.id},
      {"status", app.catalogues.text(lang, a.status == "Actual"     ? "alerts.label.actual"
                                           : a.status == "Exercise" ? "alerts.label.exercise"
                                                                    : "alerts.label.test")},
      {"actual", a.status == "Actual"},
      {"event", a.event},
      {"headline", a.texts.empty() ? "" : a.texts.front().headline},
      {"area", a.area_desc},
      {"waiting", r.state == State::awaiting_approval},
      {"returned_reason", r.returned_reason},
      {"link", "/canh-bao/" + std::to_string(a.id)}};
}

json::array rows(const web::AppContext& app, const std::string& lang,
                 const std::vector<Record>& records) {
  json::array out;
  for (const auto& r : records) out.push_back(row(app, lang, r));
  return out;
}

// Calls for help nobody has taken, for every officer who follows a commune's answers
// (commune officers included): one figure per alert and commune, linking to the list. It
// appears only when there are some, so it does not give the header's link by itself.
accounts::WorkTile calls_tile(web::AppContext& app, AlertService& service) {
  return {
      nullptr,
      [&app, &service](const accounts::Actor& actor,
                       const std::string& lang) -> std::optional<accounts::Tile> {
        auto calls = service.open_calls(actor);
        if (calls.empty()) return std::nullopt;
        accounts::Tile tile{
            app.catalogues.text(lang, "alerts.calls.tile"),
            "/can-bo/canh-bao/" + std::to_string(calls.front().alert_id) + "/tra-loi",
            {}};
        for (const auto& c : calls)
          tile.figures.push_back({c.unit_name + ": " + c.headline, c.count, true,
                                  "/can-bo/canh-bao/" + std::to_string(c.alert_id) + "/tra-loi"});
        return tile;
      }};
}

// The alert officers' desk: alerts to approve, their drafts.
accounts::WorkTile desk_tile(web::AppContext& app, AlertService& service) {
  auto applies = [&app](const accounts::Actor& actor) {
    return accounts::decide(actor, actions::issue_alerts, {}, app.accounts->unit_parent()) ==
           accounts::Decision::allow;
  };
  return {applies,
          [&app, &service, applies](const accounts::Actor& actor,
                                    const std::string& lang) -> std::optional<accounts::Tile> {
            if (!applies(actor)) return std::nullopt;
            auto desk = service.desk(actor);
            auto text = [&](const char* key) { return app.catalogues.text(lang, key); };
            return accounts::Tile{
                text("alerts.desk.title"),
                "/can-bo/canh-bao",
                {{text("alerts.desk.to_approve_count"),
                  static_cast<int64_t>(desk.to_approve.size()), true, "/can-bo/canh-bao#approve"},
                 {text("alerts.desk.drafts_count"), static_cast<int64_t>(desk.drafts.size()), false,
                  "/can-bo/canh-bao#drafts"}}};
          }};
}

// The desk: alerts waiting for this officer's approval, their drafts (with the reason one
// came back), the alerts in force in their area. `error` is a refusal to show at the top.
http::Response desk_page(web::AppContext& app, AlertService& service, const Request& req,
                         const accounts::Actor& actor, const std::string& error,
                         http::Status status) {
  auto desk = service.desk(actor);  // 403 without the alert role
  std::vector<Record> in_force;
  for (const auto& r : service.all_in_force())
    if (accounts::decide(
            actor, actions::issue_alerts,
            {r.alert.unit_codes.empty() ? app.province_code : r.alert.unit_codes.front()},
            app.accounts->unit_parent()) == accounts::Decision::allow)
      in_force.push_back(r);
  std::string lang = app.renderer.language(req);
  json::object data{{"to_approve", rows(app, lang, desk.to_approve)},
                    {"waiting", rows(app, lang, desk.waiting)},
                    {"drafts", rows(app, lang, desk.drafts)},
                    {"in_force", rows(app, lang, in_force)},
                    {"has_to_approve", !desk.to_approve.empty()},
                    {"has_waiting", !desk.waiting.empty()},
                    {"has_drafts", !desk.drafts.empty()},
                    {"has_in_force", !in_force.empty()}};
  if (!error.empty()) data["error"] = error;
  std::string done = req.query_param("xong").value_or("");
  if (done == "sent" || done == "waiting" || done == "approved" || done == "cancelled" ||
      done == "drafted" || done == "sent_back" || done == "discarded")
    data["done"] = app.catalogues.text(lang, "alerts.desk.done_" + done);
  return web::form_page(app, req, "alerts_desk", "alerts.desk.title", std::move(data), status);
}

}  // namespace

std::vector<accounts::WorkTile> work_tiles(web::AppContext& app, AlertService& service) {
  return {calls_tile(app, service), desk_tile(app, service)};
}

void add_officer_alert_pages(http::Router& router, web::AppContext& app, AlertService& service) {
  accounts::AccountService& accounts = *app.accounts;
  web::AppContext* ctx = &app;
  AlertService* svc = &service;
  add_approval_pages(router, app, service);

  router.get("/can-bo/canh-bao", [ctx, svc](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    if (actor.anonymous()) return web::sign_in_first(req);
    return desk_page(*ctx, *svc, req, actor, "", http::Status::ok);
  });

  auto step = [ctx, svc, &accounts](Request& req, auto action) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    Record r = (svc->*action)(accounts::current_actor(accounts, req), req.path_int("id"),
                              req.remote_address);
    std::string done = r.alert.msg_type == "Cancel" ? "cancelled"
                       : r.state == State::sent     ? (r.approved_by ? "approved" : "sent")
                                                    : "waiting";
    return http::redirect(req, "/can-bo/canh-bao?xong=" + done);
  };
  router.post("/can-bo/canh-bao/{id:int}/gui",
              [step](Request& req) { return step(req, &AlertService::submit); });
  router.post("/can-bo/canh-bao/{id:int}/huy",
              [step](Request& req) { return step(req, &AlertService::cancel); });
  router.post("/can-bo/canh-bao/{id:int}/bo", [ctx, svc, &accounts](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    svc->discard(accounts::current_actor(accounts, req), req.path_int("id"), req.remote_address);
    return http::redirect(req, "/can-bo/canh-bao?xong=discarded");
  });
  // Back to be redrafted, with what must change; without one the desk says so (422).
  router.post("/can-bo/canh-bao/{id:int}/tra-lai", [ctx, svc, &accounts](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    auto actor = accounts::current_actor(accounts, req);
    try {
      svc->send_back(actor, req.path_int("id"), form.get("reason"), req.remote_address);
    } catch (const Error& e) {
      if (e.kind != ErrorKind::bad_input) throw;
      return desk_page(*ctx, *svc, req, actor, web::error_message(*ctx, req, e),
                       http::Status::unprocessable_entity);
    }
    return http::redirect(req, "/can-bo/canh-bao?xong=sent_back");
  });
  // Cancelling asks first: the page says what will happen; its form posts to this address.
  // The question before cancelling: only for those who may cancel this alert now.
  router.get("/can-bo/canh-bao/{id:int}/huy", [ctx, svc, &accounts](Request& req) {
    auto actor = accounts::current_actor(accounts, req);
    if (actor.anonymous()) return web::sign_in_first(req);
    Record r = svc->updatable(actor, req.path_int("id"));
    std::string lang = ctx->renderer.language(req);
    auto text = [&](const char* key) { return ctx->catalogues.text(lang, key); };
    json::object data{{"heading", text("alerts.cancel_heading")},
                      {"subject", r.alert.event + ": " + r.alert.texts.front().headline},
                      {"consequence", text("alerts.cancel_consequence")},
                      {"confirm", text("alerts.cancel_confirm")},
                      {"back", "/can-bo/canh-bao"},
                      {"action", http::percent_encode_path(req.path)}};
    return web::form_page(*ctx, req, "confirm", "alerts.cancel_heading", std::move(data));
  });
}

}  // namespace cds::alerts
