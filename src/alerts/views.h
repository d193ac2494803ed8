// How an alert reads on the pages (the banner, the lists, its page, the officers' pages), in
// the reader's language. Private to the alerts module's pages.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "alerts/model.h"
#include "http/request.h"
#include "web/context.h"

namespace cds::alerts {

boost::json::object alert_view(const web::AppContext& app, const std::string& lang,
                               const Record& r);

// The officers' figures of an alert (texts sent, failed, still going), added to its view on
// the pages of those who follow its answers: never on a resident's page.
void add_officer_figures(boost::json::object& view, const Record& r);
// The alert's area for its map (view["area_map"], a GeoJSON FeatureCollection as text): the
// drawn polygon or circle, and the communes' boundaries where they are imported. Nothing is
// added when there is nothing to draw; the communes are named in the text either way.
void add_area_map(const web::AppContext& app, boost::json::object& view, const Record& r);

struct Answers;
// An alert's answers as the API gives them: figures per commune, calls for help with the
// person's name and phone (for officers only), times in UTC, position [lat, lon].
boost::json::object answers_json(const Answers& answers);

class AlertService;
// An alert's page for a signed-in reader: with the answer form when they live in the area,
// and a link to the answers for officers who follow them (answer_pages.cpp).
http::Response alert_page_for(web::AppContext& app, AlertService& service,
                              const http::Request& req);

}  // namespace cds::alerts
