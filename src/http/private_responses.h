// Responses that may carry personal data are never kept by a browser or proxy cache: any
// response to a request that identified itself (session cookie, API key) and any CSV export
// gets Cache-Control: private, no-store unless its handler chose a policy of its own.
#pragma once

#include "http/server.h"

namespace cds::http {

// The request names someone: a session cookie, an Authorization header or an api_key. Its
// answer may be personal; an unidentified request gets the public answer.
bool identified(const Request& req);

Middleware private_responses();

}  // namespace cds::http
