// The Server-Sent Events hub: subscribers live on the I/O thread that accepted them; publish()
// keeps the event among the recent ones and posts its delivery to every I/O thread.
#include "http/event_hub.h"

#include <boost/asio/write.hpp>

#include "core/log.h"
#include "http/server_internal.h"

namespace cds::http {

std::string sse_frame(uint64_t id, const std::string& event, const std::string& data) {
  return "id: " + std::to_string(id) + "\nevent: " + event + "\ndata: " + data + "\n\n";
}

// One open stream: the socket, who it is for, and the frames waiting to be written. Touched
// only on its shard's thread.
class EventSubscriber : public std::enable_shared_from_this<EventSubscriber> {
 public:
  EventSubscriber(tcp::socket socket, Shard& shard, EventHub::Impl& hub,
                  std::vector<std::string> audience, uint64_t after, Held connection, Held stream)
      : socket_(std::move(socket)),
        shard_(shard),
        hub_(hub),
        audience_(std::move(audience)),
        last_sent_(after),
        connection_(std::move(connection)),
        stream_(std::move(stream)) {}

  bool wants(const ServerEvent& e) const {
    if (e.id <= last_sent_) return false;  // replayed or caught up already
    for (const auto& key : e.audience)
      for (const auto& mine : audience_)
        if (key == mine) return true;
    return false;
  }

  void deliver(const std::shared_ptr<const ServerEvent>& e) {
    if (!wants(*e)) return;
    last_sent_ = e->id;
    send(std::shared_ptr<const std::string>(e, &e->frame));
  }

  // Events published while this stream was being set up, then the watch for the reader going.
  void start(const std::vector<std::shared_ptr<const ServerEvent>>& recent, uint64_t newest) {
    for (const auto& e : recent) deliver(e);
    last_sent_ = std::max(last_sent_, newest);
    watch();
  }

  void heartbeat() {
    static const auto kComment = std::make_shared<const std::string>(":\n\n");
    if (queue_.empty()) send(kComment);
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    boost::system::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
    connection_.release();
    stream_.release();
    shard_.streams.erase(shared_from_this());
    hub_.count.fetch_sub(1);
    std::lock_guard lock(hub_.mutex);
    for (const auto& key : audience_)
      if (auto it = hub_.per_key.find(key); it != hub_.per_key.end() && --it->second == 0)
        hub_.per_key.erase(it);
  }

 private:
  void send(std::shared_ptr<const std::string> frame) {
    if (closed_) return;
    if (queue_.size() >= EventHub::kMaxQueued) return close();  // a reader that stopped reading
    queue_.push_back(std::move(frame));
    if (queue_.size() == 1) write_next();
  }

  void write_next() {
    asio::async_write(socket_, asio::buffer(*queue_.front()),
                      [self = shared_from_this()](boost::system::error_code ec, size_t) {
                        if (ec) return self->close();
                        self->queue_.pop_front();
                        if (!self->queue_.empty()) self->write_next();
                      });
  }

  // A reader sends nothing after its request: any byte or the end of the connection ends it.
  void watch() {
    socket_.async_read_some(
        asio::buffer(probe_),
        [self = shared_from_this()](boost::system::error_code, size_t) { self->close(); });
  }

  tcp::socket socket_;
  Shard& shard_;
  EventHub::Impl& hub_;
  std::vector<std::string> audience_;
  uint64_t last_sent_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  std::array<char, 1> probe_{};
  bool closed_ = false;
  Held connection_;  // the socket's place in the limits, and the stream's
  Held stream_;
};

std::unique_ptr<EventHub::Impl> make_hub_state(Server::Impl& server) {
  return std::make_unique<EventHub::Impl>(server);
}

void EventHub::publish(const std::shared_ptr<const ServerEvent>& event) {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->recent.push_back(event);
    if (impl_->recent.size() > kRecent) impl_->recent.pop_front();
    impl_->last.store(event->id);
  }
  for (auto& shard : impl_->server.shards) {
    Shard* s = shard.get();
    asio::post(s->ioc, [s, event] {
      // A copy: a delivery that fails closes its subscriber, which leaves the set.
      std::vector<std::shared_ptr<EventSubscriber>> streams(s->streams.begin(), s->streams.end());
      for (const auto& sub : streams) sub->deliver(event);
    });
  }
}

size_t EventHub::subscribers() const { return impl_->count.load(); }

uint64_t EventHub::last_id() const { return impl_->last.load(); }

size_t EventHub::listening(const std::string& key) const {
  std::lock_guard lock(impl_->mutex);
  auto it = impl_->per_key.find(key);
  return it == impl_->per_key.end() ? 0 : it->second;
}

void attach_event_stream(Server::Impl& server, Shard& shard, tcp::socket socket,
                         const EventSubscription& subscription, Held connection, Held stream) {
  EventHub::Impl& hub = *server.hub_state;
  auto sub = std::make_shared<EventSubscriber>(std::move(socket), shard, hub, subscription.audience,
                                               subscription.after, std::move(connection),
                                               std::move(stream));
  std::vector<std::shared_ptr<const ServerEvent>> missed;
  uint64_t newest = 0;
  {
    std::lock_guard lock(hub.mutex);
    for (const auto& key : subscription.audience) ++hub.per_key[key];
    newest = hub.last.load();
    for (const auto& e : hub.recent)
      if (e->id > subscription.after) missed.push_back(e);
  }
  shard.streams.insert(sub);
  hub.count.fetch_add(1);
  if (server.draining.load()) return sub->close();
  sub->start(missed, std::max(newest, subscription.after));
}

namespace {
void schedule_heartbeat(Server::Impl& server, Shard& shard) {
  shard.heartbeat->expires_after(server.config.event_heartbeat);
  shard.heartbeat->async_wait([&server, &shard](boost::system::error_code ec) {
    if (ec || server.draining.load()) return;
    std::vector<std::shared_ptr<EventSubscriber>> streams(shard.streams.begin(),
                                                          shard.streams.end());
    for (const auto& sub : streams) sub->heartbeat();
    schedule_heartbeat(server, shard);
  });
}
}  // namespace

void start_heartbeat(Server::Impl& server, Shard& shard) {
  shard.heartbeat.emplace(shard.ioc);
  schedule_heartbeat(server, shard);
}

void close_event_streams(Shard& shard) {
  if (shard.heartbeat) shard.heartbeat->cancel();
  std::vector<std::shared_ptr<EventSubscriber>> streams(shard.streams.begin(), shard.streams.end());
  for (const auto& sub : streams) sub->close();
}

}  // namespace cds::http
