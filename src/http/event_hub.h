// Server-Sent Events: long-lived text/event-stream responses fed from one hub.
//
// A handler that answers with a stream sets Request::event_stream (who it is for and the last
// event already sent) and returns the response headers plus any replayed events as the body.
// Once those are written the connection leaves its HTTP session and becomes a subscriber of
// the hub on the same I/O thread: a socket, its audience keys and a small write queue. The
// hub's publish() may be called from any thread; delivery is posted to each I/O thread and
// written asynchronously, so a slow reader never holds anything up (past a queue of kMaxQueued
// frames it is dropped, and its browser reconnects with Last-Event-ID).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cds::http {

struct ServerEvent {
  uint64_t id = 0;                    // increasing: events are published in id order
  std::vector<std::string> audience;  // delivered to subscribers holding one of these keys
  std::string frame;                  // "id: …\nevent: …\ndata: …\n\n"
};

// The SSE frame for one event: data is one line of JSON (no newline inside).
std::string sse_frame(uint64_t id, const std::string& event, const std::string& data);

class EventHub {
 public:
  static constexpr size_t kMaxQueued = 256;
  static constexpr size_t kRecent = 4096;  // events kept for subscribers still attaching

  struct Impl;
  explicit EventHub(Impl* impl) : impl_(impl) {}

  // Any thread, events in increasing id order.
  void publish(const std::shared_ptr<const ServerEvent>& event);
  // Subscribers attached now, over every I/O thread.
  size_t subscribers() const;
  // The id of the last event published (0 before any).
  uint64_t last_id() const;
  // Streams open now whose audience includes this key.
  size_t listening(const std::string& key) const;

 private:
  Impl* impl_;
};

}  // namespace cds::http
