// One's in-app notifications (notify::take_inbox), as JSON and as a page. They are the
// account's own: any module posts them, the person reads them here.
#include <boost/json.hpp>

#include "accounts/http_auth.h"
#include "accounts/routes.h"
#include "accounts/service.h"
#include "http/response.h"
#include "notify/inbox.h"
#include "web/pages.h"

namespace cds::accounts {
namespace json = boost::json;
using http::Request;

namespace {
// The signed-in person's notices; reading them marks them read.
std::vector<notify::Notice> my_notices(web::AppContext& app, const Actor& actor) {
  require(actor, Action::use_own_account, {}, app.accounts->unit_parent());
  return notify::take_inbox(app.db, actor.account_id);
}
}  // namespace

void add_notice_routes(http::Router& router, web::AppContext& app) {
  web::AppContext* ctx = &app;
  router.get("/api/v1/me/notifications", [ctx](Request& req) {
    std::string lang = ctx->renderer.language(req);
    json::array list;
    for (const auto& n : my_notices(*ctx, current_actor(*ctx->accounts, req))) {
      json::object o{
          {"id", n.id},           {"kind", n.kind}, {"message", ctx->catalogues.text(lang, n.kind)},
          {"subject", n.subject}, {"link", n.link}, {"created_at", n.created_at},
          {"read", n.read}};
      // A module's notice "notify.<thing>.<event>" also names its subject as <thing> (a
      // report's notices: "report": its public id).
      if (n.kind.starts_with("notify.")) {
        auto dot = n.kind.find('.', 7);
        if (dot != std::string::npos) o[n.kind.substr(7, dot - 7)] = n.subject;
      }
      list.push_back(std::move(o));
    }
    return http::json_response(req, json::object{{"notifications", std::move(list)}});
  });

  router.get("/thong-bao", [ctx](Request& req) {
    auto actor = current_actor(*ctx->accounts, req);
    if (!actor.signed_in()) return web::sign_in_first(req);
    std::string lang = ctx->renderer.language(req);
    json::array list;
    for (const auto& n : my_notices(*ctx, actor))
      list.push_back(json::object{{"link", n.link},
                                  {"text", ctx->catalogues.text(lang, n.kind)},
                                  {"at", web::display_time(n.created_at)},
                                  {"unread", !n.read}});
    bool any = !list.empty();
    return web::form_page(
        *ctx, req, "notifications", "notifications.title",
        json::object{{"notifications", std::move(list)}, {"has_notifications", any}},
        http::Status::ok);
  });
}

}  // namespace cds::accounts
