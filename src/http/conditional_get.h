// Conditional GET for public reads: a response that may be stored (no "no-store") gets a weak
// ETag computed from its body, and a request whose If-None-Match names it gets 304 Not
// Modified without the body. The tag follows the content itself, so it can never outlive a
// change: there is nothing to invalidate.
#pragma once

#include "http/server.h"

namespace cds::http {

// Put first in the middleware list, so that it sees the Cache-Control the others decided.
Middleware conditional_get();

}  // namespace cds::http
