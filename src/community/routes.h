// The community module's routes, split by resource and screen.
#pragma once

#include "accounts/workspace.h"
#include "community/service.h"
#include "http/router.h"
#include "web/context.h"

namespace cds::units {
class UnitService;
}

namespace cds::community {

// JSON: notices, one's household, the officers' households, villages' edits.
void add_notice_api_routes(http::Router& router, web::AppContext& app, Services& services);
void add_household_api_routes(http::Router& router, web::AppContext& app, Services& services,
                              units::UnitService& units);
// Pages: the boards and a notice, one's household, the officers' notices, households and
// villages.
void add_board_pages(http::Router& router, web::AppContext& app, Services& services);
void add_household_pages(http::Router& router, web::AppContext& app, Services& services);
void add_officer_notice_pages(http::Router& router, web::AppContext& app, Services& services);
void add_officer_household_pages(http::Router& router, web::AppContext& app, Services& services,
                                 units::UnitService& units);
// The upload of a notice's file (multipart: "file", and "name" describing a photo): signed in,
// CSRF, the upload budget and may write on some board, before the body is read.
http::RouteOptions attachment_upload(web::AppContext& app);

// The workspace tile: notices waiting for acknowledgement, households not reached, households
// to confirm.
accounts::WorkTile work_tile(web::AppContext& app, Services& services);
// The home page's section: the reader's village notices.
web::HomeSectionSource home_section(web::AppContext& app, Services& services);

}  // namespace cds::community
