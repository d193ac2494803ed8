// A small router: method + path pattern → handler, with typed path parameters.
// Patterns are literal segments and parameters: "/api/v1/units/{generation:int}/{code}".
// {name} matches one non-empty segment, {name:int} one segment of 1–18 digits, and
// {name:*} the rest of the path (only as the last segment).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/multipart.h"
#include "http/request.h"

namespace cds::http {

using Handler = std::function<Response(Request&)>;

// Where a handler runs: I/O threads for fast in-memory work, the worker pool for anything
// that may block (database, files), and a small separate pool for uploads whose images are
// decoded and re-encoded, so that reads never wait behind image work.
enum class Exec { io, worker, media };

struct RouteOptions {
  Exec exec = Exec::worker;
  size_t body_limit = 1 << 20;  // bytes; larger requests get 413 before the body is read
  // multipart/form-data routes: the body is parsed as it arrives (large files spooled to disk)
  // and the handler finds it in Request::form; other content types get 415.
  bool multipart = false;
  // Worker routes whose answer is often in memory (cached representations): tried first on
  // the I/O thread, which saves two thread hand-offs; the handler throws NeedsWorker when it
  // must read the database.
  bool try_on_io = false;
  MultipartLimits multipart_limits;
  // Runs on the headers alone (method, path, query, cookies, path parameters), on the worker
  // pool, before any of the body is read: throws cds::Error to refuse the request. Uploads
  // use it to check who is asking, the CSRF proof and the upload budget, so that a stranger's
  // body is never read, spooled or decoded.
  std::function<void(Request&)> admit;

  // For handlers that only read memory: they run on the I/O thread that read the request.
  static RouteOptions cached() {
    RouteOptions o;
    o.try_on_io = true;
    return o;
  }
  static RouteOptions in_memory() {
    RouteOptions o;
    o.exec = Exec::io;
    return o;
  }
};

struct Route {
  Verb method;
  std::string pattern;
  Handler handler;
  RouteOptions options;
  size_t index = 0;  // position in registration order, used by metrics
  struct Segment {
    enum Kind { literal, string, integer, rest } kind;
    std::string text;  // literal text or parameter name
  };
  std::vector<Segment> segments;
};

class Router {
 public:
  // Throws std::invalid_argument on a malformed pattern or a duplicate route.
  void add(Verb method, std::string pattern, Handler handler, RouteOptions options = {});
  void get(std::string pattern, Handler handler, RouteOptions options = {}) {
    add(Verb::get, std::move(pattern), std::move(handler), std::move(options));
  }
  void post(std::string pattern, Handler handler, RouteOptions options = {}) {
    add(Verb::post, std::move(pattern), std::move(handler), std::move(options));
  }

  struct Match {
    const Route* route = nullptr;
    std::vector<std::pair<std::string, std::string>> params;
    bool path_known = false;  // some route has this path, maybe with another method
    std::vector<Verb> allowed;
  };
  // HEAD matches GET routes.
  Match match(Verb method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace cds::http
