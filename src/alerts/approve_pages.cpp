// Approving an Actual alert in the pages (/can-bo/canh-bao/{id}/phe-duyet): the second officer
// reads it as residents will see it, with who wrote and submitted it and how many residents
// will be texted, then confirms; the form carries the version read, so an alert rewritten in
// the meantime is shown again instead of sent.
#include <boost/json.hpp>

#include "accounts/http_auth.h"
#include "alerts/routes.h"
#include "alerts/service.h"
#include "alerts/views.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "http/body.h"
#include "http/response.h"
#include "web/csrf.h"
#include "web/pages.h"

namespace cds::alerts {
namespace json = boost::json;
using http::Request;

namespace {

http::Response review_page(web::AppContext& app, AlertService& service, const Request& req,
                           const std::string& error, http::Status status) {
  auto actor = accounts::current_actor(*app.accounts, req);
  AlertService::Review review = service.review(actor, req.path_int("id"));
  const Record& r = review.record;
  std::string lang = app.renderer.language(req);
  // As residents will read it once it is out: in force, sent now.
  Record shown = r;
  shown.state = State::sent;
  shown.alert.sent = timeutil::w3c_vietnam(timeutil::Clock::now());
  shown.sms_state.clear();
  auto effective = timeutil::parse_w3c(r.alert.effective);
  json::object preview = alert_view(app, lang, shown);
  add_area_map(app, preview, shown);
  json::object data{
      {"id", r.alert.id},
      {"version", r.version},
      {"preview", std::move(preview)},
      {"effective", effective ? web::display_time(timeutil::iso_utc(*effective)) : std::string()},
      {"drafted_by", review.drafted_by},
      {"submitted_by", review.submitted_by},
      {"texted", review.texts > 0},
      {"texts", review.texts}};
  if (!error.empty()) data["error"] = error;
  return web::form_page(app, req, "alert_approve", "alerts.approve.heading", std::move(data),
                        status);
}

}  // namespace

void add_approval_pages(http::Router& router, web::AppContext& app, AlertService& service) {
  web::AppContext* ctx = &app;
  AlertService* svc = &service;
  router.get("/can-bo/canh-bao/{id:int}/phe-duyet", [ctx, svc](Request& req) {
    if (accounts::current_actor(*ctx->accounts, req).anonymous()) return web::sign_in_first(req);
    return review_page(*ctx, *svc, req, "", http::Status::ok);
  });
  router.post("/can-bo/canh-bao/{id:int}/phe-duyet", [ctx, svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    auto actor = accounts::current_actor(*ctx->accounts, req);
    auto version = text::parse_int(form.get("version"));
    try {
      // Without a version nothing was read: the page shows the alert to read first.
      if (!version) throw StaleVersion(0);
      svc->approve(actor, req.path_int("id"), *version, req.remote_address);
    } catch (const StaleVersion& e) {
      return review_page(*ctx, *svc, req, web::error_message(*ctx, req, e), http::Status::conflict);
    }
    return http::redirect(req, "/can-bo/canh-bao?xong=approved");
  });
}

}  // namespace cds::alerts
