// The server: one io_context per core, each with its own SO_REUSEPORT listener; the worker and
// media pools; a graceful stop. Each connection is a Session (session.cpp).
#include <sys/resource.h>

#include <filesystem>

#include "core/log.h"
#include "http/server_internal.h"

namespace cds::http {

using reuse_port = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

namespace {

// How long accepting waits when the process is out of file handles; the connections waiting
// meanwhile stay in the listen queue. Trying again at once would spin (EMFILE is reported
// again and again for the same queued connection) and starve every other connection.
constexpr auto kAcceptPause = std::chrono::milliseconds(50);
// While the reserve is in use, a connection that has waited this long for a request gives its
// handle back: clients send their request at once, and browsers reopen a closed keep-alive.
constexpr auto kShedGrace = std::chrono::milliseconds(500);
constexpr auto kShedEvery = std::chrono::milliseconds(100);

bool out_of_handles(const beast::error_code& ec) {
  if (ec.category() != boost::system::system_category()) return false;
  int e = ec.value();
  return e == EMFILE || e == ENFILE || e == ENOBUFS || e == ENOMEM;
}

// At most every kShedEvery per shard: shedding looks at every session of the shard.
void shed(Shard& shard) {
  auto now = std::chrono::steady_clock::now();
  if (now - shard.last_shed < kShedEvery) return;
  shard.last_shed = now;
  shed_waiting_sessions(shard, kShedGrace);
}

void accept_loop(Server::Impl& server, Shard& shard);

// While the reserve is in use, shedding runs again after the grace a waiting connection has,
// and again while the reserve stays in use: a crowd that arrived at once and then waits gives
// its handles back without another connection having to arrive first.
void schedule_shed(Server::Impl& server, Shard& shard) {
  if (shard.shed_pending || !shard.shed_timer) return;
  shard.shed_pending = true;
  shard.shed_timer->expires_after(kShedGrace + kShedEvery);
  shard.shed_timer->async_wait([&server, &shard](beast::error_code ec) {
    shard.shed_pending = false;
    if (ec || !shard.acceptor.is_open()) return;
    shed(shard);
    if (server.limits->scarce()) schedule_shed(server, shard);
  });
}

void admit(Server::Impl& server, Shard& shard, tcp::socket socket) {
  beast::error_code ec;
  auto peer = socket.remote_endpoint(ec);
  if (ec) return;  // already gone
  Admission admission{.peer = peer.address().to_string()};
  auto verdict = server.limits->accept(admission.peer, admission.held);
  if (server.limits->scarce()) {
    shed(shard);
    schedule_shed(server, shard);
  }
  if (verdict == ClientLimits::Verdict::drop) return socket.close(ec);
  admission.refuse = verdict == ClientLimits::Verdict::refuse;
  socket.set_option(tcp::no_delay(true), ec);
  start_session(std::move(socket), server, shard, std::move(admission));
}

// Out of file handles: every shard sheds what waits idle, and this one accepts again shortly.
void pause_accepting(Server::Impl& server, Shard& shard) {
  server.accept_pauses.fetch_add(1, std::memory_order_relaxed);
  auto now = std::chrono::steady_clock::now();
  if (now - shard.last_pause_log > std::chrono::seconds(10)) {
    shard.last_pause_log = now;
    spdlog::warn("out of file handles ({} connections open): accepting paused briefly",
                 server.limits->sockets());
  }
  for (auto& other : server.shards) {
    Shard* s = other.get();
    asio::post(s->ioc, [s] { shed(*s); });
  }
  shard.accept_pause->expires_after(kAcceptPause);
  shard.accept_pause->async_wait([&server, &shard](beast::error_code ec) {
    if (!ec && shard.acceptor.is_open()) accept_loop(server, shard);
  });
}

void accept_loop(Server::Impl& server, Shard& shard) {
  shard.acceptor.async_accept(shard.ioc,
                              [&server, &shard](beast::error_code ec, tcp::socket socket) {
                                if (!shard.acceptor.is_open()) return;
                                if (ec && out_of_handles(ec)) return pause_accepting(server, shard);
                                // Other errors (a connection reset while queued) concern one
                                // connection only.
                                if (!ec) admit(server, shard, std::move(socket));
                                accept_loop(server, shard);
                              });
}

// The sockets streams and idle connections may hold (the budget), and the most sockets the
// server keeps at all (the ceiling): the open-file limit less the handles the process holds
// already (database, logs, listeners), less the reserve kept for requests for the budget, and
// less the files it may still open besides sockets (the database pool's connections, opened on
// demand, each a few files; uploads) for the ceiling.
std::pair<size_t, size_t> socket_budget(size_t reserve) {
  constexpr size_t kNone = std::numeric_limits<size_t>::max();
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
    return {kNone, kNone};
  size_t held = 0;
  std::error_code ec;
  for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end;
       it.increment(ec))
    ++held;
  if (ec || held == 0) held = 64;  // no /proc: a guess at a typical start
  size_t files = static_cast<size_t>(limit.rlim_cur);
  if (files <= held) return {0, 0};
  size_t left = files - held;
  return {left - std::min(reserve, left / 2), left - std::min<size_t>(64, left / 4)};
}

std::string connection_figures(const Server::Impl& server) {
  auto refused = server.limits->refusals();
  return "# HELP cds_http_connections_open Sockets open: connections and event streams.\n"
         "# TYPE cds_http_connections_open gauge\ncds_http_connections_open " +
         std::to_string(server.limits->sockets()) +
         "\n# HELP cds_http_connection_budget Sockets streams and idle connections may hold "
         "(the open-file limit less the reserve).\n"
         "# TYPE cds_http_connection_budget gauge\ncds_http_connection_budget " +
         std::to_string(server.limits->socket_budget()) +
         "\n# HELP cds_http_refused_total Connections and streams refused by the limits.\n"
         "# TYPE cds_http_refused_total counter\n"
         "cds_http_refused_total{reason=\"connections_per_address\"} " +
         std::to_string(refused.connections) +
         "\ncds_http_refused_total{reason=\"streams_per_address\"} " +
         std::to_string(refused.streams) + "\ncds_http_refused_total{reason=\"dropped\"} " +
         std::to_string(refused.dropped) +
         "\n# HELP cds_http_accept_pauses_total Times accepting waited for a free file handle.\n"
         "# TYPE cds_http_accept_pauses_total counter\ncds_http_accept_pauses_total " +
         std::to_string(server.accept_pauses.load()) + "\n";
}

}  // namespace

Server::Server(ServerConfig config, Router router, ServerHooks hooks)
    : impl_(std::make_unique<Impl>()) {
  impl_->config = std::move(config);
  impl_->router = std::move(router);
  impl_->hooks = std::move(hooks);
  impl_->metrics = impl_->hooks.metrics ? impl_->hooks.metrics : Metrics::for_router(impl_->router);
  if (!impl_->config.map_tile_origin.empty())
    impl_->image_sources = " " + impl_->config.map_tile_origin;
  impl_->hub_state = make_hub_state(*impl_);
  impl_->hub = std::make_unique<EventHub>(impl_->hub_state.get());
  impl_->limits = std::make_unique<ClientLimits>(
      ClientLimits::Config{.connections_per_address = impl_->config.max_connections_per_address,
                           .streams_per_address = impl_->config.max_streams_per_address,
                           .count_peers = !impl_->config.trust_forwarded_for});
  // Build the chain: the innermost call runs the handler of the route matched for this request.
  Impl* impl = impl_.get();
  Next handler_call = [impl](Request& req) -> Response {
    return impl->router.routes().at(req.route_index).handler(req);
  };
  Next chain = handler_call;
  for (auto it = impl_->hooks.middleware.rbegin(); it != impl_->hooks.middleware.rend(); ++it) {
    Middleware mw = *it;
    chain = [mw, next = chain](Request& req) { return mw(req, next); };
  }
  impl_->pipeline = std::move(chain);
  impl_->metrics->add_gauge_provider([impl] { return connection_figures(*impl); });
}

Server::~Server() {
  stop();
  wait();
}

void Server::start() {
  auto& cfg = impl_->config;
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  unsigned io_threads = cfg.io_threads ? cfg.io_threads : cores;
  // Workers mostly wait on the database; with durable commits, more of them waiting together
  // means larger group commits (on 2 cores, Open311 POSTs: 1,746 a second at 2 workers, 4,561
  // at 16 with 9.5 writes a commit, 6,550 at 64 with 30 a commit; 128 gave no more).
  unsigned workers = cfg.worker_threads ? cfg.worker_threads : std::max(64u, 16 * cores);
  impl_->workers = std::make_unique<asio::thread_pool>(workers);
  impl_->read_workers =
      std::make_unique<asio::thread_pool>(cfg.read_threads ? cfg.read_threads : 2 * cores);
  impl_->media_workers = std::make_unique<asio::thread_pool>(std::max(1u, cfg.media_threads));
  auto address = asio::ip::make_address(cfg.host);
  uint16_t port = cfg.port;
  for (unsigned i = 0; i < io_threads; ++i) {
    auto shard = std::make_unique<Shard>();
    tcp::endpoint endpoint{address, port};
    shard->acceptor.open(endpoint.protocol());
    shard->acceptor.set_option(asio::socket_base::reuse_address(true));
    shard->acceptor.set_option(reuse_port(true));
    shard->acceptor.bind(endpoint);
    shard->acceptor.listen(asio::socket_base::max_listen_connections);
    // With port 0 the kernel picks one; the other listeners join that same port.
    port = shard->acceptor.local_endpoint().port();
    shard->guard.emplace(shard->ioc.get_executor());
    shard->accept_pause.emplace(shard->ioc);
    shard->shed_timer.emplace(shard->ioc);
    impl_->shards.push_back(std::move(shard));
  }
  impl_->bound_port = port;
  auto [budget, ceiling] = socket_budget(cfg.reserved_files);
  impl_->limits->set_socket_budget(budget);
  impl_->limits->set_socket_ceiling(ceiling);
  for (auto& shard : impl_->shards) {
    accept_loop(*impl_, *shard);
    start_heartbeat(*impl_, *shard);
  }
  for (auto& shard : impl_->shards) {
    Shard* s = shard.get();
    impl_->threads.emplace_back([s] {
      for (;;) {
        try {
          s->ioc.run();
          return;
        } catch (const std::exception& e) {
          spdlog::error("io thread: {}", e.what());
        }
      }
    });
  }
}

uint16_t Server::port() const { return impl_->bound_port; }

Metrics& Server::metrics() { return *impl_->metrics; }

EventHub& Server::events() { return *impl_->hub; }

void Server::stop_on_signals() {
  auto& ioc = impl_->shards.front()->ioc;
  impl_->signals = std::make_unique<asio::signal_set>(ioc, SIGINT, SIGTERM);
  impl_->signals->async_wait([this](beast::error_code ec, int signal) {
    if (ec) return;
    spdlog::info("signal {} received, stopping", signal);
    stop();
  });
}

void Server::stop() {
  if (impl_->shards.empty() || impl_->stop_requested.exchange(true)) return;
  impl_->draining = true;
  Impl* impl = impl_.get();
  for (auto& shard : impl_->shards) {
    Shard* s = shard.get();
    asio::post(s->ioc, [impl, s] {
      boost::system::error_code ec;
      s->acceptor.close(ec);
      s->accept_pause->cancel();
      s->shed_timer->cancel();
      if (impl->signals && s == impl->shards.front().get()) impl->signals->cancel(ec);
      drain_sessions(*s);
      close_event_streams(*s);
      s->guard.reset();  // run() returns once the last connection is done
    });
  }
  // Connections that do not finish in time are cut.
  impl_->reaper = std::thread([impl] {
    std::unique_lock lock(impl->reaper_mutex);
    if (!impl->reaper_cv.wait_for(lock, impl->config.drain_timeout,
                                  [impl] { return impl->threads_done; })) {
      spdlog::warn("graceful stop timed out; closing remaining connections");
      for (auto& shard : impl->shards) shard->ioc.stop();
    }
  });
}

void Server::wait() {
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
  {
    std::lock_guard lock(impl_->reaper_mutex);
    impl_->threads_done = true;
  }
  impl_->reaper_cv.notify_all();
  if (impl_->reaper.joinable()) impl_->reaper.join();
  if (impl_->workers) impl_->workers->join();
  if (impl_->read_workers) impl_->read_workers->join();
  if (impl_->media_workers) impl_->media_workers->join();
}

}  // namespace cds::http
