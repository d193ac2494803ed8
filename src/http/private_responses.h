// Responses that may carry personal data are never kept by a browser or proxy cache: any
// response to a request that identified itself (session cookie, API key) and any CSV export
// gets Cache-Control: private, no-store unless its handler chose a policy of its own.
#pragma once

#include "http/server.h"

namespace cds::http {

Middleware private_responses();

}  // namespace cds::http
