// HTTP for alerts: the CAP message of each alert that went out (/alerts/{id}.cap) and the JSON
// API officers draft, send, approve and cancel with (/api/v1/alerts).
#pragma once

#include <vector>

#include "accounts/workspace.h"
#include "http/router.h"
#include "web/context.h"
#include "web/templates.h"

namespace cds::alerts {
class AlertService;

void add_alert_routes(http::Router& router, web::AppContext& app, AlertService& service);
// The warnings in force (/canh-bao) and one warning's page (/canh-bao/{id}).
void add_alert_pages(http::Router& router, web::AppContext& app, AlertService& service);
// Drafting an alert in the pages (/can-bo/canh-bao/moi).
void add_draft_pages(http::Router& router, web::AppContext& app, AlertService& service);
// Residents' answers: the form on an alert's page, the officers' page of answers.
void add_answer_pages(http::Router& router, web::AppContext& app, AlertService& service);
// The alert officers' desk (/can-bo/canh-bao) and their tile on the landing page.
void add_officer_alert_pages(http::Router& router, web::AppContext& app, AlertService& service);
// The officers' tiles on /can-bo: calls for help nobody has taken, the alert officers' desk.
std::vector<accounts::WorkTile> work_tiles(web::AppContext& app, AlertService& service);
// Approving an Actual alert: read as residents will see it, then confirmed with its version.
void add_approval_pages(http::Router& router, web::AppContext& app, AlertService& service);
// What every page's banner shows: the warnings in force, in the reader's language.
// Whose they are: a signed-in reader's home commune, or the commune chosen on /canh-bao.
web::Renderer::Banner alert_banner(web::AppContext& app, AlertService& service);
// What cached pages' banners vary by (the chosen commune).
web::Renderer::BannerVariant alert_banner_variant(web::AppContext& app);

}  // namespace cds::alerts
