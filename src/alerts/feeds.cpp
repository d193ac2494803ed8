#include "alerts/feeds.h"

#include <boost/json.hpp>
#include <cmath>
#include <ctime>
#include <numbers>

#include "core/atom.h"
#include "core/time.h"
#include "core/xml.h"
#include "http/response.h"

namespace cds::alerts {
namespace json = boost::json;

namespace {

std::string cap_url(const std::string& site, const Record& r) {
  return site + "/alerts/" + std::to_string(r.alert.id) + ".cap";
}

const Text& vietnamese(const Alert& a) {
  static const Text none;
  return a.texts.empty() ? none : a.texts.front();
}

// "[Diễn tập] Sạt lở đất: headline"; a Cancel says so.
std::string title_of(const Alert& a, const FeedWords& words) {
  std::string prefix = a.status == "Exercise" ? words.exercise + " "
                       : a.status == "Test"   ? words.test + " "
                                              : "";
  if (a.msg_type == "Cancel") prefix += words.cancel + " ";
  if (a.msg_type == "Update") prefix += words.update + " ";
  return prefix + a.event + ": " + vietnamese(a).headline;
}

void tag(std::string& out, const char* name, const std::string& value) {
  xml::append_element(out, name, value);
}

}  // namespace

std::string rfc822(const std::string& cap_time) {
  auto t = timeutil::parse_w3c(cap_time);
  if (!t) return "";
  std::time_t seconds = std::chrono::system_clock::to_time_t(*t + std::chrono::hours(7));
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char out[40];
  std::snprintf(out, sizeof out, "%s, %02d %s %04d %02d:%02d:%02d +0700", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return out;
}

std::string atom_feed(const std::vector<Record>& records, const std::string& site,
                      const FeedWords& words) {
  atom::Feed feed{
      site + "/alerts/feed.atom",
      words.title,
      records.empty() ? timeutil::w3c_vietnam(timeutil::Clock::now()) : records.front().alert.sent,
      {}};
  for (const auto& r : records) {
    const Alert& a = r.alert;
    // The CAP identifier is unique and never reused: the entry's id follows it.
    feed.entries.push_back(
        {"urn:cap:" + a.sender + ":" + a.identifier, title_of(a, words), a.sent, a.sent,
         cap_url(site, r), "application/cap+xml",
         vietnamese(a).description.empty() ? a.area_desc : vietnamese(a).description, ""});
  }
  return atom::write(feed);
}

std::string rss_feed(const std::vector<Record>& records, const std::string& site,
                     const FeedWords& words) {
  const std::string& title = words.title;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>";
  tag(out, "title", title);
  tag(out, "link", site + "/alerts/feed.rss");
  tag(out, "description", title);
  tag(out, "language", "vi");
  for (const auto& r : records) {
    const Alert& a = r.alert;
    out += "<item>";
    tag(out, "title", title_of(a, words));
    tag(out, "link", cap_url(site, r));
    tag(out, "description",
        vietnamese(a).description.empty() ? a.area_desc : vietnamese(a).description);
    tag(out, "pubDate", rfc822(a.sent));
    out += "<guid isPermaLink=\"false\">";
    xml::append_escaped(out, "urn:cap:" + a.sender + ":" + a.identifier);
    out += "</guid></item>";
  }
  out += "</channel></rss>\n";
  return out;
}

std::string active_geojson(const std::vector<Record>& records, const std::string& site) {
  json::array features;
  for (const auto& r : records) {
    const Alert& a = r.alert;
    json::value geometry = nullptr;
    json::array ring;
    if (!a.polygon.empty()) {
      for (const auto& p : a.polygon) ring.push_back(json::array{p.lon, p.lat});  // lon, lat
    } else if (a.circle) {
      // 32 points around the centre; a degree of latitude is 111.32 km, of longitude less.
      const double lat = a.circle->centre.lat, lon = a.circle->centre.lon;
      const double dlat = a.circle->radius_km / 111.32;
      const double dlon = dlat / std::cos(lat * std::numbers::pi / 180);
      for (int i = 0; i <= 32; ++i) {
        double angle = 2 * std::numbers::pi * (i % 32) / 32;
        ring.push_back(json::array{lon + dlon * std::sin(angle), lat + dlat * std::cos(angle)});
      }
    }
    if (!ring.empty())
      geometry = json::object{{"type", "Polygon"}, {"coordinates", json::array{ring}}};
    json::array units;
    for (const auto& u : a.unit_codes) units.push_back(json::string(u));
    features.push_back(
        json::object{{"type", "Feature"},
                     {"id", a.identifier},
                     {"geometry", geometry},
                     {"properties", json::object{{"event", a.event},
                                                 {"headline", vietnamese(a).headline},
                                                 {"status", a.status},
                                                 {"urgency", a.urgency},
                                                 {"severity", a.severity},
                                                 {"sent", a.sent},
                                                 {"expires", a.expires},
                                                 {"area", a.area_desc},
                                                 {"units", units},
                                                 {"cap", cap_url(site, r)}}}});
  }
  // Plain decimals (104.35, not 1.0435E2), as every JSON answer of the platform writes them.
  return http::json_text(json::object{{"type", "FeatureCollection"}, {"features", features}});
}

}  // namespace cds::alerts
