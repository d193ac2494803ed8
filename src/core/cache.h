// Cached representations with exact invalidation.
//
// What a cached thing depends on is named by scopes: "report:42", "unit:04252", "reports" (every
// list of reports), "account:7" (a name shown on reports), "agencies", "feedback:categories". A
// write names the scopes it changes (db::Connection::touch); once its transaction commits, each
// of those scopes is stamped with a new sequence number, in this process at once and in the
// others on the same PostgreSQL database through LISTEN/NOTIFY. Something computed from data
// read after sequence number S is current while none of its scopes is stamped above S: a write
// that committed after the read always stamps above S, because the stamp is taken after the
// commit and S before the read.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace cds::cache {

class Versions {
 public:
  // The sequence number to note before reading what will be cached.
  uint64_t now() const { return sequence_.load(std::memory_order_acquire); }
  void bump(std::string_view scope);
  void bump(const std::vector<std::string>& scopes);
  // Everything is stale (a listener that lost its connection may have missed changes).
  void bump_everything();
  // Scopes share kSlots slots by hash: two scopes in one slot only invalidate more often.
  static uint32_t slot(std::string_view scope);
  bool current(uint64_t since, const std::vector<uint32_t>& slots) const;

 private:
  static constexpr size_t kSlots = 16384;
  std::atomic<uint64_t> sequence_{1};
  std::atomic<uint64_t> everything_{0};
  std::unique_ptr<std::atomic<uint64_t>[]> stamps_ =
      std::make_unique<std::atomic<uint64_t>[]>(kSlots);
};

// The process's versions: every database connection stamps them after its commits.
Versions& versions();

// A serialised representation (JSON, XML, HTML) and what it depends on.
struct Representation {
  std::string body;
  std::string content_type;
  std::string etag;
  std::vector<std::string> scopes;  // filled by whoever makes it
};

// Representations by key (method, path, query, language…), least recently used dropped first
// beyond max_bytes. Thread-safe; entries are shared, never copied under the lock.
class Representations {
 public:
  explicit Representations(size_t max_bytes = size_t{64} << 20,
                           Versions& versions = cache::versions());
  ~Representations();
  using Make = std::function<void(Representation&)>;
  // The current representation under key, or null.
  std::shared_ptr<const Representation> find(const std::string& key);
  // The current representation under key, or a new one from make (not kept if make throws).
  std::shared_ptr<const Representation> get(const std::string& key, const Make& make);
  struct Stats {
    uint64_t hits = 0, misses = 0, entries = 0, bytes = 0;
  };
  Stats stats() const;

 private:
  struct Shard;
  Versions& versions_;
  size_t max_bytes_per_shard_;
  std::unique_ptr<Shard[]> shards_;
  std::atomic<uint64_t> hits_{0}, misses_{0};
};

}  // namespace cds::cache
