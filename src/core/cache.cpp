#include "core/cache.h"

#include <list>
#include <unordered_map>

namespace cds::cache {

uint32_t Versions::slot(std::string_view scope) {
  return static_cast<uint32_t>(std::hash<std::string_view>{}(scope) % kSlots);
}

void Versions::bump(std::string_view scope) {
  uint64_t stamp = sequence_.fetch_add(1, std::memory_order_acq_rel) + 1;
  std::atomic<uint64_t>& s = stamps_[slot(scope)];
  // Keep the highest stamp: two bumps of one slot may store out of order.
  uint64_t seen = s.load(std::memory_order_relaxed);
  while (seen < stamp && !s.compare_exchange_weak(seen, stamp, std::memory_order_acq_rel)) {
  }
}

void Versions::bump(const std::vector<std::string>& scopes) {
  for (const auto& s : scopes) bump(s);
}

void Versions::bump_everything() {
  everything_.store(sequence_.fetch_add(1, std::memory_order_acq_rel) + 1,
                    std::memory_order_release);
}

bool Versions::current(uint64_t since, const std::vector<uint32_t>& slots) const {
  if (everything_.load(std::memory_order_acquire) > since) return false;
  for (uint32_t s : slots)
    if (stamps_[s].load(std::memory_order_acquire) > since) return false;
  return true;
}

Versions& versions() {
  static Versions instance;
  return instance;
}

namespace {
struct Stored {
  Representation representation;
  std::vector<uint32_t> slots;
  uint64_t since = 0;
  size_t bytes = 0;
};
constexpr size_t kShards = 16;
}  // namespace

struct Representations::Shard {
  using Lru = std::list<std::pair<std::string, std::shared_ptr<const Stored>>>;
  std::mutex mutex;
  Lru lru;  // most recently used first
  std::unordered_map<std::string, Lru::iterator> index;
  size_t bytes = 0;

  void erase(Lru::iterator it) {
    bytes -= it->second->bytes;
    index.erase(it->first);
    lru.erase(it);
  }
};

Representations::Representations(size_t max_bytes, Versions& versions)
    : versions_(versions),
      max_bytes_per_shard_(max_bytes / kShards),
      shards_(std::make_unique<Shard[]>(kShards)) {}

Representations::~Representations() = default;

std::shared_ptr<const Representation> Representations::find(const std::string& key) {
  Shard& shard = shards_[std::hash<std::string>{}(key) % kShards];
  std::lock_guard lock(shard.mutex);
  auto found = shard.index.find(key);
  if (found == shard.index.end()) return nullptr;
  auto it = found->second;
  if (!versions_.current(it->second->since, it->second->slots)) {
    shard.erase(it);
    return nullptr;
  }
  shard.lru.splice(shard.lru.begin(), shard.lru, it);
  hits_.fetch_add(1, std::memory_order_relaxed);
  auto stored = it->second;
  return {stored, &stored->representation};
}

std::shared_ptr<const Representation> Representations::get(const std::string& key,
                                                           const Make& make) {
  if (auto found = find(key)) return found;
  Shard& shard = shards_[std::hash<std::string>{}(key) % kShards];
  misses_.fetch_add(1, std::memory_order_relaxed);
  auto stored = std::make_shared<Stored>();
  stored->since = versions_.now();  // before anything is read
  make(stored->representation);
  for (const auto& s : stored->representation.scopes) stored->slots.push_back(Versions::slot(s));
  stored->bytes = key.size() + stored->representation.body.size() + 128;
  std::shared_ptr<const Stored> shared = stored;
  if (stored->bytes <= max_bytes_per_shard_) {
    std::lock_guard lock(shard.mutex);
    auto found = shard.index.find(key);
    if (found != shard.index.end()) shard.erase(found->second);
    shard.lru.emplace_front(key, shared);
    shard.index.emplace(key, shard.lru.begin());
    shard.bytes += stored->bytes;
    while (shard.bytes > max_bytes_per_shard_) shard.erase(std::prev(shard.lru.end()));
  }
  return {shared, &shared->representation};
}

Representations::Stats Representations::stats() const {
  Stats s;
  s.hits = hits_.load(std::memory_order_relaxed);
  s.misses = misses_.load(std::memory_order_relaxed);
  for (size_t i = 0; i < kShards; ++i) {
    std::lock_guard lock(shards_[i].mutex);
    s.entries += shards_[i].index.size();
    s.bytes += shards_[i].bytes;
  }
  return s;
}

}  // namespace cds::cache
