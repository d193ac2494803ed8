// Drafting an alert in the pages (/can-bo/canh-bao/moi, and /can-bo/canh-bao/{id}/sua to
// rewrite a draft): the CAP fields with their words in the reader's language, the communes the
// officer may warn as checkboxes (this works with no JavaScript), and with JavaScript a map to
// draw the area on. "Save" keeps a draft; "Send" sends it too (an Actual alert then waits for
// a second officer).
#include <boost/json.hpp>

#include "accounts/http_auth.h"
#include "alerts/forms.h"
#include "alerts/permissions.h"
#include "alerts/routes.h"
#include "alerts/service.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "http/body.h"
#include "http/response.h"
#include "units/picker.h"
#include "units/service.h"
#include "web/csrf.h"
#include "web/pages.h"

namespace cds::alerts {
namespace json = boost::json;
using http::Request;

namespace {

// A choice list from a CAP vocabulary, its words from the catalogue ("alerts.<group>.<Value>").
template <size_t N>
json::array choices(const web::AppContext& app, const std::string& lang, const char* group,
                    const char* const (&values)[N], const std::string& chosen) {
  json::array out;
  for (const char* v : values)
    out.push_back(
        json::object{{"value", v},
                     {"label", app.catalogues.text(lang, std::string("alerts.") + group + "." + v)},
                     {"selected", chosen == v}});
  return out;
}

// The datetime-local value for a time some hours from now, in Vietnam time.
std::string local_in(std::chrono::hours hours) {
  return timeutil::w3c_vietnam(timeutil::Clock::now() + hours).substr(0, 16);
}

// The drafting form; for `revising`, a draft being rewritten (with the reason it came back).
http::Response draft_form(web::AppContext& app, const Request& req, const accounts::Actor& actor,
                          const http::Form& given, const std::string& error,
                          http::Status status = http::Status::ok,
                          const Record* revising = nullptr) {
  std::string lang = app.renderer.language(req);
  auto value = [&](const char* name, const std::string& fallback) {
    std::string v = given.get(name);
    return v.empty() ? fallback : v;
  };
  auto may_warn = [&](const units::Unit& u) {
    return accounts::decide(actor, actions::issue_alerts, {u.code}, app.accounts->unit_parent()) ==
           accounts::Decision::allow;
  };
  json::object data{
      // What has consequences starts unchosen: an officer who changes nothing sends nothing.
      {"statuses", choices(app, lang, "status", kStatuses, given.get("status"))},
      {"categories", choices(app, lang, "category", kCategories, value("category", "Geo"))},
      {"responses", choices(app, lang, "response", kResponseTypes, given.get("response_type"))},
      {"urgencies", choices(app, lang, "urgency", kUrgencies, given.get("urgency"))},
      {"severities", choices(app, lang, "severity", kSeverities, given.get("severity"))},
      {"certainties", choices(app, lang, "certainty", kCertainties, given.get("certainty"))},
      {"event", given.get("event")},
      {"headline", given.get("headline")},
      {"description", given.get("description")},
      {"instruction", given.get("instruction")},
      {"headline_en", given.get("headline_en")},
      {"instruction_en", given.get("instruction_en")},
      {"effective", given.get("effective")},
      {"onset", given.get("onset")},
      {"expires", value("expires", local_in(std::chrono::hours(12)))},
      {"polygon", given.get("polygon")},
      {"updates", given.get("updates")},
      {"unit_choices",
       units::unit_choices_json(app.units, app.province_code, "units", given.all("units"), may_warn,
                                app.catalogues.text(lang, "alerts.form.whole_province"))}};
  if (!error.empty()) data["error"] = error;
  data["action"] = "/can-bo/canh-bao/moi";
  if (revising) {
    data["action"] = "/can-bo/canh-bao/" + std::to_string(revising->alert.id) + "/sua";
    data["revising"] = true;
    data["returned_reason"] = revising->returned_reason;
  }
  return web::form_page(app, req, "alert_form",
                        revising ? "alerts.form.revise_title" : "alerts.form.title",
                        std::move(data), status);
}

// The drafting form filled from an alert: an alert in force, to send an Update of it
// (`updates` its id), or a draft to rewrite (`updates` what the draft itself updates).
http::Form form_of(const Record& r, int64_t updates) {
  const Alert& a = r.alert;
  http::Form f;
  auto add = [&](const char* name, const std::string& value) {
    if (!value.empty()) f.fields.emplace_back(name, value);
  };
  if (updates) add("updates", std::to_string(updates));
  add("status", a.status);
  add("event", a.event);
  if (!a.categories.empty()) add("category", a.categories.front());
  if (!a.response_types.empty()) add("response_type", a.response_types.front());
  add("urgency", a.urgency);
  add("severity", a.severity);
  add("certainty", a.certainty);
  for (const auto& t : a.texts) {
    bool vi = t.language.starts_with("vi");
    add(vi ? "headline" : "headline_en", t.headline);
    add(vi ? "instruction" : "instruction_en", t.instruction);
    if (vi) add("description", t.description);
  }
  add("expires", a.expires.substr(0, 16));    // CAP +07:00 time: the form's local time
  if (!updates || r.state == State::draft) {  // an Update starts from its own sending time
    add("onset", a.onset.substr(0, 16));
    // A time still to come was chosen; one past was the drafting time, and "now" is better.
    auto effective = timeutil::parse_w3c(a.effective);
    if (r.state == State::draft && effective && *effective > timeutil::Clock::now())
      add("effective", a.effective.substr(0, 16));
  }
  for (const auto& u : a.unit_codes) add("units", u);
  std::string polygon;
  for (const auto& p : a.polygon)
    polygon += (polygon.empty() ? "" : " ") + std::to_string(p.lat) + "," + std::to_string(p.lon);
  add("polygon", polygon);
  return f;
}

}  // namespace

void add_draft_pages(http::Router& router, web::AppContext& app, AlertService& service) {
  web::AppContext* ctx = &app;
  AlertService* svc = &service;
  router.get("/can-bo/canh-bao/moi", [ctx, svc](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    if (actor.anonymous()) return web::sign_in_first(req);
    accounts::require(actor, actions::issue_alerts, {}, ctx->accounts->unit_parent());
    // ?cap-nhat=ID: an Update of that alert, its fields to change.
    if (auto id = text::parse_int(req.query_param("cap-nhat").value_or(""))) {
      Record r = svc->updatable(actor, *id);
      return draft_form(*ctx, req, actor, form_of(r, r.alert.id), "");
    }
    return draft_form(*ctx, req, actor, {}, "");
  });
  // A new draft (revising: null) or a draft rewritten; then saved, or sent.
  auto save = [ctx, svc](Request& req, const Record* revising) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    auto actor = accounts::current_actor(*ctx->accounts, req);
    if (actor.anonymous()) return web::sign_in_first(req);
    // Who may write alerts at all is asked before what they wrote is read.
    accounts::require(actor, actions::issue_alerts, {}, ctx->accounts->unit_parent());
    try {
      Draft d = draft_from_form(form, ctx->catalogues.text("vi", "alerts.drawn_area"));
      Record r = revising ? svc->revise(actor, revising->alert.id, d, req.remote_address)
                          : svc->draft(actor, d, req.remote_address);
      if (form.get("then") != "send") return http::redirect(req, "/can-bo/canh-bao?xong=drafted");
      r = svc->submit(actor, r.alert.id, req.remote_address);
      return http::redirect(req, std::string("/can-bo/canh-bao?xong=") +
                                     (r.state == State::sent ? "sent" : "waiting"));
    } catch (const Error& e) {
      if (e.kind != ErrorKind::bad_input) throw;
      // What was typed comes back with the reason; nothing was kept.
      return draft_form(*ctx, req, actor, form, web::error_message(*ctx, req, e),
                        http::Status::unprocessable_entity, revising);
    }
  };
  router.post("/can-bo/canh-bao/moi", [save](Request& req) { return save(req, nullptr); });
  // Rewriting a draft (one sent back with a reason, or one saved for later).
  router.get("/can-bo/canh-bao/{id:int}/sua", [ctx, svc](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    if (actor.anonymous()) return web::sign_in_first(req);
    Record r = svc->revisable(actor, req.path_int("id"));
    return draft_form(*ctx, req, actor, form_of(r, r.references_alert), "", http::Status::ok, &r);
  });
  router.post("/can-bo/canh-bao/{id:int}/sua", [ctx, svc, save](Request& req) {
    Record r = svc->find(accounts::current_actor(*ctx->accounts, req), req.path_int("id"));
    return save(req, &r);
  });
}

}  // namespace cds::alerts
