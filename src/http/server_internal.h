// What server.cpp and session.cpp share: the server's state, a shard (one io_context per
// core), the helpers that shape every response. Private to the http module.
#pragma once

#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <condition_variable>
#include <deque>
#include <limits>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "core/error.h"
#include "core/log.h"
#include "core/text.h"
#include "core/time.h"
#include "http/gzip.h"
#include "http/limits.h"
#include "http/private_responses.h"
#include "http/response.h"
#include "http/server.h"

namespace cds::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

// The helpers of session.cpp that server.cpp needs too.
std::string new_request_id();

struct Shard;
class Session;
class EventSubscriber;

struct Server::Impl {
  ServerConfig config;
  Router router;
  ServerHooks hooks;
  std::shared_ptr<Metrics> metrics;
  // Before the shards: sessions and streams destroyed with them give their places back.
  std::unique_ptr<ClientLimits> limits;
  std::vector<std::unique_ptr<Shard>> shards;
  std::unique_ptr<asio::thread_pool> workers;       // changes: many wait on a commit together
  std::unique_ptr<asio::thread_pool> read_workers;  // GET and HEAD
  std::unique_ptr<asio::thread_pool> media_workers;
  std::vector<std::thread> threads;
  std::unique_ptr<asio::signal_set> signals;
  uint16_t bound_port = 0;
  std::atomic<bool> draining{false};
  std::atomic<bool> stop_requested{false};
  std::thread reaper;
  std::mutex reaper_mutex;
  std::condition_variable reaper_cv;
  bool threads_done = false;
  Next pipeline;  // middleware chain ending in the route's handler
  std::unique_ptr<EventHub::Impl> hub_state;
  std::unique_ptr<EventHub> hub;
  std::atomic<uint64_t> accept_pauses{0};  // times accepting waited for a free file handle
  std::string image_sources;               // " <origin>" for the CSP's img-src, from the config

  // A refusal is about the one who asked as much as an answer is: identified requests get
  // theirs private, like every answer to them (http::private_responses).
  Response error(const Request& req, Status status, std::string_view code,
                 std::string_view message) const {
    Response res = hooks.render_error ? hooks.render_error(req, status, code, message)
                                      : json_error(req, status, code, message);
    if (res.find(beast_http::field::cache_control) == res.end() && identified(req))
      res.set(beast_http::field::cache_control, "private, no-store");
    return res;
  }
};

// The Server-Sent Events hub's shared state (event_hub.cpp).
struct EventHub::Impl {
  explicit Impl(Server::Impl& s) : server(s) {}
  Server::Impl& server;
  mutable std::mutex mutex;
  std::deque<std::shared_ptr<const ServerEvent>> recent;  // under mutex
  std::atomic<uint64_t> last{0};
  std::atomic<size_t> count{0};
  std::unordered_map<std::string, size_t> per_key;  // open streams by audience key, under mutex
};

// Per io_context state; touched only from that io_context's thread.
struct Shard {
  // Declared before the io_context so that it outlives it: sessions still queued in handlers
  // when a stop cuts the connections are destroyed with the io_context, and remove themselves.
  std::unordered_set<Session*> sessions;
  asio::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard;
  std::unordered_set<std::shared_ptr<EventSubscriber>> streams;  // SSE connections
  std::optional<asio::steady_timer> heartbeat;
  // Out of file handles, accepting waits on this instead of trying again at once.
  std::optional<asio::steady_timer> accept_pause;
  // While the reserve is in use: sheds again once waiting connections have had their grace,
  // so that handles come back without waiting for the next connection to arrive.
  std::optional<asio::steady_timer> shed_timer;
  bool shed_pending = false;
  std::chrono::steady_clock::time_point last_shed{};
  std::chrono::steady_clock::time_point last_pause_log{};
};

// An accepted connection as the limits admitted it.
struct Admission {
  Held held;            // its place in ClientLimits
  std::string peer;     // the address it comes from
  bool refuse = false;  // over its address's cap: read the request, answer 429, close
};

// Starts serving one accepted connection.
void start_session(tcp::socket socket, Server::Impl& server, Shard& shard, Admission admission);
// On a graceful stop: idle keep-alive connections close now, busy ones after their response.
void drain_sessions(Shard& shard);
// While the reserve of file handles is in use: connections that have waited at least `grace`
// for a request (idle keep-alive, or sending nothing, or a request's headers too slowly) close.
void shed_waiting_sessions(Shard& shard, std::chrono::steady_clock::duration grace);

// event_hub.cpp: the hub's state, made with the server.
std::unique_ptr<EventHub::Impl> make_hub_state(Server::Impl& server);
// On the shard's thread, once the stream's headers and replay are written: the connection
// becomes a subscriber (catching up on events published meanwhile).
// The stream keeps the connection's place and its own in the limits until it closes.
void attach_event_stream(Server::Impl& server, Shard& shard, tcp::socket socket,
                         const EventSubscription& subscription, Held connection, Held stream);
// Heartbeats start with the shard; a graceful stop closes every stream.
void start_heartbeat(Server::Impl& server, Shard& shard);
void close_event_streams(Shard& shard);

}  // namespace cds::http
