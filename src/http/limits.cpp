// Connections and streams per client address, and sockets in all (limits.h).
#include "http/limits.h"

#include <boost/asio/ip/address.hpp>

namespace cds::http {

std::string address_key(std::string_view address) {
  boost::system::error_code ec;
  auto ip = boost::asio::ip::make_address(std::string(address), ec);
  if (ec) return std::string(address);
  if (ip.is_v4()) return ip.to_string();
  auto v6 = ip.to_v6();
  if (v6.is_v4_mapped())
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6).to_string();
  auto bytes = v6.to_bytes();
  for (size_t i = 8; i < bytes.size(); ++i) bytes[i] = 0;
  return boost::asio::ip::address_v6(bytes).to_string() + "/64";
}

Held& Held::operator=(Held&& other) noexcept {
  if (this != &other) {
    release();
    owner_ = std::exchange(other.owner_, nullptr);
    kind_ = other.kind_;
    key_ = std::move(other.key_);
  }
  return *this;
}

void Held::release() {
  if (!owner_) return;
  std::exchange(owner_, nullptr)->give_back(kind_, key_);
  key_.clear();
}

ClientLimits::Verdict ClientLimits::accept(std::string_view peer, Held& held) {
  held.release();
  size_t open = sockets_.fetch_add(1, std::memory_order_relaxed) + 1;
  held.owner_ = this;
  held.kind_ = Held::Kind::socket;
  if (open > ceiling_) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return Verdict::drop;
  }
  size_t cap = config_.connections_per_address;
  if (!config_.count_peers || cap == 0) return Verdict::admit;
  std::string key = address_key(peer);
  std::lock_guard lock(mutex_);
  Counts& counts = by_address_[key];
  if (counts.connections < cap) {
    ++counts.connections;
    held.kind_ = Held::Kind::connection;
  } else if (counts.refusals < cap && !scarce()) {
    // A refusal costs a socket for as long as it takes to read the request and answer: as
    // many of them as the cap at once, and none from the reserve.
    ++counts.refusals;
    held.kind_ = Held::Kind::refusal;
    refused_connections_.fetch_add(1, std::memory_order_relaxed);
  } else {
    if (counts.connections == 0 && counts.refusals == 0 && counts.streams == 0)
      by_address_.erase(key);
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return Verdict::drop;
  }
  held.key_ = std::move(key);
  return held.kind_ == Held::Kind::connection ? Verdict::admit : Verdict::refuse;
}

bool ClientLimits::open_stream(std::string_view client, Held& held) {
  held.release();
  size_t cap = config_.streams_per_address;
  std::string key = address_key(client);
  std::lock_guard lock(mutex_);
  Counts& counts = by_address_[key];
  if (cap != 0 && counts.streams >= cap) {
    if (counts.connections == 0 && counts.refusals == 0 && counts.streams == 0)
      by_address_.erase(key);
    refused_streams_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  ++counts.streams;
  streams_.fetch_add(1, std::memory_order_relaxed);
  held.owner_ = this;
  held.kind_ = Held::Kind::stream;
  held.key_ = std::move(key);
  return true;
}

void ClientLimits::give_back(Held::Kind kind, const std::string& key) {
  if (kind != Held::Kind::stream) sockets_.fetch_sub(1, std::memory_order_relaxed);
  if (kind == Held::Kind::stream) streams_.fetch_sub(1, std::memory_order_relaxed);
  if (kind == Held::Kind::socket) return;
  std::lock_guard lock(mutex_);
  auto it = by_address_.find(key);
  if (it == by_address_.end()) return;
  Counts& counts = it->second;
  size_t& count = kind == Held::Kind::connection ? counts.connections
                  : kind == Held::Kind::refusal  ? counts.refusals
                                                 : counts.streams;
  if (count > 0) --count;
  if (counts.connections == 0 && counts.refusals == 0 && counts.streams == 0) by_address_.erase(it);
}

ClientLimits::Refusals ClientLimits::refusals() const {
  return {refused_connections_.load(std::memory_order_relaxed),
          dropped_.load(std::memory_order_relaxed),
          refused_streams_.load(std::memory_order_relaxed)};
}

}  // namespace cds::http
