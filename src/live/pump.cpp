#include "live/pump.h"

#include <chrono>

#include "core/cache.h"
#include "core/log.h"
#include "live/events.h"

namespace cds::live {

namespace {
// How often the pump looks at the live scope's stamp: one atomic read. A publication reaches
// the streams within this much, plus a query.
constexpr auto kLook = std::chrono::milliseconds(20);
// Even with no stamp seen, it reads once in a while (a listener that lost its connection).
constexpr auto kAnyway = std::chrono::seconds(5);
}  // namespace

Pump::Pump(db::Database& db, http::EventHub& hub, std::set<std::string> reach_kinds)
    : db_(db), hub_(hub), reach_kinds_(std::move(reach_kinds)) {}

Pump::~Pump() { stop(); }

void Pump::start() {
  last_ = db_.read([](db::Connection& c) { return last_event_id(c); });
  thread_ = std::thread([this] { run(); });
}

void Pump::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

bool Pump::send_new() {
  try {
    for (;;) {
      auto events = db_.read([&](db::Connection& c) { return events_after(c, last_, 500); });
      for (auto& e : events) {
        auto event = std::make_shared<http::ServerEvent>();
        event->id = static_cast<uint64_t>(e.id);
        event->audience = std::move(e.audience);
        event->frame = http::sse_frame(event->id, e.kind, e.data);
        hub_.publish(event);
        last_ = e.id;
        if (reach_kinds_.contains(e.kind)) record_reach(*event);
      }
      if (events.size() < 500) return true;
    }
  } catch (const std::exception& e) {
    spdlog::warn("live events: {}", e.what());
    return false;
  }
}

// An event's reach (an alert's): the streams of each commune (and of the whole province) open
// here as it went out. Written by every process for its own readers.
void Pump::record_reach(const http::ServerEvent& event) {
  std::vector<std::pair<std::string, int64_t>> counts;
  for (const auto& key : event.audience)
    if (size_t n = hub_.listening(key)) counts.emplace_back(key, static_cast<int64_t>(n));
  if (counts.empty()) return;
  db_.write([&](db::Connection& c) {
    for (const auto& [key, n] : counts) add_reach(c, static_cast<int64_t>(event.id), key, n);
  });
}

void Pump::run() {
  const std::vector<uint32_t> slots{cache::Versions::slot(kScope)};
  auto& versions = cache::versions();
  uint64_t seen = versions.now();
  auto last_read = std::chrono::steady_clock::now();
  while (!stopping_) {
    std::this_thread::sleep_for(kLook);
    auto now = std::chrono::steady_clock::now();
    if (versions.current(seen, slots) && now - last_read < kAnyway) continue;
    uint64_t before = versions.now();  // taken before the read: a later commit stamps above it
    if (send_new()) seen = before;
    last_read = now;
  }
}

}  // namespace cds::live
