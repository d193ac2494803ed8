#include <boost/json.hpp>

#include "accounts/http_auth.h"
#include "core/error.h"
#include "core/text.h"
#include "feedback/forms.h"
#include "feedback/presenters.h"
#include "feedback/routes.h"
#include "feedback/service.h"
#include "feedback/workflow.h"
#include "http/body.h"
#include "http/response.h"
#include "units/service.h"
#include "web/cached.h"

namespace cds::feedback {
namespace json = boost::json;
using http::Request;
using http::Status;

// Filing and the public record.
void add_report_read_routes(http::Router& router, web::AppContext& app, Services& service) {
  accounts::AccountService& accounts = *app.accounts;
  web::AppContext* ctx = &app;
  Services* svc = &service;

  router.get("/api/v1/feedback/categories", [svc](Request& req) {
    json::array list;
    for (const auto& k : svc->settings.categories())
      if (k.active) list.push_back(category_json(k));
    return http::json_response(req, json::object{{"categories", std::move(list)}});
  });

  router.post("/api/v1/reports", [svc, ctx, &accounts](Request& req) {
    auto actor = accounts::current_actor(accounts, req);
    auto body = http::json_body(req);
    NewReport n = forms::report_from_json(body);
    Report r = svc->filing.file(actor, n, req.remote_address);
    return http::json_response(
        req, public_report_json(r, *ctx, *svc, *svc->settings.agency_names()), Status::created);
  });

  router.get(
      "/api/v1/reports",
      [svc, ctx](Request& req) {
        ReportFilter f;
        f.unit_code = req.query_param("unit").value_or("");
        f.category_code = req.query_param("category").value_or("");
        f.status = req.query_param("status").value_or("");
        if (!f.status.empty() && !valid_status(f.status))
          throw Error(ErrorKind::bad_input, "bad_status", "Unknown status");
        f.query_folded = text::fold(req.query_param("q").value_or(""));
        size_t page = http::count_param(req, "page", 1, 100000),
               size = http::count_param(req, "page_size", 50, 500);
        f.limit = size;
        f.offset = (page - 1) * size;
        f.after = req.query_param("after").value_or("");
        if (!f.after.empty()) f.offset = 0;
        return web::cached(*ctx, req, [&](std::vector<std::string>& scopes) {
          auto result = svc->reports.list(f);
          auto agencies_held = svc->settings.agency_names();
          const auto& agencies = *agencies_held;
          json::array list;
          for (const auto& r : result.reports)
            list.push_back(public_report_json(r, *ctx, *svc, agencies));
          add_list_scopes(f.unit_code, result.reports, scopes);
          json::object doc{{"total", result.total},
                           {"page", page},
                           {"page_size", size},
                           {"reports", std::move(list)}};
          // The next page by keyset (?after=…): as fast for page 500 as for page 1.
          doc["next_after"] = result.reports.size() == size
                                  ? json::value(result.reports.back().public_id)
                                  : json::value(nullptr);
          return http::json_response(req, doc);
        });
      },
      http::RouteOptions::cached());

  router.get("/api/v1/reports/nearby", [svc, ctx](Request& req) {
    auto lat_given = text::parse_decimal(req.query_param("lat").value_or(""));
    auto lon_given = text::parse_decimal(req.query_param("lon").value_or(""));
    if (!lat_given || !lon_given)
      throw Error(ErrorKind::bad_input, "bad_location", "lat and lon are needed");
    double lat = *lat_given, lon = *lon_given;
    auto agencies_held = svc->settings.agency_names();
    const auto& agencies = *agencies_held;
    json::array list;
    for (const auto& r :
         svc->reports.nearby_open(req.query_param("category").value_or(""), lat, lon, 250))
      list.push_back(public_report_json(r, *ctx, *svc, agencies));
    return http::json_response(req, json::object{{"reports", std::move(list)}});
  });

  router.get(
      "/api/v1/reports/{id}",
      [svc, ctx, &accounts](Request& req) {
        return web::cached(*ctx, req, [&](std::vector<std::string>& scopes) {
          // The report and its public timeline in one query; a handler's view adds the
          // internal notes (a second query, for officers only).
          auto found = svc->reports.find_with_timeline(req.path_param("id"));
          if (!found) throw Error(ErrorKind::not_found, "report_not_found", "No such report");
          const Report* r = &found->report;
          auto actor = accounts::current_actor(accounts, req);
          bool handler = svc->reports.may_handle(actor, *r);
          json::object o = public_report_json(*r, *ctx, *svc, *svc->settings.agency_names());
          o["timeline"] =
              timeline_json(handler ? svc->reports.timeline(*r, true) : found->public_timeline);
          o["mine"] = actor.signed_in() && actor.account_id == r->reporter_account;
          o["may_handle"] = handler;
          add_scopes(*r, scopes);
          return http::json_response(req, o);
        });
      },
      http::RouteOptions::cached());
}

// Acting on a report: officers, the reporter, me-too and following.
void add_report_action_routes(http::Router& router, web::AppContext& app, Services& service) {
  accounts::AccountService& accounts = *app.accounts;
  web::AppContext* ctx = &app;
  Services* svc = &service;

  router.post("/api/v1/reports/{id}/actions", [svc, ctx, &accounts](Request& req) {
    auto actor = accounts::current_actor(accounts, req);
    auto body = http::json_body(req);
    OfficerAction a = forms::action_from_json(body);
    Report r = svc->handling.act(actor, req.path_param("id"), a, req.remote_address);
    return http::json_response(req,
                               public_report_json(r, *ctx, *svc, *svc->settings.agency_names()));
  });

  router.post("/api/v1/reports/{id}/reopen", [svc, ctx, &accounts](Request& req) {
    auto actor = accounts::current_actor(accounts, req);
    auto body = http::json_body(req);
    Report r =
        svc->filing.reopen(actor, req.path_param("id"),
                           http::json_string(body, "reason").value_or(""), req.remote_address);
    return http::json_response(req,
                               public_report_json(r, *ctx, *svc, *svc->settings.agency_names()));
  });

  router.post("/api/v1/reports/{id}/rating", [svc, ctx, &accounts](Request& req) {
    auto actor = accounts::current_actor(accounts, req);
    auto body = http::json_body(req);
    Report r =
        svc->filing.rate(actor, req.path_param("id"), http::json_int(body, "stars").value_or(0),
                         http::json_string(body, "comment").value_or(""), req.remote_address);
    return http::json_response(req,
                               public_report_json(r, *ctx, *svc, *svc->settings.agency_names()));
  });

  router.post("/api/v1/reports/{id}/support", [svc, ctx, &accounts](Request& req) {
    Report r = svc->filing.support(accounts::current_actor(accounts, req), req.path_param("id"),
                                   req.remote_address);
    return http::json_response(req,
                               public_report_json(r, *ctx, *svc, *svc->settings.agency_names()));
  });

  router.post("/api/v1/reports/{id}/follow", [svc, &accounts](Request& req) {
    svc->filing.follow(accounts::current_actor(accounts, req), req.path_param("id"),
                       req.remote_address);
    return http::json_response(req, json::object{{"status", "following"}});
  });
  router.post("/api/v1/reports/{id}/unfollow", [svc, &accounts](Request& req) {
    svc->filing.unfollow(accounts::current_actor(accounts, req), req.path_param("id"),
                         req.remote_address);
    return http::json_response(req, json::object{{"status", "not_following"}});
  });
}

// The officers' console.
void add_console_api_routes(http::Router& router, web::AppContext& app, Services& service) {
  accounts::AccountService& accounts = *app.accounts;
  web::AppContext* ctx = &app;
  Services* svc = &service;

  // ---- the officers' console ----
  auto inbox_filter = [](const Request& req) {
    ReportFilter f;
    std::string status = req.query_param("status").value_or("open");
    if (status == "open")
      f.statuses = open_statuses();
    else if (status != "all" && !status.empty()) {
      if (!valid_status(status)) throw Error(ErrorKind::bad_input, "bad_status", "Unknown status");
      f.status = status;
    }
    f.category_code = req.query_param("category").value_or("");
    f.unit_code = req.query_param("unit").value_or("");
    size_t page = http::count_param(req, "page", 1, 100000),
           size = http::count_param(req, "page_size", 50, 500);
    f.limit = size;
    f.offset = (page - 1) * size;
    return f;
  };

  router.get("/api/v1/officer/inbox", [svc, ctx, &accounts, inbox_filter](Request& req) {
    auto result = svc->console.inbox(accounts::current_actor(accounts, req), inbox_filter(req));
    auto agencies_held = svc->settings.agency_names();
    const auto& agencies = *agencies_held;
    json::array list;
    for (const auto& r : result.reports)
      list.push_back(public_report_json(r, *ctx, *svc, agencies));
    return http::json_response(req,
                               json::object{{"total", result.total}, {"reports", std::move(list)}});
  });

  router.get("/api/v1/officer/inbox.csv", [svc, &accounts, inbox_filter](Request& req) {
    std::string csv =
        svc->console.inbox_csv(accounts::current_actor(accounts, req), inbox_filter(req));
    http::Response res =
        http::make_response(req, Status::ok, "\xEF\xBB\xBF" + csv, "text/csv; charset=utf-8");
    res.set(http::beast_http::field::content_disposition, "attachment; filename=\"phan-anh.csv\"");
    return res;
  });

  router.get("/api/v1/officer/performance", [svc, &accounts](Request& req) {
    json::array list;
    for (const auto& p : svc->console.performance(accounts::current_actor(accounts, req))) {
      json::object o{{"agency_id", p.agency_id},
                     {"agency", p.agency_name},
                     {"received", p.received},
                     {"open", p.open},
                     {"overdue", p.overdue},
                     {"resolved", p.resolved},
                     // null, not 0, while nothing is resolved: there is nothing to measure
                     {"on_time_percent",
                      p.resolved ? json::value(100.0 * static_cast<double>(p.resolved_on_time) /
                                               static_cast<double>(p.resolved))
                                 : json::value(nullptr)},
                     {"average_hours_to_resolve",
                      p.resolved ? json::value(p.average_hours_to_resolve) : json::value(nullptr)},
                     {"rated", p.rated},
                     {"average_rating", p.average_rating}};
      list.push_back(std::move(o));
    }
    return http::json_response(req, json::object{{"agencies", std::move(list)}});
  });

  router.post("/api/v1/officer/bulk-assign", [svc, &accounts](Request& req) {
    auto actor = accounts::current_actor(accounts, req);
    auto body = http::json_body(req);
    std::vector<std::string> ids;
    if (auto it = body.find("ids"); it != body.end() && it->value().is_array())
      for (const auto& v : it->value().as_array())
        if (v.is_string()) ids.emplace_back(v.as_string());
    auto result = svc->console.bulk_assign(
        actor, ids, http::json_int(body, "agency_id").value_or(0),
        http::json_string(body, "reason").value_or(""), req.remote_address);
    json::array refused;
    for (const auto& r : result.refused) refused.push_back(json::string(r));
    return http::json_response(
        req, json::object{{"assigned", result.done}, {"refused", std::move(refused)}});
  });
}

// Administrators: routing rules.
void add_routing_api_routes(http::Router& router, web::AppContext& app, Services& service) {
  accounts::AccountService& accounts = *app.accounts;
  Services* svc = &service;

  router.post("/api/v1/admin/routing", [svc, &accounts](Request& req) {
    auto actor = accounts::current_actor(accounts, req);
    auto body = http::json_body(req);
    svc->settings.add_routing_rule(actor, http::json_string(body, "category").value_or(""),
                                   http::json_string(body, "unit_code").value_or(""),
                                   http::json_int(body, "agency_id").value_or(0),
                                   req.remote_address);
    return http::json_response(req, json::object{{"status", "added"}}, Status::created);
  });
}

void add_report_api_routes(http::Router& router, web::AppContext& app, Services& service) {
  add_report_read_routes(router, app, service);
  add_report_action_routes(router, app, service);
  add_console_api_routes(router, app, service);
  add_routing_api_routes(router, app, service);
}

}  // namespace cds::feedback
