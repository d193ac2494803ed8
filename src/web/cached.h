// Public reads served from cached representations (core/cache.h). A representation is the
// same for every anonymous reader of one address in one language, so it is made once, kept
// until a write changes what it shows, and served from memory, on the I/O thread itself
// (routes registered with http::RouteOptions::cached()). Signed-in readers, whose pages say
// what they may do, get a fresh answer every time.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/request.h"
#include "web/context.h"

namespace cds::web {

// make builds the answer and names the scopes it depends on. For a reader who does not identify
// themselves (http::identified) a 200
// answer is kept and served with "Cache-Control: public, max-age=0, s-maxage=5" (browsers
// revalidate with the ETag every time; nginx or a CDN may keep it five seconds); other answers (a
// 404, a signed-in reader's page) are served as made.
using MakeResponse = std::function<http::Response(std::vector<std::string>& scopes)>;
http::Response cached(const AppContext& app, const http::Request& req, const MakeResponse& make);

// For a route that answers the signed-in differently: on the I/O thread, moves to a worker.
void needs_worker(const http::Request& req);

}  // namespace cds::web
