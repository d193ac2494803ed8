// SQLite engine: one writer connection (SQLite allows one writer at a time; queueing in our
// pool is cheaper than busy-waiting in SQLite) and a pool of readers, all in WAL mode.
// Writes are durable (synchronous=FULL), so each commit waits for the disk; concurrent writes
// are therefore committed together (group commit): the first waiting thread leads a batch, each
// write in its own savepoint, and every caller returns only after the batch's commit.
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "db/connection.h"

namespace cds::db {
namespace {

// How long a write may wait for the write lock held by another process (an operator's open
// transaction, a restore) before it fails as unavailable (a 503), counted from when it was asked
// for: writes queued behind a blocked batch do not wait a second time.
constexpr std::chrono::milliseconds kLockWait{5000};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(const std::string& path) {
    bool in_memory = path.starts_with("file:") && path.find("mode=memory") != std::string::npos;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
                (in_memory ? SQLITE_OPEN_URI : 0);
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      db_ = nullptr;
      throw DbError(DbError::Kind::unavailable, "cannot open SQLite database: " + message);
    }
    sqlite3_busy_timeout(db_, static_cast<int>(kLockWait.count()));
    sqlite3_extended_result_codes(db_, 1);
    execute_script(in_memory ? "PRAGMA foreign_keys=ON;"
                             // FULL: a commit returns only once the WAL is on disk, so an
                             // acknowledged write survives a power cut (NORMAL may lose it).
                             : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                               "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;");
  }
  ~SqliteConnection() override {
    for (auto& [_, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }

  Engine engine() const override { return Engine::sqlite; }
  bool healthy() const override { return db_ != nullptr; }
  // How long a statement waits for a lock another process holds before failing as busy.
  void wait_for_locks(std::chrono::milliseconds limit) {
    sqlite3_busy_timeout(db_, static_cast<int>(limit.count()));
  }

  Result query(std::string_view sql, const std::vector<Value>& params) override {
    auto [stmt, kept] = prepare(sql);
    struct Reset {
      sqlite3_stmt* s;
      bool kept;
      ~Reset() {
        if (!kept) {
          sqlite3_finalize(s);
          return;
        }
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{stmt, kept};
    bind(stmt, params);
    Result result;
    int columns = sqlite3_column_count(stmt);
    for (int i = 0; i < columns; ++i) result.columns.emplace_back(sqlite3_column_name(stmt, i));
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) fail(rc);
      std::vector<std::optional<std::string>> cells;
      cells.reserve(static_cast<size_t>(columns));
      for (int i = 0; i < columns; ++i) {
        if (sqlite3_column_type(stmt, i) == SQLITE_NULL) {
          cells.emplace_back(std::nullopt);
        } else {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
          cells.emplace_back(std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt, i))));
        }
      }
      result.rows.emplace_back(std::move(cells));
    }
    result.affected = sqlite3_changes64(db_);
    return result;
  }

  void execute_script(std::string_view sql) override {
    char* error = nullptr;
    std::string text(sql);
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
      std::string message = error ? error : sqlite3_errstr(rc);
      sqlite3_free(error);
      throw DbError(kind_of(rc), "SQLite: " + message);
    }
  }

 private:
  static DbError::Kind kind_of(int rc) {
    if ((rc & 0xff) == SQLITE_CONSTRAINT) return DbError::Kind::constraint;
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_IOERR)
      return DbError::Kind::unavailable;
    return DbError::Kind::query;
  }

  [[noreturn]] void fail(int rc) {
    throw DbError(kind_of(rc), std::string("SQLite: ") + sqlite3_errmsg(db_));
  }

  // Statements are compiled once per connection and kept. Texts built on the fly (IN lists of
  // varying length) could grow the cache without end, so past kMaxPrepared a text is compiled
  // for one use and finalized after it (kept = false).
  static constexpr size_t kMaxPrepared = 500;

  std::pair<sqlite3_stmt*, bool> prepare(std::string_view sql) {
    auto it = statements_.find(std::string(sql));
    if (it != statements_.end()) return {it->second, true};
    bool keep = statements_.size() < kMaxPrepared;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                keep ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
    if (rc != SQLITE_OK) fail(rc);
    if (keep) statements_.emplace(std::string(sql), stmt);
    return {stmt, keep};
  }

  void bind(sqlite3_stmt* stmt, const std::vector<Value>& params) {
    int count = sqlite3_bind_parameter_count(stmt);
    for (int i = 1; i <= count; ++i) {
      // "$3" is a named parameter to SQLite; its number says which value it takes.
      const char* name = sqlite3_bind_parameter_name(stmt, i);
      size_t index = name && name[0] == '$' ? std::stoul(name + 1) : static_cast<size_t>(i);
      if (index == 0 || index > params.size())
        throw DbError(DbError::Kind::query,
                      "missing value for SQL parameter " + std::to_string(index));
      const Value& v = params[index - 1];
      int rc = std::visit(
          [&](const auto& x) -> int {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::monostate>)
              return sqlite3_bind_null(stmt, i);
            else if constexpr (std::is_same_v<T, int64_t>)
              return sqlite3_bind_int64(stmt, i, x);
            else if constexpr (std::is_same_v<T, double>)
              return sqlite3_bind_double(stmt, i, x);
            else
              return sqlite3_bind_text(stmt, i, x.data(), static_cast<int>(x.size()),
                                       SQLITE_TRANSIENT);
          },
          v);
      if (rc != SQLITE_OK) fail(rc);
    }
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, size_t readers)
      : path_(std::move(path)),
        writer_pool_([this] { return std::make_unique<SqliteConnection>(path_); }, 1),
        reader_pool_([this] { return std::make_unique<SqliteConnection>(path_); }, readers) {
    auto parent = std::filesystem::path(path_).parent_path();
    if (!parent.empty() && !path_.starts_with("file:")) std::filesystem::create_directories(parent);
    // Open the writer now so that a bad path fails at start, not at the first request.
    writer_pool_.give_back(writer_pool_.take());
  }

  Engine engine() const override { return Engine::sqlite; }

  WriteStats write_stats() const override {
    std::lock_guard lock(mutex_);
    return stats_;
  }

  bool ping(std::string& reason) override { return ping_database(*this, reason); }
  size_t connections_in_use() const override {
    return writer_pool_.in_use() + reader_pool_.in_use();
  }
  size_t pool_size() const override { return writer_pool_.size() + reader_pool_.size(); }

 protected:
  Lease acquire(bool for_write) override {
    Pool& pool = for_write ? writer_pool_ : reader_pool_;
    return Lease(pool.take(), [&pool](Connection* c) { pool.give_back(c); });
  }
  void begin(Connection& c) override { c.execute_script("BEGIN IMMEDIATE"); }

  // Each waiting write sleeps on its own condition and is woken once: when its batch has
  // committed, or when it is to lead the next batch. (Waking every waiting thread at every
  // commit cost more CPU in thread switches than the writes themselves.)
  void run_write(const std::function<void(Connection&)>& work) override {
    Job job{&work, std::chrono::steady_clock::now()};
    std::unique_lock lock(mutex_);
    ++stats_.writes;
    queue_.push_back(&job);
    if (!leading_) leading_ = job.lead = true;
    while (!job.done && !job.lead) job.wake.wait(lock);
    while (!job.done) {
      // This thread leads: it commits what is waiting (its own job among them, unless the
      // queue is longer than a batch; then it leads again).
      size_t n = std::min(queue_.size(), kMaxBatch);
      std::vector<Job*> batch(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      ++stats_.commits;
      lock.unlock();
      commit_batch(batch);
      lock.lock();
      for (Job* j : batch) {
        j->done = true;
        if (j != &job) j->wake.notify_one();  // under the lock: j may not return before
      }
    }
    // Hand the lead to the first write waiting, if any.
    if (job.lead) {
      if (queue_.empty()) {
        leading_ = false;
      } else {
        queue_.front()->lead = true;
        queue_.front()->wake.notify_one();
      }
    }
    lock.unlock();
    if (job.error) std::rethrow_exception(job.error);
  }

 private:
  struct Job {
    const std::function<void(Connection&)>* work;
    std::chrono::steady_clock::time_point asked;
    std::exception_ptr error;
    bool done = false;
    bool lead = false;
    std::condition_variable wake;
  };
  static constexpr size_t kMaxBatch = 64;

  // One transaction for the batch, a savepoint for each job: a job that throws is undone alone
  // and its caller gets the exception; a failed commit fails every job of the batch.
  void commit_batch(const std::vector<Job*>& batch) {
    Lease lease = acquire(true);
    Connection& c = *lease;
    auto& writer = static_cast<SqliteConnection&>(c);
    try {
      // The oldest job of the batch has waited in the queue already: what is left of its wait.
      auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - batch.front()->asked);
      writer.wait_for_locks(std::max(kLockWait - waited, std::chrono::milliseconds(50)));
      begin(c);
      writer.wait_for_locks(kLockWait);
    } catch (...) {
      writer.wait_for_locks(kLockWait);
      for (Job* j : batch) j->error = std::current_exception();
      return;
    }
    bool usable = true;
    for (Job* j : batch) {
      if (!usable) {
        j->error = std::make_exception_ptr(
            DbError(DbError::Kind::unavailable, "the transaction was lost with an earlier write"));
        continue;
      }
      size_t mark = c.touched().size();
      try {
        c.execute_script("SAVEPOINT cds_write");
        (*j->work)(c);
        c.execute_script("RELEASE cds_write");
      } catch (...) {
        j->error = std::current_exception();
        c.untouch_since(mark);
        try {
          c.execute_script("ROLLBACK TO cds_write; RELEASE cds_write");
        } catch (...) {
          usable = false;
        }
      }
    }
    try {
      if (!usable) throw DbError(DbError::Kind::unavailable, "the write transaction failed");
      commit(c);
    } catch (...) {
      rollback(c);
      for (Job* j : batch)
        if (!j->error) j->error = std::current_exception();
    }
  }

  mutable std::mutex mutex_;  // guards the queue, the leader flag, the jobs' flags, the figures
  std::deque<Job*> queue_;
  bool leading_ = false;
  WriteStats stats_;
  std::string path_;
  Pool writer_pool_;
  Pool reader_pool_;
};

}  // namespace

std::unique_ptr<Database> open_sqlite(const std::string& path, size_t readers) {
  if (path == ":memory:") {
    // For tests: one private database in memory, shared by this pool's connections (a plain
    // ":memory:" would give each connection its own). It lives as long as the pool.
    static std::atomic<uint64_t> counter{0};
    return std::make_unique<SqliteDatabase>(
        "file:cds-memory-" + std::to_string(counter.fetch_add(1)) + "?mode=memory&cache=shared",
        readers);
  }
  return std::make_unique<SqliteDatabase>(path, readers);
}

}  // namespace cds::db
