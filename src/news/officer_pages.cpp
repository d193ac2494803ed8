// The officers' news: /can-bo/tin-tuc lists the articles of their units (drafts too) with
// edit, publish and archive buttons; /can-bo/tin-tuc/moi writes one and /can-bo/tin-tuc/{id}/sua
// edits one, with a cover photo that goes through the same checks and re-encoding as report
// photos. Forms, no JavaScript needed.
#include <boost/json.hpp>

#include "accounts/http_auth.h"
#include "accounts/workspace.h"
#include "core/error.h"
#include "http/body.h"
#include "http/response.h"
#include "news/forms.h"
#include "news/permissions.h"
#include "news/presenters.h"
#include "news/routes.h"
#include "news/service.h"
#include "units/picker.h"
#include "units/service.h"
#include "web/csrf.h"
#include "web/pages.h"

namespace cds::news {
namespace json = boost::json;
using http::Request;

namespace {

// The cover photo: at most one, checked by content and re-encoded; a refusal keeps nothing.
std::optional<media::ProcessedImage> cover_from(const Request& req) {
  if (!req.form) return std::nullopt;
  for (const auto* f : req.form->files("cover")) {
    if (f->size == 0) continue;  // an empty file input
    return media::accept(f->read_all());
  }
  return std::nullopt;
}

// Refusals of what was typed or sent, which bring the form back with it.
bool refusal_of_input(const Error& e) {
  return e.kind == ErrorKind::bad_input || e.kind == ErrorKind::too_large ||
         e.kind == ErrorKind::unsupported_type;
}

http::RouteOptions cover_upload(web::AppContext& app) {
  accounts::AccountService& accounts = *app.accounts;
  http::RouteOptions upload;
  upload.multipart = true;
  upload.exec = http::Exec::media;
  upload.body_limit = 11 * 1024 * 1024;     // one photo of 10 MB and the text
  upload.multipart_limits.max_parts = 200;  // the communes' checkboxes
  upload.multipart_limits.max_file_bytes = 10 * 1024 * 1024;
  upload.admit = accounts::upload_admission(
      accounts, *app.csrf, *app.upload_budget,
      [service = &accounts](const accounts::Actor& actor, Request&) {
        accounts::require(actor, actions::publish_news, {}, service->unit_parent());
      });
  return upload;
}

// The form to write an article, or to edit `editing` (its cover shown, with a box to take it
// away; a published article keeps one button, "save the changes").
http::Response news_form(web::AppContext& app, const Request& req, const accounts::Actor& actor,
                         const http::Form& given, const std::string& error,
                         http::Status status = http::Status::ok, const Article* editing = nullptr) {
  auto may = [&](const units::Unit& u) {
    return accounts::decide(actor, actions::publish_news, {u.code}, app.accounts->unit_parent()) ==
           accounts::Decision::allow;
  };
  json::object data{
      {"title", given.get("title")},
      {"summary", given.get("summary")},
      {"cover_alt", given.get("cover_alt")},
      {"body", given.get("body")},
      {"publish_at", given.get("publish_at")},
      {"unit_choices",
       units::unit_choices_json(app.units, app.province_code, "units", given.all("units"), may,
                                app.catalogues.text(app.renderer.language(req), "news.everyone"))}};
  if (!error.empty()) data["error"] = error;
  data["action"] = "/can-bo/tin-tuc/moi";
  if (editing) {
    data["action"] = "/can-bo/tin-tuc/" + std::to_string(editing->id) + "/sua";
    data["editing"] = true;
    data["published"] = editing->state == State::published;
    if (!editing->cover_thumb.empty()) data["cover_thumb"] = "/anh-tin/" + editing->cover_thumb;
  }
  return web::form_page(app, req, "news_form", editing ? "news.form.edit_title" : "news.form.title",
                        std::move(data), status);
}

// Writing and editing: the forms, with a cover photo.
void add_news_forms(http::Router& router, web::AppContext& app, NewsService& service) {
  web::AppContext* ctx = &app;
  NewsService* svc = &service;
  router.get("/can-bo/tin-tuc/moi", [ctx](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    if (actor.anonymous()) return web::sign_in_first(req);
    accounts::require(actor, actions::publish_news, {}, ctx->accounts->unit_parent());
    return news_form(*ctx, req, actor, {}, "");
  });
  router.post(
      "/can-bo/tin-tuc/moi",
      [ctx, svc](Request& req) {
        auto form = http::form_body(req);
        auto actor = accounts::current_actor(*ctx->accounts, req);
        try {
          Article a =
              svc->create(actor, article_from_form(form), cover_from(req), req.remote_address);
          return http::redirect(req, "/can-bo/tin-tuc?xong=" + std::string(state_name(a.state)));
        } catch (const Error& e) {
          if (!refusal_of_input(e)) throw;
          // What was written comes back with the reason; nothing was kept.
          return news_form(*ctx, req, actor, form, web::error_message(*ctx, req, e),
                           http::Status::unprocessable_entity);
        }
      },
      cover_upload(app));
  router.get("/can-bo/tin-tuc/{id:int}/sua", [ctx, svc](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    if (actor.anonymous()) return web::sign_in_first(req);
    accounts::require(actor, actions::publish_news, {}, ctx->accounts->unit_parent());
    Article a = svc->editable(actor, req.path_int("id"));
    return news_form(*ctx, req, actor, article_as_form(a), "", http::Status::ok, &a);
  });
  router.post(
      "/can-bo/tin-tuc/{id:int}/sua",
      [ctx, svc](Request& req) {
        auto form = http::form_body(req);
        auto actor = accounts::current_actor(*ctx->accounts, req);
        Article current = svc->find_for_officer(actor, req.path_int("id"));
        try {
          Article a = svc->update(actor, current.id, article_from_form(form), cover_from(req),
                                  req.remote_address);
          return http::redirect(
              req, "/can-bo/tin-tuc?xong=" +
                       std::string(current.state == a.state ? "edited" : state_name(a.state)));
        } catch (const Error& e) {
          if (!refusal_of_input(e)) throw;
          return news_form(*ctx, req, actor, form, web::error_message(*ctx, req, e),
                           http::Status::unprocessable_entity, &current);
        }
      },
      cover_upload(app));
}

}  // namespace

void add_officer_news_pages(http::Router& router, web::AppContext& app, NewsService& service) {
  web::AppContext* ctx = &app;
  NewsService* svc = &service;
  router.get("/can-bo/tin-tuc", [ctx, svc](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    if (actor.anonymous()) return web::sign_in_first(req);
    json::array list;
    for (const auto& a : svc->desk(actor)) list.push_back(article_view(*svc, a));  // 403 first
    json::object data{{"has_news", !list.empty()}};
    data["news"] = std::move(list);
    std::string done = req.query_param("xong").value_or("");
    if (find_state(done) || done == "edited")
      data["done"] = ctx->catalogues.text(ctx->renderer.language(req), "news.desk.done_" + done);
    return web::form_page(*ctx, req, "news_desk", "news.desk.title", std::move(data));
  });
  // An article as readers will see it, drafts and those set for later included.
  router.get("/can-bo/tin-tuc/{id:int}", [ctx, svc](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    if (actor.anonymous()) return web::sign_in_first(req);
    accounts::require(actor, actions::publish_news, {}, ctx->accounts->unit_parent());
    Article a = svc->find_for_officer(actor, req.path_int("id"));
    json::object data = article_view(*svc, a);
    data["preview"] = true;
    data["page_title"] = a.title;
    return web::form_page(*ctx, req, "news_detail", "news.title", std::move(data));
  });
  add_news_forms(router, app, service);
  auto step = [ctx, svc](Request& req, auto action) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    Article a = (svc->*action)(accounts::current_actor(*ctx->accounts, req), req.path_int("id"),
                               req.remote_address);
    return http::redirect(req, "/can-bo/tin-tuc?xong=" + std::string(state_name(a.state)));
  };
  router.post("/can-bo/tin-tuc/{id:int}/dang",
              [step](Request& req) { return step(req, &NewsService::publish); });
  router.post("/can-bo/tin-tuc/{id:int}/luu-tru",
              [step](Request& req) { return step(req, &NewsService::archive); });
}

// A tile on the officers' landing page for those who may write news.
accounts::WorkTile work_tile(web::AppContext& app, NewsService& service) {
  web::AppContext* ctx = &app;
  NewsService* svc = &service;
  auto applies = [ctx](const accounts::Actor& actor) {
    return accounts::decide(actor, actions::publish_news, {}, ctx->accounts->unit_parent()) ==
           accounts::Decision::allow;
  };
  return {applies,
          [ctx, svc, applies](const accounts::Actor& actor,
                              const std::string& lang) -> std::optional<accounts::Tile> {
            if (!applies(actor)) return std::nullopt;
            int64_t drafts = 0;
            for (const auto& a : svc->desk(actor)) drafts += a.state == State::draft;
            return accounts::Tile{ctx->catalogues.text(lang, "news.desk.title"),
                                  "/can-bo/tin-tuc",
                                  {{ctx->catalogues.text(lang, "news.desk.drafts_count"), drafts,
                                    false, "/can-bo/tin-tuc"}}};
          }};
}

}  // namespace cds::news
