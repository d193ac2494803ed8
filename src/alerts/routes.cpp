#include "alerts/routes.h"

#include <boost/json.hpp>

#include "accounts/http_auth.h"
#include "alerts/cap.h"
#include "alerts/feeds.h"
#include "alerts/forms.h"
#include "alerts/permissions.h"
#include "alerts/service.h"
#include "alerts/views.h"
#include "core/error.h"
#include "core/text.h"
#include "http/body.h"
#include "http/response.h"
#include "web/pages.h"

namespace cds::alerts {
namespace json = boost::json;
using http::Request;

namespace {

// Enough for a season's alerts and far under the 900 KB feed readers accept.
constexpr size_t kFeedEntries = 100;

// What anyone may read of an alert. Internal notes (why it was sent back) and who worked on it
// stay out; `internal` adds them for the officers of its area while it is a draft or waits.
json::object alert_json(const Record& r, bool internal = false) {
  const Alert& a = r.alert;
  json::array texts, units, polygon, refs;
  for (const auto& t : a.texts)
    texts.push_back(json::object{{"language", t.language},
                                 {"headline", t.headline},
                                 {"description", t.description},
                                 {"instruction", t.instruction}});
  for (const auto& u : a.unit_codes) units.push_back(json::string(u));
  for (const auto& p : a.polygon) polygon.push_back(json::array{p.lat, p.lon});
  for (const auto& ref : a.references) refs.push_back(json::string(ref));
  json::object o{{"id", a.id},
                 {"identifier", a.identifier},
                 {"sender", a.sender},
                 {"sent", a.sent},
                 {"status", a.status},
                 {"msg_type", a.msg_type},
                 {"references", refs},
                 {"event", a.event},
                 {"urgency", a.urgency},
                 {"severity", a.severity},
                 {"certainty", a.certainty},
                 {"effective", a.effective},
                 {"onset", a.onset},
                 {"expires", a.expires},
                 {"area", a.area_desc},
                 {"units", units},
                 {"polygon", polygon},
                 {"texts", texts},
                 {"state", state_name(r.state)},
                 {"cap", "/alerts/" + std::to_string(a.id) + ".cap"}};
  if (internal && !r.went_out()) {
    o["version"] = r.version;
    o["returned_reason"] = r.returned_reason;
  }
  return o;
}

// The officers' reading of an alert they may act on: it has not gone out, and only officers of
// its area reach it (AlertService::find checks).
json::object officer_json(const Record& r) { return alert_json(r, true); }

// /alerts/{id}.cap: the CAP message of an alert that went out (drafts are nobody's business);
// /alerts/feed.atom and feed.rss: the messages that went out, newest first;
// /alerts/active.geojson: those in force.
void add_alert_files(http::Router& router, web::AppContext& app, AlertService& service) {
  AlertService* svc = &service;
  router.get("/alerts/{file}", [svc, &app](Request& req) {
    const std::string& file = req.path_param("file");
    std::string site = web::site_url(app, req);
    // Feeds have no reader's language: they speak the province's.
    auto vi = [&](const char* key) { return app.catalogues.text("vi", key); };
    FeedWords words{vi("alerts.feed_title"), vi("alerts.feed.exercise"), vi("alerts.feed.test"),
                    vi("alerts.feed.cancel"), vi("alerts.feed.update")};
    auto typed = [&](std::string body, const char* type) {
      auto res = http::make_response(req, http::Status::ok, std::move(body), type);
      res.set(http::beast_http::field::cache_control, "public, max-age=60");
      return res;
    };
    if (file == "feed.atom")
      return typed(atom_feed(svc->went_out(kFeedEntries), site, words),
                   "application/atom+xml; charset=utf-8");
    if (file == "feed.rss")
      return typed(rss_feed(svc->went_out(kFeedEntries), site, words),
                   "application/rss+xml; charset=utf-8");
    if (file == "active.geojson")
      return typed(active_geojson(svc->all_in_force(), site), "application/geo+json");
    if (!file.ends_with(".cap")) throw Error(ErrorKind::not_found, "not_found", "No such alert");
    auto id = text::parse_int(file.substr(0, file.size() - 4));
    auto r = id ? svc->published(*id) : std::nullopt;
    if (!r) throw Error(ErrorKind::not_found, "alert_not_found", "No such alert");
    return typed(cap_xml(r->alert), "application/cap+xml; charset=utf-8");
  });
}

}  // namespace

void add_alert_routes(http::Router& router, web::AppContext& app, AlertService& service) {
  accounts::AccountService& accounts = *app.accounts;
  AlertService* svc = &service;
  add_alert_files(router, app, service);

  router.post("/api/v1/alerts", [svc, &accounts, &app](Request& req) {
    Record r = svc->draft(
        accounts::current_actor(accounts, req),
        draft_from_json(http::json_body(req), app.catalogues.text("vi", "alerts.drawn_area")),
        req.remote_address);
    return http::json_response(req, officer_json(r), http::Status::created);
  });
  // A draft rewritten: the body is a whole draft, as for POST /api/v1/alerts.
  router.add(http::Verb::put, "/api/v1/alerts/{id:int}", [svc, &accounts, &app](Request& req) {
    Record r = svc->revise(
        accounts::current_actor(accounts, req), req.path_int("id"),
        draft_from_json(http::json_body(req), app.catalogues.text("vi", "alerts.drawn_area")),
        req.remote_address);
    return http::json_response(req, officer_json(r));
  });
  router.post("/api/v1/alerts/{id:int}/send-back", [svc, &accounts](Request& req) {
    auto body = http::json_body(req);
    Record r = svc->send_back(accounts::current_actor(accounts, req), req.path_int("id"),
                              http::json_string(body, "reason").value_or(""), req.remote_address);
    return http::json_response(req, officer_json(r));
  });
  router.get("/api/v1/alerts/{id:int}", [svc, &accounts](Request& req) {
    return http::json_response(
        req, officer_json(svc->find(accounts::current_actor(accounts, req), req.path_int("id"))));
  });
  // Approval names the version the approver read; a stale one is refused with the current.
  router.post("/api/v1/alerts/{id:int}/approve", [svc, &accounts, &app](Request& req) {
    auto actor = accounts::current_actor(accounts, req);
    // Who may approve at all is asked before what they sent is read.
    accounts::require(actor, actions::issue_alerts, {}, accounts.unit_parent());
    auto version = http::json_int(http::json_body(req), "version");
    if (!version)
      throw Error(ErrorKind::bad_input, "version_required",
                  "Name the version of the alert you approve (\"version\" from its reading)");
    try {
      return http::json_response(
          req, alert_json(svc->approve(actor, req.path_int("id"), *version, req.remote_address)));
    } catch (const StaleVersion& e) {
      json::object error{{"code", e.code},
                         {"message", web::error_message(app, req, e)},
                         {"current_version", e.current}};
      return http::json_response(req, json::object{{"error", std::move(error)}},
                                 http::Status::conflict);
    }
  });
  router.get("/api/v1/alerts", [svc](Request& req) {
    std::string unit = req.query_param("unit").value_or("");
    json::array list;
    for (const auto& r : unit.empty() ? svc->went_out(50) : svc->in_force(unit))
      list.push_back(alert_json(r));
    return http::json_response(req, json::object{{"alerts", std::move(list)}});
  });
  using Step = Record (AlertService::*)(const accounts::Actor&, int64_t, const std::string&);
  for (const auto& route : {std::pair<const char*, Step>{"submit", &AlertService::submit},
                            {"discard", &AlertService::discard},
                            {"cancel", &AlertService::cancel}}) {
    Step step = route.second;  // a named copy: lambdas may not capture structured bindings
    router.post(std::string("/api/v1/alerts/{id:int}/") + route.first,
                [svc, &accounts, step](Request& req) {
                  Record r = (svc->*step)(accounts::current_actor(accounts, req),
                                          req.path_int("id"), req.remote_address);
                  return http::json_response(req, officer_json(r));
                });
  }

  // A resident's answer, and what officers see of the answers.
  router.post("/api/v1/alerts/{id:int}/responses", [svc, &accounts](Request& req) {
    AnswerInput input = answer_from_json(http::json_body(req));
    svc->answer(accounts::current_actor(accounts, req), req.path_int("id"), input,
                req.remote_address);
    return http::json_response(req, json::object{{"answer", input.answer}});
  });
  router.get("/api/v1/alerts/{id:int}/answers", [svc, &accounts](Request& req) {
    return http::json_response(
        req, answers_json(svc->answers(accounts::current_actor(accounts, req), req.path_int("id"),
                                       req.remote_address)));
  });
  router.post("/api/v1/alerts/{id:int}/answers/{answer:int}/handled",
              [svc, &accounts](Request& req) {
                svc->mark_handled(accounts::current_actor(accounts, req), req.path_int("id"),
                                  req.path_int("answer"), req.remote_address);
                return http::json_response(req, json::object{{"handled", true}});
              });
}

}  // namespace cds::alerts
