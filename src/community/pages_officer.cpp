// The village head's and officers' notices: /can-bo/thong-bao lists those of their boards with
// their coverage; /can-bo/thong-bao/moi writes one (a preview says whom it will reach and asks
// once more); /can-bo/thong-bao/{id} shows coverage by household (live with JavaScript); the
// visit list prints on one A4 page and takes "visited, told in person"; withdrawing asks once
// more. Forms, no JavaScript needed.
#include <boost/json.hpp>

#include "accounts/http_auth.h"
#include "community/forms.h"
#include "community/permissions.h"
#include "community/presenters.h"
#include "community/routes.h"
#include "core/error.h"
#include "core/time.h"
#include "http/body.h"
#include "http/multipart.h"
#include "http/response.h"
#include "units/service.h"
#include "web/csrf.h"
#include "web/lists.h"
#include "web/pages.h"

namespace cds::community {
namespace json = boost::json;
using http::Request;

namespace {

// The caller, who may write on some board (or, with `follow`, follow some board's notices).
Actor officer(web::AppContext& app, const Request& req, bool follow = false) {
  auto actor = accounts::current_actor(*app.accounts, req);
  accounts::require(actor, follow ? actions::follow_notices : actions::write_notices, {},
                    app.accounts->unit_parent());
  return actor;
}

bool may_write(web::AppContext& app, const Actor& actor, const std::string& unit = "") {
  return accounts::decide(actor, actions::write_notices, {unit}, app.accounts->unit_parent()) ==
         accounts::Decision::allow;
}

// "42/57 hộ đã đọc…": the figures and the sentence, in the reader's language.
json::object coverage_view(web::AppContext& app, const std::string& lang, const Coverage& c) {
  json::object o = coverage_json(c);
  auto fill = [&](std::string text) {
    auto put = [&](const std::string& key, int64_t v) {
      for (size_t p; (p = text.find("{" + key + "}")) != std::string::npos;)
        text.replace(p, key.size() + 2, std::to_string(v));
    };
    put("households", c.households);
    put("read", c.read);
    put("acknowledged", c.acknowledged);
    put("visited", c.visited);
    put("unreached", c.unreached);
    put("without", c.without_members);
    return text;
  };
  o["summary_template"] = app.catalogues.text(lang, "community.coverage.summary");
  o["summary"] = fill(o["summary_template"].as_string().c_str());
  o["read_rate"] = web::display_rate(c.read, c.households);
  o["reached_rate"] = web::display_rate(c.acknowledged + c.visited, c.households);
  return o;
}

json::array board_options(const units::UnitService& units, const std::vector<units::Unit>& boards,
                          const std::string& selected) {
  json::array out;
  for (const auto& b : boards)
    out.push_back(json::object{
        {"code", b.code}, {"name", units.full_name(b)}, {"selected", b.code == selected}});
  return out;
}

http::Response notice_form(web::AppContext& app, Notices& notices, const Request& req,
                           const Actor& actor, const http::Form& given, const std::string& error,
                           http::Status status = http::Status::ok) {
  std::string priority = given.get("priority"), visibility = given.get("visibility");
  std::string board = given.get("unit_code");
  if (board.empty()) board = req.query_param("bang").value_or("");
  json::object data{{"boards", board_options(app.units, notices.boards(actor), board)},
                    {"title", given.get("title")},
                    {"body", given.get("body")},
                    {"expires_at", given.get("expires_at")},
                    {"ack_due_at", given.get("ack_due_at")},
                    {"pinned", given.get("pinned") == "1"},
                    {"priority_normal", priority == kNormal},
                    {"priority_important", priority == kImportant},
                    {"visibility_public", visibility == kPublic},
                    {"visibility_residents", visibility == kResidents},
                    {"poll_question", given.get("poll_question")},
                    {"poll_choices", given.get("poll_choices")},
                    {"poll_closes_at", given.get("poll_closes_at")},
                    {"poll_per_household", given.get("poll_per") == "household"},
                    {"poll_per_person", given.get("poll_per") == "person"},
                    {"poll_results_live", given.get("poll_results") == "live"},
                    {"poll_results_after", given.get("poll_results") == "after_close"}};
  if (!error.empty()) data["error"] = error;
  return web::form_page(app, req, "community_notice_form", "community.form.title", std::move(data),
                        status);
}

// What will happen: the notice as readers will see it, whom it reaches, one button to publish.
http::Response preview(web::AppContext& app, Notices& notices, const Request& req, const Notice& n,
                       const http::Form& form) {
  std::string lang = app.renderer.language(req);
  json::object data = notice_view(app, lang, n);
  auto [households, on_platform] = notices.audience(n.unit_code);
  data["households"] = households;
  data["on_platform"] = on_platform;
  data["off_platform"] = households - on_platform;
  json::array fields;
  for (const char* f : {"unit_code", "title", "body", "priority", "visibility", "pinned",
                        "expires_at", "ack_due_at", "poll_question", "poll_choices", "poll_per",
                        "poll_closes_at", "poll_results"})
    fields.push_back(json::object{{"name", f}, {"value", form.get(f)}});
  data["fields"] = std::move(fields);
  return web::form_page(app, req, "community_notice_preview", "community.form.preview_title",
                        std::move(data));
}

// The visit list (printable, with "visited, told in person") and withdrawing a notice.
void add_visit_and_withdraw_pages(http::Router& router, web::AppContext& app, Services& services) {
  web::AppContext* ctx = &app;
  Notices* notices = &services.notices;
  router.get("/can-bo/thong-bao/{id:int}/den-tan-nha", [ctx, notices](Request& req) {
    Actor actor = officer(*ctx, req, true);
    std::string lang = ctx->renderer.language(req);
    Notice n = notices->for_officer(actor, req.path_int("id"));
    json::object data = notice_view(*ctx, lang, n);
    data["page_title"] = n.title;
    json::array rows;
    for (const auto& r : notices->visit_list(actor, n.id, req.remote_address)) {
      json::object o = visit_row_json(ctx->units, r);
      o["village_name"] =
          o["village"].as_object().contains("name") ? o["village"].at("name") : json::value("");
      rows.push_back(std::move(o));
    }
    data["has_rows"] = !rows.empty();
    data["count"] = rows.size();
    data["rows"] = std::move(rows);
    data["printed_at"] = web::display_time(timeutil::iso_utc(timeutil::Clock::now()));
    data["marked"] = req.query_param("xong").value_or("") == "visited";
    return web::form_page(*ctx, req, "community_visit_list", "community.visit.title",
                          std::move(data));
  });
  router.post("/can-bo/thong-bao/{id:int}/den-tan-nha/{household:int}",
              [ctx, notices](Request& req) {
                auto form = http::form_body(req);
                ctx->csrf->check(req, form);
                auto actor = accounts::current_actor(*ctx->accounts, req);
                int64_t id = req.path_int("id");
                notices->mark_visited(actor, id, req.path_int("household"), req.remote_address);
                return http::redirect(
                    req, "/can-bo/thong-bao/" + std::to_string(id) + "/den-tan-nha?xong=visited");
              });
  router.get("/can-bo/thong-bao/{id:int}/go", [ctx, notices](Request& req) {
    Actor actor = officer(*ctx, req);
    Notice n = notices->for_officer(actor, req.path_int("id"));
    if (!may_write(*ctx, actor, n.unit_code))
      throw Error(ErrorKind::forbidden, "forbidden", "Only those who write on the board");
    std::string lang = ctx->renderer.language(req);
    auto t = [&](const char* key) { return ctx->catalogues.text(lang, key); };
    json::object data{{"heading", t("community.withdraw.heading")},
                      {"subject", n.title},
                      {"consequence", t("community.withdraw.consequence")},
                      {"confirm", t("community.withdraw.confirm")},
                      {"action", "/can-bo/thong-bao/" + std::to_string(n.id) + "/go"},
                      {"back", "/can-bo/thong-bao/" + std::to_string(n.id)}};
    return web::form_page(*ctx, req, "confirm", "community.withdraw.heading", std::move(data));
  });
  router.post("/can-bo/thong-bao/{id:int}/go", [ctx, notices](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    notices->withdraw(officer(*ctx, req), req.path_int("id"), req.remote_address);
    return http::redirect(req, "/can-bo/thong-bao?xong=withdrawn");
  });
}

// A notice's files, added from its coverage page once it is out.
void add_attachment_pages(http::Router& router, web::AppContext& app, Services& services) {
  web::AppContext* ctx = &app;
  Notices* notices = &services.notices;
  router.post(
      "/can-bo/thong-bao/{id:int}/tep",
      [ctx, notices](Request& req) {
        auto actor = accounts::current_actor(*ctx->accounts, req);
        int64_t id = req.path_int("id");
        auto form = http::form_body(req);
        const http::MultipartPart* file = nullptr;
        if (req.form)
          for (const auto* f : req.form->files("file"))
            if (f->size > 0) file = f;
        std::string back = "/can-bo/thong-bao/" + std::to_string(id);
        try {
          notices->attach(actor, id, file ? file->filename.value_or("") : "",
                          file ? file->read_all() : "", form.get("name"), req.remote_address);
        } catch (const Error& e) {
          if (e.kind != ErrorKind::bad_input && e.kind != ErrorKind::too_large &&
              e.kind != ErrorKind::unsupported_type && e.kind != ErrorKind::conflict)
            throw;
          return http::redirect(req, back + "?loi=" + e.code);
        }
        return http::redirect(req, back + "?xong=attached");
      },
      attachment_upload(app));
}

}  // namespace

http::RouteOptions attachment_upload(web::AppContext& app) {
  accounts::AccountService& accounts = *app.accounts;
  http::RouteOptions upload;
  upload.multipart = true;
  upload.exec = http::Exec::media;
  upload.body_limit = 11 * 1024 * 1024;  // one file of 10 MB and the text
  upload.multipart_limits.max_parts = 8;
  upload.multipart_limits.max_file_bytes = 10 * 1024 * 1024;
  upload.admit = accounts::upload_admission(
      accounts, *app.csrf, *app.upload_budget,
      [service = &accounts](const accounts::Actor& actor, Request&) {
        accounts::require(actor, actions::write_notices, {}, service->unit_parent());
      });
  return upload;
}

void add_officer_notice_pages(http::Router& router, web::AppContext& app, Services& services) {
  web::AppContext* ctx = &app;
  Notices* notices = &services.notices;
  router.get("/can-bo/thong-bao", [ctx, notices](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    if (actor.anonymous()) return web::sign_in_first(req);
    accounts::require(actor, actions::follow_notices, {}, ctx->accounts->unit_parent());
    std::string lang = ctx->renderer.language(req);
    auto t = [&](const char* key) { return ctx->catalogues.text(lang, key); };
    // Pages of 50, and the same rows as CSV, with each important notice's reach.
    auto list = notices->desk(actor);
    web::Table table{{"title", "board", "published", "reach"},
                     {t("community.desk.notice"), t("community.desk.board"),
                      t("community.desk.published"), t("community.desk.reach")},
                     {}};
    for (const auto& n : list) {
      json::object o = notice_view(*ctx, lang, n);
      std::string reach = "—";
      if (n.important() && n.withdrawn_at.empty())
        reach = std::string(
            coverage_view(*ctx, lang, notices->coverage(actor, n.id)).at("summary").as_string());
      table.rows.push_back({n.title, std::string(o.at("board_name").as_string()),
                            web::display_time(n.published_at), reach});
    }
    json::object data{{"may_write", may_write(*ctx, actor)}};
    if (auto csv =
            web::table_page(req, "thong-bao-thon.csv", table, data, [&](size_t i, json::object& o) {
              o["id"] = list[i].id;
              o["important"] = list[i].important();
              o["withdrawn"] = !list[i].withdrawn_at.empty();
            }))
      return *csv;
    std::string done = req.query_param("xong").value_or("");
    if (done == "published" || done == "withdrawn")
      data["done"] = ctx->catalogues.text(lang, "community.desk.done_" + done);
    return web::form_page(*ctx, req, "community_desk", "community.desk.title", std::move(data));
  });
  router.get("/can-bo/thong-bao/moi", [ctx, notices](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    if (actor.anonymous()) return web::sign_in_first(req);
    accounts::require(actor, actions::write_notices, {}, ctx->accounts->unit_parent());
    return notice_form(*ctx, *notices, req, actor, {}, "");
  });
  router.post("/can-bo/thong-bao/moi", [ctx, notices](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    Actor actor = officer(*ctx, req);
    if (form.get("confirmed") == "back") return notice_form(*ctx, *notices, req, actor, form, "");
    try {
      NoticeInput input = notice_from_form(form);
      if (form.get("confirmed") != "1")
        return preview(*ctx, *notices, req, notices->prepare(actor, input), form);
      Notice n = notices->publish(actor, input, req.remote_address);
      return http::redirect(req, "/can-bo/thong-bao/" + std::to_string(n.id) + "?xong=published");
    } catch (const Error& e) {
      if (e.kind != ErrorKind::bad_input) throw;
      return notice_form(*ctx, *notices, req, actor, form, web::error_message(*ctx, req, e),
                         http::Status::unprocessable_entity);
    }
  });
  router.get("/can-bo/thong-bao/{id:int}", [ctx, notices](Request& req) {
    Actor actor = officer(*ctx, req, true);
    std::string lang = ctx->renderer.language(req);
    Notice n = notices->for_officer(actor, req.path_int("id"));
    json::object data = notice_view(*ctx, lang, n);
    data["page_title"] = n.title;
    data["withdrawn"] = !n.withdrawn_at.empty();
    data["coverage"] = coverage_view(*ctx, lang, notices->coverage(actor, n.id));
    data["list_ready"] = n.important() && !n.ack_due_at.empty() &&
                         n.ack_due_at <= timeutil::iso_utc(timeutil::Clock::now());
    data["just_published"] = req.query_param("xong").value_or("") == "published";
    data["just_attached"] = req.query_param("xong").value_or("") == "attached";
    if (auto code = req.query_param("loi"); code && !code->empty() && code->size() < 40) {
      std::string message = ctx->catalogues.text(lang, "error." + *code);
      if (message != "error." + *code) data["attach_error"] = message;
    }
    data["may_write"] = may_write(*ctx, actor, n.unit_code);
    if (n.poll) data["poll_view"] = poll_page_json(n, notices->poll(actor, n));
    if (n.sms_state == "done" || n.sms_sent || n.sms_failed) {
      std::string texts = ctx->catalogues.text(lang, "community.coverage.texts");
      for (auto [key, v] : {std::pair{"{sent}", n.sms_sent}, {"{failed}", n.sms_failed}})
        texts.replace(texts.find(key), std::string_view(key).size(), std::to_string(v));
      data["texts"] = texts;
    } else if (!n.sms_state.empty()) {
      data["texts"] = ctx->catalogues.text(lang, "community.coverage.texts_pending");
    }
    return web::form_page(*ctx, req, "community_coverage", "community.coverage.title",
                          std::move(data));
  });
  add_visit_and_withdraw_pages(router, app, services);
  add_attachment_pages(router, app, services);
}

}  // namespace cds::community
