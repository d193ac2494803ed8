// Each representation of an article once: the API's JSON, the pages' view, the Atom feed.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "news/model.h"

namespace cds::news {
class NewsService;

boost::json::object article_json(const NewsService& service, const Article& a);
// For the templates: dates for people, cover links, the HTML body (safe: cmark made it).
boost::json::object article_view(const NewsService& service, const Article& a);
std::string atom_feed(const NewsService& service, const std::vector<Article>& articles,
                      const std::string& site, const std::string& title);

}  // namespace cds::news
