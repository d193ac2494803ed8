// The public record of reports and a report's page; the stored photos.
#include <fstream>
#include <sstream>

#include "feedback/pages_shared.h"
#include "feedback/workflow.h"

namespace cds::feedback {
using namespace pages;

namespace {
// The public record: newest first, filtered by commune, category and status.
void add_public_list_page(http::Router& router, web::AppContext& app, Services& service) {
  web::AppContext* ctx = &app;
  Services* svc = &service;

  router.get(
      "/phan-anh",
      [ctx, svc](Request& req) {
        return web::cached(*ctx, req, [&](std::vector<std::string>& scopes) {
          std::string lang = ctx->renderer.language(req);
          ReportFilter f;
          f.unit_code = req.query_param("unit").value_or("");
          f.category_code = req.query_param("category").value_or("");
          f.status = req.query_param("status").value_or("");
          if (!f.status.empty() && !valid_status(f.status)) f.status.clear();
          std::string q = req.query_param("q").value_or("");
          // A reference read out over the phone ("PA-000123") opens that report.
          if (auto found = svc->reports.find_by_reference(q))
            return http::redirect(req, "/phan-anh/" + found->public_id);
          f.query_folded = text::fold(q);
          long page_number = static_cast<long>(http::count_param(req, "page", 1, 1'000'000));
          f.limit = 20;
          f.offset = static_cast<size_t>(page_number - 1) * f.limit;
          auto result = svc->reports.list(f);
          add_list_scopes(f.unit_code, result.reports, scopes);
          auto agencies_held = svc->settings.agency_names();
          const auto& agencies = *agencies_held;
          json::array list, cats, statuses;
          for (const auto& r : result.reports)
            list.push_back(report_view(*ctx, *svc, r, agencies, lang));
          for (const auto& k : svc->settings.categories()) {
            json::object c = category_view(k, lang);
            c["selected"] = k.code == f.category_code;
            cats.push_back(std::move(c));
          }
          for (auto s : kStatuses)
            statuses.push_back(json::object{
                {"code", s},
                {"name", ctx->catalogues.text(lang, "report.status." + std::string(s))},
                {"selected", s == f.status}});
          json::object data{{"reports", std::move(list)},
                            {"has_reports", !result.reports.empty()},
                            {"total", result.total},
                            {"communes", communes(*ctx, f.unit_code)},
                            {"categories", std::move(cats)},
                            {"statuses", std::move(statuses)},
                            {"q", q}};
          std::string base = "/phan-anh?unit=" + http::percent_encode_path(f.unit_code) +
                             "&category=" + http::percent_encode_path(f.category_code) +
                             "&status=" + f.status + "&q=" + http::percent_encode_path(q) +
                             "&page=";
          if (page_number > 1) data["prev"] = base + std::to_string(page_number - 1);
          if (static_cast<int64_t>(page_number * static_cast<long>(f.limit)) < result.total)
            data["next"] = base + std::to_string(page_number + 1);
          return page(*ctx, req, "reports_list", "report.list.title", std::move(data));
        });
      },
      http::RouteOptions::cached());
}

// A report's page: the public record, and for its reporter and officers what they may do.
void add_report_page(http::Router& router, web::AppContext& app, Services& service) {
  accounts::AccountService& accounts = *app.accounts;
  web::AppContext* ctx = &app;
  Services* svc = &service;
  router.get(
      "/phan-anh/{id}",
      [ctx, svc, &accounts](Request& req) {
        return web::cached(*ctx, req, [&](std::vector<std::string>& scopes) {
          auto found = svc->reports.find_with_timeline(req.path_param("id"));
          if (!found) throw Error(ErrorKind::not_found, "report_not_found", "No such report");
          const Report* r = &found->report;
          add_scopes(*r, scopes);
          auto actor = accounts::current_actor(accounts, req);
          std::string lang = ctx->renderer.language(req);
          bool handler = svc->reports.may_handle(actor, *r);
          bool mine = actor.signed_in() && actor.account_id == r->reporter_account;
          json::object data = report_view(*ctx, *svc, *r, *svc->settings.agency_names(), lang);
          json::array timeline;
          for (const auto& e : handler ? svc->reports.timeline(*r, true) : found->public_timeline)
            timeline.push_back(json::object{
                {"at", display_time(e.at)},
                {"what", ctx->catalogues.text(lang, "report.event." + e.kind)},
                {"status", e.to_status.empty()
                               ? ""
                               : ctx->catalogues.text(lang, "report.status." + e.to_status)},
                {"text", e.body},
                {"internal", !e.is_public}});
          data["timeline"] = std::move(timeline);
          data["page_title"] = data["category_name"];
          data["signed_in"] = actor.signed_in();
          data["mine"] = mine;
          bool resolved = state_of(r->status) == State::resolved;
          data["may_rate"] = mine && resolved;
          data["may_reopen"] = mine && resolved;
          auto [following, supported] = svc->reports.following_and_support(actor, *r);
          data["may_support"] = actor.signed_in() && !mine && is_open(r->status) && !supported;
          data["supported"] = supported;
          data["may_follow"] = actor.signed_in() && !mine;
          data["following"] = following;
          // Just filed: what happened, the reference to read out, who answers and by when.
          if (mine && req.query_param("da-gui")) data["just_filed"] = true;
          data["may_handle"] = handler && is_open(r->status);
          if (handler && awaiting_place(*r)) data["communes"] = communes(*ctx, "");
          if (handler) {
            // Ready-made answers: choosing one reloads the page with its text in the answer box.
            json::array templates;
            std::string chosen = req.query_param("template").value_or("");
            for (const auto& t : svc->settings.answer_templates(r->category_code)) {
              templates.push_back(json::object{{"id", t.id}, {"title", t.title}});
              if (std::to_string(t.id) == chosen) data["answer_draft"] = t.body;
            }
            data["has_templates"] = !templates.empty();
            data["templates"] = std::move(templates);
            json::array agencies;
            // Agencies in service, and the report's own even if it is no longer.
            auto names = svc->settings.agency_names();
            for (const auto& [id, name] : *names)
              if (id == r->agency_id || svc->settings.active_agencies()->contains(id))
                agencies.push_back(
                    json::object{{"id", id}, {"name", name}, {"selected", id == r->agency_id}});
            data["agencies"] = std::move(agencies);
          }
          return page(*ctx, req, "report_detail", "report.list.title", std::move(data));
        });
      },
      http::RouteOptions::cached());
}
}  // namespace

// The public record, a report's page and the stored photos.
void add_public_report_pages(http::Router& router, web::AppContext& app, Services& service) {
  add_public_list_page(router, app, service);
  add_report_page(router, app, service);
}

// The stored photos.
void add_photo_pages(http::Router& router, web::AppContext& app, Services& service) {
  (void)app;
  Services* svc = &service;
  // Stored photos: re-encoded JPEGs whose names are unguessable.
  router.get("/anh/{path:*}", [svc](Request& req) {
    const std::string& path = req.path_param("path");
    bool safe =
        path.starts_with("reports/") && path.ends_with(".jpg") &&
        path.find("..") == std::string::npos && std::all_of(path.begin(), path.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '-' || c == '.';
        });
    if (!safe) throw Error(ErrorKind::not_found, "not_found", "Not found");
    std::ifstream in(svc->uploads_dir / path, std::ios::binary);
    if (!in) throw Error(ErrorKind::not_found, "not_found", "Not found");
    std::stringstream ss;
    ss << in.rdbuf();
    Response res = http::make_response(req, Status::ok, ss.str(), "image/jpeg");
    res.set(http::beast_http::field::cache_control, "public, max-age=31536000, immutable");
    return res;
  });
}

}  // namespace cds::feedback
