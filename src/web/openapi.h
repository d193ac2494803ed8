// The OpenAPI 3.1 description at /api/openapi.json. Each module keeps its part beside its code
// (src/<module>/openapi.json: paths and components); web/openapi.json is the base. They are
// compiled into the binary and merged at start, then checked against the router itself: a JSON
// route without a description appears with "x-cds-undocumented": true, and a description whose
// route is not served is left out and named in the top-level "x-cds-unrouted" list, so that
// the test can fail on either.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/router.h"

namespace cds::web {

// A module's part (its openapi.json, compiled into it: app::Module::openapi).
struct OpenApiPart {
  std::string module;
  std::string_view json;
};

// True for the machine-facing routes, described by the document and answered in JSON even to
// browsers: /api/…, /healthz, /readyz, /metrics, and what starts with one of the prefixes the
// modules declare (app::Module::api_prefixes: "/open311/", "/events"…); a pattern or a path.
bool is_api_route(std::string_view pattern, const std::vector<std::string>& module_prefixes);

// The merged document for the routes of this router that are API routes.
std::string openapi_document(const http::Router& router, const std::vector<OpenApiPart>& parts,
                             const std::vector<std::string>& module_prefixes);

}  // namespace cds::web
