// HTTP for field reports: the JSON API under /api/v1/reports, Open311 GeoReport v2 under
// /open311/v2 (JSON and XML), and the citizens' and officers' pages under /phan-anh.
#pragma once

#include <boost/json/object.hpp>
#include <map>

#include "accounts/workspace.h"
#include "feedback/model.h"
#include "http/router.h"
#include "web/context.h"

namespace cds::feedback {

struct Services;

void add_report_api_routes(http::Router& router, web::AppContext& app, Services& service);
void add_open311_routes(http::Router& router, web::AppContext& app, Services& service);
void add_report_pages(http::Router& router, web::AppContext& app, Services& service);
// The officers' tile on /can-bo: open, overdue and due today within their scope.
accounts::WorkTile work_tile(web::AppContext& app, Services& service);

}  // namespace cds::feedback
