// Who holds how many sockets: connections and event streams per client address, and sockets in
// all against what the open-file limit leaves once a reserve is kept for ordinary requests.
// Shared by every I/O thread; one mutex, taken once per accepted connection and per stream.
// Private to the http module (the unit tests use it too).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace cds::http {

// The key a client address is counted under: an IPv4 address as it is (an IPv4-mapped IPv6 one
// too), an IPv6 address by its /64, since one subscriber is given a whole /64 and may use any
// address in it. Text that is no address is its own key.
std::string address_key(std::string_view address);

class ClientLimits;

// A place held in a ClientLimits (a socket, or a stream), given back when released or
// destroyed. Move-only; may be released on any thread.
class Held {
 public:
  Held() = default;
  Held(Held&& other) noexcept { *this = std::move(other); }
  Held& operator=(Held&& other) noexcept;
  Held(const Held&) = delete;
  Held& operator=(const Held&) = delete;
  ~Held() { release(); }
  void release();
  explicit operator bool() const { return owner_ != nullptr; }

 private:
  friend class ClientLimits;
  // socket: counted in all only; connection and refusal: in all and for the address too.
  enum class Kind : uint8_t { socket, connection, refusal, stream };
  ClientLimits* owner_ = nullptr;
  Kind kind_ = Kind::socket;
  std::string key_;
};

class ClientLimits {
 public:
  struct Config {
    size_t connections_per_address = 64;  // 0: no cap
    size_t streams_per_address = 20;      // 0: no cap
    // Behind a proxy every connection comes from the proxy: connections are then not counted
    // by address (the proxy limits its clients), streams still are, by the forwarded address.
    bool count_peers = true;
  };

  enum class Verdict {
    admit,   // serve it
    refuse,  // over the address's cap: answer 429 and close
    drop,    // close at once: the address already has as many refusals pending, the
             // reserve is in use and an answer would spend it, or the sockets reach the ceiling
  };

  explicit ClientLimits(Config config) : config_(config) {}
  ClientLimits(const ClientLimits&) = delete;
  ClientLimits& operator=(const ClientLimits&) = delete;

  // Sockets that streams and idle connections may hold: the open-file limit less what the
  // process needs otherwise and the reserve. Set before the server's threads start.
  void set_socket_budget(size_t budget) { budget_ = budget; }
  size_t socket_budget() const { return budget_; }
  // Sockets past which a new connection is closed at once (Verdict::drop): what the open-file
  // limit leaves once the files the process needs besides sockets (its database's files, which
  // a pool opens on demand, uploads, logs) are kept back. Never run out of handles there.
  void set_socket_ceiling(size_t ceiling) { ceiling_ = ceiling; }
  size_t socket_ceiling() const { return ceiling_; }

  // A socket just accepted from this peer address; `held` counts it until released.
  Verdict accept(std::string_view peer, Held& held);
  // A stream for this client address: false when the address holds its share already.
  bool open_stream(std::string_view client, Held& held);
  // True when the sockets open pass the budget: the reserve is in use.
  bool scarce() const { return sockets_.load(std::memory_order_relaxed) > budget_; }
  size_t sockets() const { return sockets_.load(std::memory_order_relaxed); }
  // Streams held in all (their places, taken before a stream's headers are written).
  size_t streams() const { return streams_.load(std::memory_order_relaxed); }
  const Config& config() const { return config_; }

  // For /metrics.
  struct Refusals {
    uint64_t connections = 0;  // answered 429 for an address's connections
    uint64_t dropped = 0;      // closed unanswered
    uint64_t streams = 0;      // answered 429 for an address's streams
  };
  Refusals refusals() const;

 private:
  friend class Held;
  struct Counts {
    size_t connections = 0;
    size_t refusals = 0;
    size_t streams = 0;
  };
  void give_back(Held::Kind kind, const std::string& key);

  Config config_;
  size_t budget_ = std::numeric_limits<size_t>::max();
  size_t ceiling_ = std::numeric_limits<size_t>::max();
  std::atomic<size_t> sockets_{0};
  std::atomic<size_t> streams_{0};
  std::atomic<uint64_t> refused_connections_{0};
  std::atomic<uint64_t> dropped_{0};
  std::atomic<uint64_t> refused_streams_{0};
  std::mutex mutex_;
  std::unordered_map<std::string, Counts> by_address_;  // under mutex_
};

}  // namespace cds::http
