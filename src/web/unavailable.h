// A database that cannot be reached is not a fault of the request: PostgreSQL stopped or
// unreachable, or SQLite's write lock held by another process past the writer's wait. Such a
// request is answered 503 with Retry-After ("database_unavailable", in the caller's language),
// not 500, and the log says so as a warning at most once every few seconds, not once a request.
#pragma once

#include "http/server.h"

namespace cds::web {

http::Middleware database_unavailable();

}  // namespace cds::web
