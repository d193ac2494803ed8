// The HTTP server: Boost.Beast, one io_context per core each with its own SO_REUSEPORT
// listener, keep-alive, limits checked before a body is read, timeouts for idle and slow
// clients, blocking handlers on a worker pool, and a graceful stop that lets in-flight
// requests finish. Everything Beast-specific stays in server.cpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/event_hub.h"
#include "http/metrics.h"
#include "http/router.h"

namespace cds::http {

struct ServerConfig {
  std::string host = "127.0.0.1";
  // Where pages may load images from besides this site (Content-Security-Policy img-src): the
  // map tile server's origin, "https://*.tile.openstreetmap.org" by default.
  std::string map_tile_origin = "https://*.tile.openstreetmap.org";
  uint16_t port = 8080;
  unsigned io_threads = 0;      // 0: one per core
  unsigned worker_threads = 0;  // 0: max(64, 16 × cores)
  // GET and HEAD run on a pool of their own (0: 2 × cores): reads do not wait for the disk as
  // commits do, and fewer threads switch less (cold reads of 1M reports on SQLite, 2 cores:
  // 12,600 a second on 4 threads against 10,600 on the 64 of the write pool).
  unsigned read_threads = 0;
  unsigned media_threads = 1;                // Exec::media routes (image decoding)
  size_t max_target_bytes = 8 * 1024;        // longer request targets get 414
  size_t max_header_bytes = 16 * 1024;       // larger header sections get 431
  std::chrono::seconds idle_timeout{60};     // keep-alive connection with nothing to read
  std::chrono::seconds request_timeout{20};  // to receive a whole request once it started
  std::chrono::seconds drain_timeout{10};    // graceful stop waits at most this long
  bool access_log = true;
  std::string spool_dir;  // where multipart uploads go while a request is read; "" = system temp
  // Behind a reverse proxy: take the client address from the last X-Forwarded-For entry.
  bool trust_forwarded_for = false;
  // Server-Sent Events: a comment line this often keeps proxies and phones from dropping an
  // idle stream; beyond max_event_streams open ones a new stream gets 503.
  std::chrono::seconds event_heartbeat{15};
  size_t max_event_streams = 15000;
  // Per client address, past which a new connection or stream gets 429 with Retry-After (0: no
  // cap). Streams are counted by the address requests are attributed to (X-Forwarded-For
  // behind a proxy); connections by the peer, and not at all behind a proxy (it is the peer).
  size_t max_connections_per_address = 64;
  size_t max_streams_per_address = 20;  // a household behind one NAT, each with a page open
  // Open-file handles kept for ordinary requests (at most half of what the limit leaves): event
  // streams never take them, and while they are in use idle connections are closed.
  size_t reserved_files = 128;
};

// Wraps the handler: middleware may answer itself or call next().
using Next = std::function<Response(Request&)>;
using Middleware = std::function<Response(Request&, const Next& next)>;

struct ServerHooks {
  // Renders a 4xx/5xx for this request: JSON for API clients, a page for browsers.
  std::function<Response(const Request&, Status, std::string_view code, std::string_view message)>
      render_error;
  std::vector<Middleware> middleware;
  // Made from the router's routes when not given (see Metrics::for_router).
  std::shared_ptr<Metrics> metrics;
};

class Server {
 public:
  Server(ServerConfig config, Router router, ServerHooks hooks);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listeners and starts the threads; throws std::system_error when it cannot bind.
  void start();
  uint16_t port() const;
  // SIGINT and SIGTERM call stop().
  void stop_on_signals();
  // Stops accepting, closes idle connections, lets in-flight requests finish (at most
  // drain_timeout), then ends the threads. Safe to call from any thread, more than once.
  void stop();
  // Blocks until the server has stopped.
  void wait();

  Metrics& metrics();
  // Where Server-Sent Events are published (usable before start()).
  EventHub& events();

  struct Impl;  // defined in server.cpp

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace cds::http
