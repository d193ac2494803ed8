// Residents' answers on the pages: the answer form on an alert's page ("I am safe", "I need
// help", a note, a position), and the officers' page of an alert's answers per commune with
// the calls for help to mark handled. Forms, so no JavaScript is needed.
#include <boost/json.hpp>

#include "accounts/http_auth.h"
#include "alerts/forms.h"
#include "alerts/permissions.h"
#include "alerts/routes.h"
#include "alerts/service.h"
#include "alerts/views.h"
#include "core/error.h"
#include "core/text.h"
#include "http/body.h"
#include "http/response.h"
#include "web/csrf.h"
#include "web/pages.h"

namespace cds::alerts {
namespace json = boost::json;
using http::Request;

namespace {

bool follows_answers(web::AppContext& app, AlertService& service, const accounts::Actor& actor,
                     const Record& r) {
  for (const auto& code : service.area_communes(r.alert))
    if (accounts::decide(actor, actions::follow_alert_answers, {code},
                         app.accounts->unit_parent()) == accounts::Decision::allow)
      return true;
  return false;
}

// The API's representation, with what the page adds: times and a map link for people.
json::object answers_view(const Answers& a) {
  json::object out = answers_json(a);
  auto& calls = out["calls"].as_array();
  int64_t open = 0;
  for (size_t i = 0; i < a.calls.size(); ++i) {
    const CallForHelp& c = a.calls[i];
    json::object& call = calls[i].as_object();
    call["answered"] = web::display_time(c.answered_at);
    if (!c.handled_at.empty()) call["handled_at"] = web::display_time(c.handled_at);
    open += c.handled_at.empty();
    if (!c.lat) continue;
    char text[64];
    std::snprintf(text, sizeof text, "%.5f,%.5f", *c.lat, *c.lon);
    call["position_text"] = text;
    call["map"] = "https://www.openstreetmap.org/?mlat=" + std::to_string(*c.lat) +
                  "&mlon=" + std::to_string(*c.lon) + "#map=17/" + std::to_string(*c.lat) + "/" +
                  std::to_string(*c.lon);
  }
  out["has_calls"] = !a.calls.empty();
  out["open_calls"] = open;
  return out;
}

}  // namespace

http::Response alert_page_for(web::AppContext& app, AlertService& service, const Request& req) {
  auto actor = accounts::current_actor(*app.accounts, req);
  auto r = service.published(req.path_int("id"));
  if (!r) throw Error(ErrorKind::not_found, "alert_not_found", "No such alert");
  std::string lang = app.renderer.language(req);
  json::object data = alert_view(app, lang, *r);
  data["page_title"] = r->alert.event;
  bool in_force = r->in_force();
  if (in_force && service.in_area(actor, *r)) {
    auto mine = service.my_answer(actor, r->alert.id);
    data["can_answer"] = true;
    data["answered_safe"] = mine.answer == "safe";
    // The truth about a call for help: sent to the commune's officers, then taken (and when).
    data["answered_help"] = mine.answer == "need_help" && mine.handled_at.empty();
    if (mine.answer == "need_help" && !mine.handled_at.empty())
      data["help_taken_at"] = web::display_time(mine.handled_at);
  }
  if (req.query_param("da-tra-loi")) data["answer_saved"] = true;
  if (follows_answers(app, service, actor, *r)) {
    // The officers' figures: for those who follow the answers, never on a resident's page.
    data["answers_link"] = true;
    add_officer_figures(data, *r);
  }
  return web::form_page(app, req, "alert_detail", "alerts.title", std::move(data));
}

void add_answer_pages(http::Router& router, web::AppContext& app, AlertService& service) {
  web::AppContext* ctx = &app;
  AlertService* svc = &service;
  router.post("/canh-bao/{id:int}/tra-loi", [ctx, svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    auto actor = accounts::current_actor(*ctx->accounts, req);
    if (actor.anonymous()) return web::sign_in_first(req);
    AnswerInput input = answer_from_form(form);
    svc->answer(actor, req.path_int("id"), input, req.remote_address);
    return http::redirect(
        req, "/canh-bao/" + std::to_string(req.path_int("id")) + "?da-tra-loi=1#tra-loi");
  });

  router.get("/can-bo/canh-bao/{id:int}/tra-loi", [ctx, svc](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    if (actor.anonymous()) return web::sign_in_first(req);
    int64_t id = req.path_int("id");
    Answers answers = svc->answers(actor, id, req.remote_address);  // 403 / 404 first
    auto r = svc->published(id);
    std::string lang = ctx->renderer.language(req);
    json::object data = answers_view(answers);
    json::object view = alert_view(*ctx, lang, *r);
    add_officer_figures(view, *r);
    data["alert"] = std::move(view);
    data["page_title"] = ctx->catalogues.text(lang, "alerts.answers.title");
    if (req.query_param("xong")) data["done"] = true;
    return web::form_page(*ctx, req, "alert_answers", "alerts.answers.title", std::move(data));
  });

  router.post("/can-bo/canh-bao/{id:int}/tra-loi/{answer:int}/da-xu-ly", [ctx, svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    int64_t id = req.path_int("id");
    svc->mark_handled(accounts::current_actor(*ctx->accounts, req), id, req.path_int("answer"),
                      req.remote_address);
    return http::redirect(req, "/can-bo/canh-bao/" + std::to_string(id) + "/tra-loi?xong=1");
  });
}

}  // namespace cds::alerts
