// HTTP for alerts: the CAP message of each alert that went out (/alerts/{id}.cap) and the JSON
// API officers draft, send, approve and cancel with (/api/v1/alerts).
#pragma once

#include "http/router.h"
#include "web/context.h"

namespace cds::alerts {
class AlertService;

void add_alert_routes(http::Router& router, web::AppContext& app, AlertService& service);

}  // namespace cds::alerts
