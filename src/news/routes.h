// HTTP for news: the JSON API (/api/v1/news), the Atom feed (/news/feed.atom), cover photos
// (/anh-tin/…), the readers' pages (/tin-tuc) and the officers' (/can-bo/tin-tuc).
#pragma once

#include "accounts/workspace.h"
#include "http/router.h"
#include "web/context.h"

namespace cds::news {
class NewsService;

void add_news_routes(http::Router& router, web::AppContext& app, NewsService& service);
void add_news_pages(http::Router& router, web::AppContext& app, NewsService& service);
void add_officer_news_pages(http::Router& router, web::AppContext& app, NewsService& service);
// The home page's newest articles for the reader's commune.
web::HomeSectionSource home_section(web::AppContext& app, NewsService& service);
// The officers' tile on /can-bo for those who may write news: their drafts.
accounts::WorkTile work_tile(web::AppContext& app, NewsService& service);

}  // namespace cds::news
