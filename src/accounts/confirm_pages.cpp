// Destructive actions ask first: a page that says what will happen, with one button that does
// it (a form, so no JavaScript is needed) and a way back.
#include <boost/json.hpp>

#include "accounts/admin_shared.h"
#include "accounts/http_auth.h"
#include "accounts/routes.h"
#include "accounts/service.h"
#include "core/error.h"
#include "http/response.h"
#include "web/pages.h"

namespace cds::accounts {
namespace json = boost::json;
using http::Request;

void add_confirmation_pages(http::Router& router, web::AppContext& app) {
  AccountService& svc = *app.accounts;
  web::AppContext* ctx = &app;
  // The form posts to this same address (admin_lists.cpp), which revokes the key.
  router.get("/quan-tri/khoa-api/{id:int}/thu-hoi", [ctx, &svc](Request& req) {
    Actor actor = current_actor(svc, req);
    int64_t id = req.path_int("id");
    for (const auto& k : svc.admin.list_api_keys(actor))  // checks manage_api_keys
      if (k.id == id && k.revoked_at.empty())
        return confirmation_page(*ctx, req, "admin.key_revoke",
                                 "#" + std::to_string(k.id) + " " + k.name + " (" + k.prefix + "…)",
                                 "/quan-tri/khoa-api");
    throw Error(ErrorKind::not_found, "not_found", "No such key, or already revoked");
  });
  // The form posts to this same address (admin_lists.cpp), which erases the person's data.
  router.get("/quan-tri/yeu-cau-xoa/{id:int}/thuc-hien", [ctx, &svc](Request& req) {
    Actor actor = current_actor(svc, req);
    int64_t id = req.path_int("id");
    std::string lang = ctx->renderer.language(req);
    for (const auto& d : svc.admin.deletion_requests(actor))  // checks handle_deletion
      if (d.id == id && d.status == "pending")
        return confirmation_page(
            *ctx, req, "admin.deletion",
            ctx->catalogues.text(lang, "admin.deletion_subject") + " " + std::to_string(d.id),
            "/quan-tri/yeu-cau-xoa");
    throw Error(ErrorKind::not_found, "not_found", "No such pending request");
  });
}

}  // namespace cds::accounts
