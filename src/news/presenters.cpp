#include "news/presenters.h"

#include <boost/json.hpp>

#include "core/atom.h"
#include "core/time.h"
#include "core/xml.h"
#include "news/service.h"
#include "web/pages.h"

namespace cds::news {
namespace json = boost::json;

namespace {
std::string w3c(const std::string& iso_utc) {
  auto t = timeutil::parse_w3c(iso_utc);
  return t ? timeutil::w3c_vietnam(*t) : iso_utc;
}
}  // namespace

json::object article_json(const NewsService& service, const Article& a) {
  json::array units;
  for (const auto& u : a.unit_codes) units.push_back(json::string(u));
  json::object o{{"id", a.id},
                 {"title", a.title},
                 {"summary", a.summary},
                 {"body_html", a.body_html},
                 {"state", state_name(a.state)},
                 {"publish_at", w3c(a.publish_at)},
                 {"units", std::move(units)},
                 {"for", service.unit_names(a)},
                 {"link", "/tin-tuc/" + std::to_string(a.id)}};
  o["cover"] = a.cover.empty() ? json::value(nullptr) : json::value("/anh-tin/" + a.cover);
  o["cover_alt"] = a.cover.empty() ? json::value(nullptr) : json::value(a.cover_alt);
  return o;
}

json::object article_view(const NewsService& service, const Article& a) {
  json::object o = article_json(service, a);
  o["date"] = web::display_time(a.publish_at);
  o["everyone"] = a.unit_codes.size() == 1 && a.unit_codes[0] == service.province_code();
  if (!a.cover.empty()) o["cover_thumb"] = "/anh-tin/" + a.cover_thumb;
  o["draft"] = a.state == State::draft;
  o["archived"] = a.state == State::archived;
  return o;
}

std::string atom_feed(const NewsService& service, const std::vector<Article>& articles,
                      const std::string& site, const std::string& title) {
  atom::Feed feed{site + "/news/feed.atom",
                  title,
                  articles.empty() ? timeutil::w3c_vietnam(timeutil::Clock::now())
                                   : w3c(articles.front().publish_at),
                  {}};
  for (const auto& a : articles) {
    std::string link = site + "/tin-tuc/" + std::to_string(a.id);
    feed.entries.push_back({link, a.title, w3c(a.publish_at), w3c(a.publish_at), link, "text/html",
                            a.summary.empty() ? service.unit_names(a) : a.summary, a.body_html});
  }
  return atom::write(feed);
}

}  // namespace cds::news
