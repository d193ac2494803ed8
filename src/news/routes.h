// HTTP for news: the JSON API (/api/v1/news), the Atom feed (/news/feed.atom), cover photos
// (/anh-tin/…), the readers' pages (/tin-tuc) and the officers' (/can-bo/tin-tuc).
#pragma once

#include "http/router.h"
#include "web/context.h"

namespace cds::news {
class NewsService;

void add_news_routes(http::Router& router, web::AppContext& app, NewsService& service);
void add_news_pages(http::Router& router, web::AppContext& app, NewsService& service);
void add_officer_news_pages(http::Router& router, web::AppContext& app, NewsService& service);

}  // namespace cds::news
