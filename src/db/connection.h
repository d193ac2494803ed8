// The one database interface every store uses. Two engines sit behind it: SQLite (embedded
// default: WAL, one writer and many readers) and PostgreSQL (libpq, a connection pool).
// SQL text uses $1…$n parameters, which both engines accept; a store that truly needs
// engine-specific SQL asks engine() in one place.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace cds::db {

enum class Engine { sqlite, postgres };

// NULL, integer, real or text.
using Value = std::variant<std::monostate, int64_t, double, std::string>;
inline Value null() { return std::monostate{}; }

// `text` for a LIKE pattern, matched literally: %, _ and the escape character itself are
// escaped with a backslash. The SQL must say ESCAPE '\' (both engines understand it).
std::string like_literal(std::string_view text);

// "$k, $k+1, …" for the values, which are appended to params: for `IN (…)` with a list of any
// length, still as parameters.
std::string in_list(const std::vector<std::string>& values, std::vector<Value>& params);

struct DbError : std::runtime_error {
  enum class Kind { unavailable, constraint, query };
  DbError(Kind k, const std::string& message) : std::runtime_error(message), kind(k) {}
  Kind kind;
};

class Row {
 public:
  explicit Row(std::vector<std::optional<std::string>> cells) : cells_(std::move(cells)) {}
  bool is_null(size_t i) const { return !cells_.at(i).has_value(); }
  const std::string& text(size_t i) const;  // "" for NULL
  int64_t integer(size_t i) const;          // 0 for NULL
  double real(size_t i) const;
  std::optional<std::string> optional_text(size_t i) const { return cells_.at(i); }
  size_t size() const { return cells_.size(); }

 private:
  std::vector<std::optional<std::string>> cells_;
};

struct Result {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  int64_t affected = 0;
  bool empty() const { return rows.empty(); }
  size_t size() const { return rows.size(); }
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Engine engine() const = 0;
  virtual Result query(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  // Several statements without parameters (migrations).
  virtual void execute_script(std::string_view sql) = 0;
  // False once the connection is known to be broken; the pool then replaces it.
  virtual bool healthy() const = 0;

  // Names a scope this write transaction changes ("report:42", "unit:04252"; see core/cache.h).
  // Once the transaction commits, cached representations depending on it are stale, in this
  // process and, on PostgreSQL, in every process following changes.
  void touch(std::string scope) { touched_.push_back(std::move(scope)); }
  std::vector<std::string> take_touched() { return std::exchange(touched_, {}); }
  const std::vector<std::string>& touched() const { return touched_; }
  // A savepoint was undone: forget what was touched since `mark` (touched().size() before it).
  void untouch_since(size_t mark) { touched_.resize(std::min(mark, touched_.size())); }

 private:
  std::vector<std::string> touched_;
};

// Where a read may go when the database has a streaming standby (serve --db-read). A thread
// reads from the primary unless a ReadScope on it allows the standby: web/standby.h allows it
// for a GET of a client that has not just written; a cached public answer is made from the
// primary (a standby that has not replayed a change yet would keep the old answer in the
// cache after the change was announced); jobs, the event pump and writes use the primary.
enum class ReadFrom { primary, standby };
class ReadScope {
 public:
  explicit ReadScope(ReadFrom from);
  ~ReadScope();
  ReadScope(const ReadScope&) = delete;
  ReadScope& operator=(const ReadScope&) = delete;
  // Whether a read on this thread went to the standby since this scope began.
  bool used_standby() const;
  static ReadFrom current();
  static void note_standby_read();

 private:
  ReadFrom previous_;
  bool previous_used_;
};

class Database {
 public:
  // "sqlite:PATH" (or a path ending in .db), "sqlite::memory:" (a private in-memory database, for
  // tests) or "postgresql://…" / "postgres://…". read_url: a streaming standby of that
  // PostgreSQL database for the reads a ReadScope allows (a standby that cannot be reached is
  // left alone for a few seconds and the primary answers).
  // Throws DbError(unavailable) when the database cannot be opened.
  static std::unique_ptr<Database> open(const std::string& url, size_t pool_size = 8,
                                        const std::string& read_url = "");

  virtual ~Database() = default;
  virtual Engine engine() const = 0;

  // Runs f on a connection for reading. f must not call read() or write() itself. On the
  // standby (see ReadScope), f runs again on the primary when the standby fails under it: f
  // must build what it returns from its own queries, not add to what a first run left.
  template <typename F>
  auto read(F&& f) {
    if (ReadScope::current() == ReadFrom::standby) {
      if (std::optional<Lease> standby = acquire_standby()) {
        try {
          ReadScope::note_standby_read();
          return f(**standby);
        } catch (const DbError& e) {
          if (e.kind == DbError::Kind::constraint) throw;
          standby_failed(e.what());  // stopped, unreachable, or a conflict with its recovery
        }
      }
    }
    Lease lease = acquire(false);
    return f(*lease);
  }
  // Runs f inside a transaction: committed when f returns, rolled back when it throws. When
  // write() returns, the commit is done (on SQLite, on disk). f may run on another thread than
  // the caller's (SQLite commits concurrent writes together), so it must not rely on
  // thread-local state of the caller.
  template <typename F>
  auto write(F&& f) {
    using R = decltype(f(std::declval<Connection&>()));
    if constexpr (std::is_void_v<R>) {
      run_write([&](Connection& c) { f(c); });
    } else {
      std::optional<R> result;
      run_write([&](Connection& c) { result.emplace(f(c)); });
      return std::move(*result);
    }
  }

  // How many write transactions were asked for and how many commits carried them (fewer when
  // concurrent writes were committed together).
  struct WriteStats {
    uint64_t writes = 0, commits = 0;
  };
  virtual WriteStats write_stats() const { return {}; }
  // Reads the standby answered, and those it failed (then the primary answered).
  struct ReadStats {
    uint64_t standby = 0, fallbacks = 0;
  };
  virtual ReadStats read_stats() const { return {}; }
  virtual bool has_standby() const { return false; }

  // True when a trivial query succeeds; otherwise reason says why.
  virtual bool ping(std::string& reason) = 0;
  virtual size_t connections_in_use() const = 0;
  virtual size_t pool_size() const = 0;
  // Starts following the changes other processes commit to the same database (PostgreSQL:
  // LISTEN), so that this process's cached representations follow them. No-op on SQLite, which
  // one process serves.
  virtual void follow_other_processes() {}

 protected:
  // Hands a connection back to its pool when destroyed.
  class Lease {
   public:
    Lease(Connection* c, std::function<void(Connection*)> release)
        : conn_(c), release_(std::move(release)) {}
    Lease(Lease&& o) noexcept : conn_(o.conn_), release_(std::move(o.release_)) {
      o.conn_ = nullptr;
    }
    ~Lease() {
      if (conn_) release_(conn_);
    }
    Connection& operator*() const { return *conn_; }
    Connection* operator->() const { return conn_; }

   private:
    Connection* conn_;
    std::function<void(Connection*)> release_;
  };
  virtual Lease acquire(bool for_write) = 0;
  // A connection to the standby, or none (no standby, or it failed a moment ago).
  virtual std::optional<Lease> acquire_standby() { return std::nullopt; }
  virtual void standby_failed(const std::string& /*why*/) {}
  virtual void begin(Connection& c) = 0;
  // One transaction around work on a write connection; engines may group several.
  virtual void run_write(const std::function<void(Connection&)>& work);
  // Commits, then stamps the scopes the transaction touched (announce() first tells the other
  // processes, inside the transaction, so they hear of it only if it commits).
  void commit(Connection& c);
  void rollback(Connection& c) noexcept;
  virtual void announce(Connection&) {}
};

// Connection pool shared by both engines: keeps up to `size` connections, creates them on
// demand with the factory, waits when all are in use, drops broken ones.
class Pool {
 public:
  using Factory = std::function<std::unique_ptr<Connection>()>;
  Pool(Factory factory, size_t size);
  ~Pool();
  Connection* take();
  void give_back(Connection* c);
  size_t in_use() const;
  size_t size() const { return size_; }

 private:
  struct State;
  Factory factory_;
  size_t size_;
  std::unique_ptr<State> state_;
};

// Runs SELECT 1; a second try covers a pooled connection that went stale since last use.
bool ping_database(Database& db, std::string& reason);

std::unique_ptr<Database> open_sqlite(const std::string& path, size_t readers);
std::unique_ptr<Database> open_postgres(const std::string& url, size_t pool_size,
                                        const std::string& read_url = "");

}  // namespace cds::db
