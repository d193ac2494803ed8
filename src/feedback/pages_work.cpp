// Filing a report, acting on it (officers and the reporter), and the officers' console.
#include "accounts/workspace.h"
#include "feedback/forms.h"
#include "feedback/pages_shared.h"
#include "feedback/permissions.h"
#include "web/lists.h"

namespace cds::feedback {
using namespace pages;

namespace {

// The filing form of a category; after a refusal, with what the citizen had written and chosen
// (previous), so nothing is lost.
// A new form starts at the reporter's home commune; a refused one keeps what was chosen.
json::object report_form_view(const web::AppContext& ctx, const Category& k,
                              const std::string& lang, const http::Form* previous,
                              const std::string& home_unit = "") {
  auto given = [&](const std::string& name) { return previous ? previous->get(name) : ""; };
  json::object data;
  data["category"] = category_view(k, lang);
  data["communes"] = communes(ctx, previous ? given("unit_code") : home_unit);
  data["description"] = given("description");
  data["address"] = given("address");
  json::array questions;
  for (const auto& q : k.questions) {
    std::vector<std::string> answers =
        previous ? previous->all("q_" + q.code) : std::vector<std::string>{};
    auto answered = [&](const std::string& key) {
      return std::find(answers.begin(), answers.end(), key) != answers.end();
    };
    json::array choices;
    for (const auto& c : q.choices)
      choices.push_back(json::object{{"key", c.key},
                                     {"label", lang == "en" ? c.label_en : c.label_vi},
                                     {"checked", answered(c.key)}});
    questions.push_back(json::object{{"code", q.code},
                                     {"label", lang == "en" ? q.label_en : q.label_vi},
                                     {"required", q.required},
                                     {"value", answers.empty() ? "" : answers.front()},
                                     {"is_choice", q.kind == "single" || q.kind == "multi"},
                                     {"is_multi", q.kind == "multi"},
                                     {"is_number", q.kind == "number"},
                                     {"is_date", q.kind == "date"},
                                     {"is_text", q.kind == "text"},
                                     {"choices", std::move(choices)}});
  }
  data["questions"] = std::move(questions);
  return data;
}

}  // namespace

// Filing: choose a category, then the form with its questions and photos.
void add_filing_pages(http::Router& router, web::AppContext& app, Services& service) {
  accounts::AccountService& accounts = *app.accounts;
  web::AppContext* ctx = &app;
  Services* svc = &service;

  http::RouteOptions upload = photo_upload(app);
  router.get("/phan-anh/moi", [ctx, svc, &accounts](Request& req) {
    auto actor = accounts::current_actor(accounts, req);
    if (!actor.signed_in()) return web::sign_in_first(req);
    std::string lang = ctx->renderer.language(req);
    auto code = req.query_param("category").value_or("");
    auto k = svc->settings.category(code);
    json::object data;
    if (!k) {
      json::array cats;
      for (const auto& c : svc->settings.categories())
        if (c.active) cats.push_back(category_view(c, lang));
      data["categories"] = std::move(cats);
      return page(*ctx, req, "report_choose", "report.new.title", std::move(data));
    }
    data = report_form_view(*ctx, *k, lang, nullptr, actor.home_unit);
    return page(*ctx, req, "report_new", "report.new.title", std::move(data));
  });

  router.post(
      "/phan-anh/moi",
      [ctx, svc, &accounts](Request& req) {
        auto form = http::form_body(req);
        ctx->csrf->check(req, form);
        auto actor = accounts::current_actor(accounts, req);
        try {
          NewReport n = forms::report_from_web(form, *svc);
          n.photos = photos_from(req, "photos");
          // A photo's GPS position suggests the place when the citizen gave none.
          for (const auto& p : n.photos)
            if (p.gps && !n.lat) {
              n.lat = p.gps->first;
              n.lon = p.gps->second;
            }
          Report r = svc->filing.file(actor, n, req.remote_address);
          // The report's page opens on the confirmation: what happened, and what comes next.
          return http::redirect(req, "/phan-anh/" + r.public_id + "?da-gui=1");
        } catch (const Error& e) {
          if (e.kind == ErrorKind::unauthenticated || e.kind == ErrorKind::forbidden) throw;
          auto k = svc->settings.category(form.get("category"));
          if (!k) throw;
          json::object data = report_form_view(*ctx, *k, ctx->renderer.language(req), &form);
          data["error"] = message_for(*ctx, req, e);
          return page(*ctx, req, "report_new", "report.new.title", std::move(data),
                      http::status_for(e.kind));
        }
      },
      upload);
}

// Acting on a report: officers (with answer photos) and the reporter.
void add_handling_pages(http::Router& router, web::AppContext& app, Services& service) {
  accounts::AccountService& accounts = *app.accounts;
  web::AppContext* ctx = &app;
  Services* svc = &service;

  http::RouteOptions upload = photo_upload(app);
  http::RouteOptions answer_upload = upload;
  answer_upload.admit = accounts::upload_admission(
      accounts, *ctx->csrf, *ctx->upload_budget, [svc](const accounts::Actor& actor, Request& req) {
        auto r = svc->reports.find(req.path_param("id"));
        if (!r) throw Error(ErrorKind::not_found, "report_not_found", "No such report");
        if (!svc->reports.may_handle(actor, *r))
          throw Error(ErrorKind::forbidden, "forbidden", "Not allowed");
      });
  router.post(
      "/phan-anh/{id}/xu-ly",
      [ctx, svc, &accounts](Request& req) {
        auto form = http::form_body(req);
        ctx->csrf->check(req, form);
        OfficerAction a = forms::action_from_web(form);
        a.photos = photos_from(req, "photos");
        svc->handling.act(accounts::current_actor(accounts, req), req.path_param("id"), a,
                          req.remote_address);
        return http::redirect(req, "/phan-anh/" + req.path_param("id"));
      },
      answer_upload);

  router.post("/phan-anh/{id}/danh-gia", [ctx, svc, &accounts](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    int64_t stars = text::parse_int(form.get("stars")).value_or(0);
    svc->filing.rate(accounts::current_actor(accounts, req), req.path_param("id"), stars,
                     form.get("comment"), req.remote_address);
    return http::redirect(req, "/phan-anh/" + req.path_param("id"));
  });

  router.post("/phan-anh/{id}/mo-lai", [ctx, svc, &accounts](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    svc->filing.reopen(accounts::current_actor(accounts, req), req.path_param("id"),
                       form.get("reason"), req.remote_address);
    return http::redirect(req, "/phan-anh/" + req.path_param("id"));
  });

  router.post("/phan-anh/{id}/ung-ho", [ctx, svc, &accounts](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    svc->filing.support(accounts::current_actor(accounts, req), req.path_param("id"),
                        req.remote_address);
    return http::redirect(req, "/phan-anh/" + req.path_param("id"));
  });

  router.post("/phan-anh/{id}/theo-doi", [ctx, svc, &accounts](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    svc->filing.follow(accounts::current_actor(accounts, req), req.path_param("id"),
                       req.remote_address);
    return http::redirect(req, "/phan-anh/" + req.path_param("id"));
  });

  router.post("/phan-anh/{id}/bo-theo-doi", [ctx, svc, &accounts](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    svc->filing.unfollow(accounts::current_actor(accounts, req), req.path_param("id"),
                         req.remote_address);
    return http::redirect(req, "/phan-anh/" + req.path_param("id"));
  });

  // "Phản ánh của tôi": what I filed and what I follow, with their states.
  router.get("/phan-anh/cua-toi", [ctx, svc, &accounts](Request& req) {
    auto actor = accounts::current_actor(accounts, req);
    if (!actor.signed_in()) return web::sign_in_first(req);
    auto mine = svc->reports.my_reports(actor);
    std::string lang = ctx->renderer.language(req);
    auto agencies = svc->settings.agency_names();
    auto views = [&](const std::vector<Report>& reports) {
      json::array out;
      for (const auto& r : reports) out.push_back(report_view(*ctx, *svc, r, *agencies, lang));
      return out;
    };
    return page(*ctx, req, "reports_mine", "report.mine.title",
                json::object{{"filed", views(mine.filed)},
                             {"has_filed", !mine.filed.empty()},
                             {"followed", views(mine.followed)},
                             {"has_followed", !mine.followed.empty()}});
  });
}

namespace {
// How each agency within the officer's scope is doing, as the page and its CSV show it.
// Nothing resolved yet: nothing to measure, so "—" rather than "0%" or "0 hours".
struct PerformanceTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};
PerformanceTable performance_table(const web::AppContext& app, Services& svc,
                                   const accounts::Actor& actor, const std::string& lang) {
  auto t = [&](const char* key) { return app.catalogues.text(lang, key); };
  PerformanceTable out{
      {t("report.detail.agency"), t("report.console.received"), t("report.console.open_count"),
       t("report.detail.overdue"), t("report.console.resolved"), t("report.console.on_time"),
       t("report.console.hours"), t("report.console.rating")},
      {}};
  for (const auto& p : svc.console.performance(actor)) {
    char rating[16];
    std::snprintf(rating, sizeof rating, "%.1f", p.average_rating);
    out.rows.push_back(
        {p.agency_name.empty() ? t("report.console.unrouted") : p.agency_name,
         std::to_string(p.received), std::to_string(p.open), std::to_string(p.overdue),
         std::to_string(p.resolved), web::display_rate(p.resolved_on_time, p.resolved),
         p.resolved ? web::display_hours(app.catalogues, lang, p.average_hours_to_resolve) : "—",
         p.rated ? std::string(rating) : "—"});
  }
  return out;
}
}  // namespace

// The tile on the officers' landing page: open, overdue and due today within their scope.
accounts::WorkTile work_tile(web::AppContext& app, Services& service) {
  web::AppContext* ctx = &app;
  Services* svc = &service;
  auto applies = [ctx](const accounts::Actor& actor) {
    return accounts::decide(actor, actions::work_reports, {}, ctx->accounts->unit_parent()) ==
           accounts::Decision::allow;
  };
  return {applies,
          [ctx, svc, applies](const accounts::Actor& actor,
                              const std::string& lang) -> std::optional<accounts::Tile> {
            if (!applies(actor)) return std::nullopt;
            Workload w = svc->console.workload(actor);
            auto text = [&](const char* key) { return ctx->catalogues.text(lang, key); };
            return accounts::Tile{text("workspace.reports.title"),
                                  "/can-bo/phan-anh",
                                  {{text("workspace.reports.open"), w.open, false, ""},
                                   {text("workspace.reports.overdue"), w.overdue, true,
                                    "/can-bo/phan-anh?due=overdue"},
                                   {text("workspace.reports.due_today"), w.due_today, true,
                                    "/can-bo/phan-anh?due=today"}}};
          }};
}

// The officers' console.
void add_console_pages(http::Router& router, web::AppContext& app, Services& service) {
  accounts::AccountService& accounts = *app.accounts;
  web::AppContext* ctx = &app;
  Services* svc = &service;

  // The officers' console: their reports by deadline, overdue first; assign many at once;
  // a CSV of the list; how each agency is doing.
  router.get("/can-bo/phan-anh", [ctx, svc, &accounts](Request& req) {
    auto actor = accounts::current_actor(accounts, req);
    if (actor.anonymous()) return web::sign_in_first(req);
    std::string lang = ctx->renderer.language(req);
    ReportFilter f;
    std::string status = req.query_param("status").value_or("open");
    if (status == "open")
      f.statuses = open_statuses();
    else if (valid_status(status))
      f.status = status;
    // From the landing page's figures: the open reports past their deadline, or due today.
    std::string due = req.query_param("due").value_or("");
    std::string today = timeutil::iso_date(svc->settings.today());
    if (due == "overdue") f.deadline_before = today;
    if (due == "today") f.deadline_on = today;
    if (due == "overdue" || due == "today") {
      f.statuses = open_statuses();
      f.status.clear();
    }
    f.limit = 100;
    auto result = svc->console.inbox(actor, f);
    auto agencies_held = svc->settings.agency_names();
    const auto& agencies = *agencies_held;
    json::array list, agency_list, performance;
    for (const auto& r : result.reports) list.push_back(report_view(*ctx, *svc, r, agencies, lang));
    for (const auto& [id, name] : *svc->settings.active_agencies())
      agency_list.push_back(json::object{{"id", id}, {"name", name}});
    auto table = performance_table(*ctx, *svc, actor, lang);
    for (const auto& row : table.rows)
      performance.push_back(json::object{{"agency", row[0]},
                                         {"received", row[1]},
                                         {"open", row[2]},
                                         {"overdue", row[3]},
                                         {"resolved", row[4]},
                                         {"on_time", row[5]},
                                         {"hours", row[6]},
                                         {"rating", row[7]}});
    json::object data{{"reports", std::move(list)},
                      {"has_reports", !result.reports.empty()},
                      {"total", result.total},
                      {"agencies", std::move(agency_list)},
                      {"performance", std::move(performance)},
                      {"status", status},
                      {"due_overdue", due == "overdue"},
                      {"due_today", due == "today"},
                      {"csv", "/api/v1/officer/inbox.csv?status=" + status}};
    if (auto done = req.query_param("assigned")) data["assigned"] = *done;
    return page(*ctx, req, "officer_inbox", "report.console.title", std::move(data));
  });

  router.get("/can-bo/phan-anh/hieu-qua.csv", [ctx, svc, &accounts](Request& req) {
    auto actor = accounts::current_actor(accounts, req);
    auto table = performance_table(*ctx, *svc, actor, ctx->renderer.language(req));
    return web::csv_download(req, "hieu-qua.csv", table.header, table.rows);
  });
  router.post("/can-bo/phan-anh/giao", [ctx, svc, &accounts](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    auto agency_id = text::parse_int(form.get("agency_id"));
    if (!agency_id) throw Error(ErrorKind::bad_input, "bad_agency", "Unknown agency");
    int64_t agency = *agency_id;
    auto result = svc->console.bulk_assign(accounts::current_actor(accounts, req), form.all("ids"),
                                           agency, form.get("reason"), req.remote_address);
    return http::redirect(req, "/can-bo/phan-anh?assigned=" + std::to_string(result.done));
  });
}

}  // namespace cds::feedback
