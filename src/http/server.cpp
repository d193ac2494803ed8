// The server: one io_context per core, each with its own SO_REUSEPORT listener; the worker and
// media pools; a graceful stop. Each connection is a Session (session.cpp).
#include "core/log.h"
#include "http/server_internal.h"

namespace cds::http {

using reuse_port = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

namespace {
void accept_loop(Server::Impl& server, Shard& shard) {
  shard.acceptor.async_accept(shard.ioc,
                              [&server, &shard](beast::error_code ec, tcp::socket socket) {
                                if (ec) {
                                  if (!shard.acceptor.is_open()) return;
                                  // EMFILE and friends: keep accepting, the next one may work.
                                } else {
                                  socket.set_option(tcp::no_delay(true), ec);
                                  start_session(std::move(socket), server, shard);
                                }
                                if (shard.acceptor.is_open()) accept_loop(server, shard);
                              });
}
}  // namespace

Server::Server(ServerConfig config, Router router, ServerHooks hooks)
    : impl_(std::make_unique<Impl>()) {
  impl_->config = std::move(config);
  impl_->router = std::move(router);
  impl_->hooks = std::move(hooks);
  impl_->metrics = impl_->hooks.metrics ? impl_->hooks.metrics : Metrics::for_router(impl_->router);
  impl_->hub_state = make_hub_state(*impl_);
  impl_->hub = std::make_unique<EventHub>(impl_->hub_state.get());
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
    impl_->shards.push_back(std::move(shard));
  }
  impl_->bound_port = port;
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
  if (impl_->media_workers) impl_->media_workers->join();
}

}  // namespace cds::http
