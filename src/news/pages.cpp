// The readers' news pages: /tin-tuc (the reader's commune and the province's, newest first)
// and /tin-tuc/{id}. Server-rendered, kept in the cache for anonymous readers.
#include "web/pages.h"

#include <boost/json.hpp>

#include "accounts/http_auth.h"
#include "core/error.h"
#include "http/private_responses.h"
#include "http/response.h"
#include "news/presenters.h"
#include "news/routes.h"
#include "news/service.h"
#include "units/service.h"
#include "web/cached.h"
#include "web/lists.h"

namespace cds::news {
namespace json = boost::json;
using http::Request;

void add_news_pages(http::Router& router, web::AppContext& app, NewsService& service) {
  web::AppContext* ctx = &app;
  NewsService* svc = &service;
  router.get(
      "/tin-tuc",
      [ctx, svc](Request& req) {
        return web::cached(*ctx, req, [&](std::vector<std::string>& scopes) {
          scopes.emplace_back(kScope);
          std::string unit =
              accounts::reader_commune(*ctx->accounts, ctx->units, ctx->province_code, req);
          size_t page = web::page_number(req);
          auto articles = svc->published(unit, page);
          json::array list;
          for (const auto& a : articles) list.push_back(article_view(*svc, a));
          json::object data{{"has_news", !list.empty()}, {"page", static_cast<int64_t>(page)}};
          data["news"] = std::move(list);
          if (auto u = ctx->units.find(units::kGeneration2025, unit)) data["commune"] = u->name;
          if (articles.size() == NewsService::kPageSize)
            data["next"] = "/tin-tuc?trang=" + std::to_string(page + 1);
          if (page > 1) data["previous"] = "/tin-tuc?trang=" + std::to_string(page - 1);
          return http::html_response(
              req, ctx->renderer.page(req, "news_list", "news.title", std::move(data)));
        });
      },
      http::RouteOptions::cached());
  router.get(
      "/tin-tuc/{id:int}",
      [ctx, svc](Request& req) {
        return web::cached(*ctx, req, [&](std::vector<std::string>& scopes) {
          scopes.emplace_back(kScope);
          auto a = svc->published_article(req.path_int("id"));
          if (!a) throw Error(ErrorKind::not_found, "news_not_found", "No such article");
          json::object data = article_view(*svc, *a);
          data["page_title"] = a->title;
          return http::html_response(
              req, ctx->renderer.page(req, "news_detail", "news.title", std::move(data)));
        });
      },
      http::RouteOptions::cached());
}

// The home page opens with the three newest articles for the reader's commune.
web::HomeSectionSource home_section(web::AppContext& app, NewsService& service) {
  web::AppContext* ctx = &app;
  NewsService* svc = &service;
  return
      [ctx, svc](const Request& req, const std::string& lang) -> std::optional<web::HomeSection> {
        std::string unit =
            accounts::reader_commune(*ctx->accounts, ctx->units, ctx->province_code, req);
        auto articles = svc->published(unit, 1, 3);
        if (articles.empty()) return std::nullopt;
        web::HomeSection section{ctx->catalogues.text(lang, "news.home.heading"),
                                 {},
                                 ctx->catalogues.text(lang, "news.home.more"),
                                 "/tin-tuc"};
        for (const auto& a : articles)
          section.links.push_back(
              {a.title, "/tin-tuc/" + std::to_string(a.id), web::display_time(a.publish_at)});
        return section;
      };
}

}  // namespace cds::news
