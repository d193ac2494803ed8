// HTTP for units: the JSON API under /api/v1/units and the browser pages under /don-vi.
#pragma once

#include "http/router.h"
#include "web/context.h"

namespace cds::units {

void add_unit_routes(http::Router& router, web::AppContext& app);

}  // namespace cds::units
