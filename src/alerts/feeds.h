// Alerts for other systems besides CAP itself: Atom and RSS feeds that follow CAP-feed
// practice (each entry links its CAP message as application/cap+xml, newest first, unique
// ids), and the alerts in force as GeoJSON (RFC 7946: lon,lat order, closed rings).
#pragma once

#include <string>
#include <vector>

#include "alerts/model.h"

namespace cds::alerts {

// The feeds' own words, from the message catalogue: their title, and what an entry's title
// starts with for an exercise, a test, a cancellation or an update ("[Diễn tập]").
struct FeedWords {
  std::string title, exercise, test, cancel, update;
};

// site: the absolute address of the site ("https://congdan.laocai.gov.vn"), for the links.
std::string atom_feed(const std::vector<Record>& records, const std::string& site,
                      const FeedWords& words);
std::string rss_feed(const std::vector<Record>& records, const std::string& site,
                     const FeedWords& words);
// A FeatureCollection: a drawn polygon as a Polygon, a circle as a 32-sided Polygon around
// it, an alert for communes only with a null geometry; the communes in its properties.
std::string active_geojson(const std::vector<Record>& records, const std::string& site);

// "Sun, 29 Nov 2026 08:00:00 +0700" (RFC 822, as RSS writes dates) from a CAP time.
std::string rfc822(const std::string& cap_time);

}  // namespace cds::alerts
