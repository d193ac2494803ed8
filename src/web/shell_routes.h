// The web shell: home page, language switch, static files, and the error pages (HTML for
// browsers, the JSON error shape for API clients) in the request's language.
#pragma once

#include "http/router.h"
#include "http/server.h"
#include "web/context.h"

namespace cds::web {

void add_shell_routes(http::Router& router, AppContext& app);
// The server's error renderer.
http::Response render_error(const AppContext& app, const http::Request& request,
                            http::Status status, std::string_view code, std::string_view message);
// Health, readiness and metrics for operators.
void add_ops_routes(http::Router& router, AppContext& app);

}  // namespace cds::web
