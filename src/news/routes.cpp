#include "news/routes.h"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "accounts/http_auth.h"
#include "core/error.h"
#include "http/body.h"
#include "http/response.h"
#include "news/forms.h"
#include "news/permissions.h"
#include "news/presenters.h"
#include "news/service.h"
#include "units/service.h"
#include "web/pages.h"

namespace cds::news {
namespace json = boost::json;
using http::Request;

void add_news_routes(http::Router& router, web::AppContext& app, NewsService& service) {
  NewsService* svc = &service;
  web::AppContext* ctx = &app;

  // ?unit=CODE: that commune's and the province's; without it, everything published.
  router.get("/api/v1/news", [svc, ctx](Request& req) {
    std::string unit = req.query_param("unit").value_or("");
    if (!unit.empty() && !ctx->units.find(units::kGeneration2025, unit))
      throw Error(ErrorKind::bad_input, "bad_unit", "unit is not a 2025 unit code");
    size_t page = http::count_param(req, "page", 1, 10000);
    json::array list;
    for (const auto& a : svc->published(unit, page)) list.push_back(article_json(*svc, a));
    return http::json_response(req, json::object{{"news", std::move(list)}});
  });
  router.get("/api/v1/news/{id:int}", [svc](Request& req) {
    auto a = svc->published_article(req.path_int("id"));
    if (!a) throw Error(ErrorKind::not_found, "news_not_found", "No such article");
    return http::json_response(req, article_json(*svc, *a));
  });
  router.post("/api/v1/news", [svc, ctx](Request& req) {
    Article a =
        svc->create(accounts::current_actor(*ctx->accounts, req),
                    article_from_json(http::json_body(req)), std::nullopt, req.remote_address);
    return http::json_response(req, article_json(*svc, a), http::Status::created);
  });
  router.add(http::Verb::patch, "/api/v1/news/{id:int}", [svc, ctx](Request& req) {
    auto actor = accounts::current_actor(*ctx->accounts, req);
    accounts::require(actor, actions::publish_news, {}, ctx->accounts->unit_parent());
    Article current = svc->find_for_officer(actor, req.path_int("id"));
    Article a =
        svc->update(actor, current.id, article_patch_from_json(current, http::json_body(req)),
                    std::nullopt, req.remote_address);
    return http::json_response(req, article_json(*svc, a));
  });
  router.post("/api/v1/news/{id:int}/publish", [svc, ctx](Request& req) {
    return http::json_response(
        req, article_json(*svc, svc->publish(accounts::current_actor(*ctx->accounts, req),
                                             req.path_int("id"), req.remote_address)));
  });
  router.post("/api/v1/news/{id:int}/archive", [svc, ctx](Request& req) {
    return http::json_response(
        req, article_json(*svc, svc->archive(accounts::current_actor(*ctx->accounts, req),
                                             req.path_int("id"), req.remote_address)));
  });

  // The feed speaks the province's language; ?unit= as for the API.
  router.get("/news/feed.atom", [svc, ctx](Request& req) {
    std::string unit = req.query_param("unit").value_or("");
    if (!unit.empty() && !ctx->units.find(units::kGeneration2025, unit))
      throw Error(ErrorKind::bad_input, "bad_unit", "unit is not a 2025 unit code");
    auto res = http::make_response(req, http::Status::ok,
                                   atom_feed(*svc, svc->published(unit), web::site_url(*ctx, req),
                                             ctx->catalogues.text("vi", "news.feed_title")),
                                   "application/atom+xml; charset=utf-8");
    res.set(http::beast_http::field::cache_control, "public, max-age=60");
    return res;
  });

  // Cover photos: re-encoded JPEGs whose names are unguessable.
  router.get("/anh-tin/{path:*}", [svc](Request& req) {
    const std::string& path = req.path_param("path");
    bool safe = path.starts_with("news/") && path.ends_with(".jpg") &&
                path.find("..") == std::string::npos &&
                std::all_of(path.begin(), path.end(), [](char c) {
                  return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '-' ||
                         c == '_' || c == '.';
                });
    if (!safe) throw Error(ErrorKind::not_found, "not_found", "Not found");
    std::ifstream in(svc->uploads_dir() / path, std::ios::binary);
    if (!in) throw Error(ErrorKind::not_found, "not_found", "Not found");
    std::stringstream bytes;
    bytes << in.rdbuf();
    auto res = http::make_response(req, http::Status::ok, bytes.str(), "image/jpeg");
    res.set(http::beast_http::field::cache_control, "public, max-age=31536000, immutable");
    return res;
  });
}

}  // namespace cds::news
