// The administration's other lists: API keys, deletion requests against the 72-hour promise,
// the audit log, and the VNeID lists received. Each has its filters in the URL, pages, an
// empty state that says what to do, and a CSV download.
#include <boost/json.hpp>

#include "accounts/admin_shared.h"
#include "accounts/http_auth.h"
#include "accounts/store.h"
#include "core/error.h"
#include "core/text.h"
#include "core/time.h"
#include "http/body.h"
#include "web/csrf.h"
#include "web/lists.h"
#include "web/pages.h"

namespace cds::accounts {
namespace json = boost::json;
using http::Request;
using http::Response;
using web::display_time;

namespace {

// How a deletion request stands against its due time: "còn 10 giờ", "quá hạn 3 giờ".
std::string due_text(const web::AppContext& app, const std::string& lang,
                     const DeletionRequest& d) {
  if (d.status != "pending") return app.catalogues.text(lang, "admin.deletion_done");
  auto due = timeutil::parse_w3c(d.due_at);
  if (!due) return display_time(d.due_at);
  double hours =
      std::chrono::duration<double, std::ratio<3600>>(*due - timeutil::Clock::now()).count();
  std::string span = web::display_hours(app.catalogues, lang, hours < 0 ? -hours : hours);
  return app.catalogues.text(lang, hours < 0 ? "admin.deletions.late" : "admin.deletions.left") +
         " " + span;
}

Response keys_page(web::AppContext& app, Request& req) {
  AccountService& svc = *app.accounts;
  Actor actor = current_actor(svc, req);
  std::string lang = app.renderer.language(req);
  auto t = [&](const std::string& key) { return app.catalogues.text(lang, key); };
  std::string q = req.query_param("q").value_or("");
  std::string state = req.query_param("trang-thai").value_or("");
  std::vector<ApiKeyRow> keys = svc.admin.list_api_keys(actor);
  std::erase_if(keys, [&](const ApiKeyRow& k) {
    bool revoked = !k.revoked_at.empty();
    return (state == "active" && revoked) || (state == "revoked" && !revoked) ||
           (!q.empty() && !web::matches_words(q, k.name + " " + k.prefix + " " + k.scopes));
  });
  std::reverse(keys.begin(), keys.end());  // newest first
  web::Table table{{"id", "name", "prefix", "scopes", "created", "last_used", "status"},
                   {"id", t("admin.key_name"), t("admin.keys.prefix"), t("admin.key_scopes"),
                    t("admin.keys.created"), t("admin.keys.last_used"), t("admin.agencies.status")},
                   {}};
  for (const auto& k : keys)
    table.rows.push_back(
        {std::to_string(k.id), k.name, k.prefix + "…", k.scopes, display_time(k.created_at),
         k.last_used_at.empty() ? t("admin.keys.never") : display_time(k.last_used_at),
         k.revoked_at.empty() ? t("admin.agencies.active") : t("admin.key_revoked")});
  json::object data;
  if (auto csv = web::table_page(req, "khoa-api.csv", table, data, [&](size_t i, json::object& o) {
        o["revoked"] = !keys[i].revoked_at.empty();
      }))
    return *csv;
  json::array scopes;
  for (const auto& s : known_api_scopes())
    scopes.push_back(json::object{{"code", s.code},
                                  {"hint", t("api_scope." + std::string(s.code))},
                                  {"by_default", s.by_default}});
  data["scopes"] = std::move(scopes);
  data["q"] = q;
  data["state_active"] = state == "active";
  data["state_revoked"] = state == "revoked";
  data["filtered"] = !q.empty() || !state.empty();
  if (req.query_param("xong").value_or("") == "revoked")
    data["done"] = t("admin.keys.revoked_done");
  return admin_page(app, req, actor, "admin_keys", "admin.section.keys", std::move(data));
}

Response deletions_page(web::AppContext& app, Request& req) {
  AccountService& svc = *app.accounts;
  Actor actor = current_actor(svc, req);
  std::string lang = app.renderer.language(req);
  auto t = [&](const std::string& key) { return app.catalogues.text(lang, key); };
  std::string state = req.query_param("trang-thai").value_or("pending");
  auto list = svc.admin.deletion_requests(actor);
  std::erase_if(list,
                [&](const DeletionRequest& d) { return !state.empty() && d.status != state; });
  // The most urgent first: pending by due time, then the newest done.
  std::sort(list.begin(), list.end(), [](const DeletionRequest& a, const DeletionRequest& b) {
    if (a.status != b.status) return a.status == "pending";
    return a.status == "pending" ? a.due_at < b.due_at : a.done_at > b.done_at;
  });
  web::Table table{
      {"id", "account", "requested", "due", "standing", "done_at"},
      {"id", t("admin.account"), t("admin.deletions.requested"), t("admin.deletion_due"),
       t("admin.deletions.standing"), t("admin.deletions.done_at")},
      {}};
  for (const auto& d : list)
    table.rows.push_back({std::to_string(d.id), std::to_string(d.account_id),
                          display_time(d.requested_at), display_time(d.due_at),
                          due_text(app, lang, d),
                          d.done_at.empty() ? "" : display_time(d.done_at)});
  json::object data;
  std::string now = store::now();
  auto flags = [&](size_t i, json::object& o) {
    o["pending"] = list[i].status == "pending";
    o["overdue"] = list[i].status == "pending" && list[i].due_at < now;
  };
  if (auto csv = web::table_page(req, "yeu-cau-xoa.csv", table, data, flags)) return *csv;
  data["state_pending"] = state == "pending";
  data["state_done"] = state == "done";
  data["state_all"] = state.empty();
  if (req.query_param("xong").value_or("") == "done")
    data["done"] = t("admin.deletions.done_notice");
  return admin_page(app, req, actor, "admin_deletions", "admin.section.deletions", std::move(data));
}

}  // namespace

void add_admin_list_pages(http::Router& router, web::AppContext& app) {
  AccountService& svc = *app.accounts;
  web::AppContext* ctx = &app;

  router.get("/quan-tri/khoa-api", [ctx](Request& req) { return keys_page(*ctx, req); });
  router.post("/quan-tri/khoa-api", [ctx, &svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    Actor actor = current_actor(svc, req);
    auto k =
        svc.admin.create_api_key(actor, form.get("name"), form.get("scopes"), req.remote_address);
    // Shown once, on this response only; never in a URL or a log.
    return admin_page(*ctx, req, actor, "api_key_created", "admin.section.keys",
                      json::object{{"key", k.key}, {"id", k.id}});
  });
  router.post("/quan-tri/khoa-api/{id:int}/thu-hoi", [ctx, &svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    svc.admin.revoke_api_key(current_actor(svc, req), req.path_int("id"), req.remote_address);
    return http::redirect(req, "/quan-tri/khoa-api?xong=revoked");
  });

  router.get("/quan-tri/yeu-cau-xoa", [ctx](Request& req) { return deletions_page(*ctx, req); });
  router.post("/quan-tri/yeu-cau-xoa/{id:int}/thuc-hien", [ctx, &svc](Request& req) {
    auto form = http::form_body(req);
    ctx->csrf->check(req, form);
    svc.admin.carry_out_deletion(current_actor(svc, req), req.path_int("id"), req.remote_address);
    return http::redirect(req, "/quan-tri/yeu-cau-xoa?xong=done");
  });
  add_audit_and_import_pages(router, app);
}

}  // namespace cds::accounts
