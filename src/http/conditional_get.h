// Conditional GET for public reads: a response that may be stored (no "no-store") gets a weak
// ETag computed from its body, and a request whose If-None-Match names it gets 304 Not
// Modified without the body. The tag follows the content itself, so it can never outlive a
// change: there is nothing to invalidate.
#pragma once

#include "http/server.h"

namespace cds::http {

// The weak tag of a body, as the middleware sets it (a cache may compute it once ahead).
std::string weak_etag(const std::string& body);

// Put first in the middleware list, so that it sees the Cache-Control the others decided.
Middleware conditional_get();

}  // namespace cds::http
