// GET /events: the Server-Sent Events stream of warnings and news for a commune (and the
// province around it), plus the signed-in reader's own report updates.
#pragma once

#include "http/router.h"
#include "web/context.h"

namespace cds::live {

void add_live_routes(http::Router& router, web::AppContext& app);

}  // namespace cds::live
