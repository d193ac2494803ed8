// PostgreSQL engine: libpq connections in a pool. A connection that fails (server restarted,
// network cut) is marked broken and replaced on the next use, so the process recovers by itself.
#include <libpq-fe.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <random>
#include <thread>
#include <unordered_map>

#include "core/cache.h"
#include "db/connection.h"

namespace cds::db {
namespace {

class PgConnection final : public Connection {
 public:
  explicit PgConnection(const std::string& url) {
    const char* keys[] = {"dbname", "connect_timeout", "application_name", nullptr};
    const char* values[] = {url.c_str(), "3", "congdanso", nullptr};
    conn_ = PQconnectdbParams(keys, values, 1);
    if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
      std::string message = conn_ ? PQerrorMessage(conn_) : "out of memory";
      PQfinish(conn_);
      conn_ = nullptr;
      while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
        message.pop_back();
      throw DbError(DbError::Kind::unavailable, "cannot connect to PostgreSQL: " + message);
    }
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
    execute_script("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'");
  }
  ~PgConnection() override { PQfinish(conn_); }

  Engine engine() const override { return Engine::postgres; }
  bool healthy() const override { return conn_ && !broken_ && PQstatus(conn_) == CONNECTION_OK; }

  Result query(std::string_view sql, const std::vector<Value>& params) override {
    std::vector<std::string> storage(params.size());
    std::vector<const char*> values(params.size());
    for (size_t i = 0; i < params.size(); ++i) {
      std::visit(
          [&](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
              values[i] = nullptr;
            } else {
              if constexpr (std::is_same_v<T, std::string>)
                storage[i] = x;
              else
                storage[i] = std::to_string(x);
              values[i] = storage[i].c_str();
            }
          },
          params[i]);
    }
    PGresult* res = execute(sql, values);
    struct Clear {
      PGresult* r;
      ~Clear() { PQclear(r); }
    } clear{res};
    check(res);
    Result result;
    int columns = PQnfields(res);
    for (int i = 0; i < columns; ++i) result.columns.emplace_back(PQfname(res, i));
    int rows = PQntuples(res);
    result.rows.reserve(static_cast<size_t>(rows));
    for (int r = 0; r < rows; ++r) {
      std::vector<std::optional<std::string>> cells;
      cells.reserve(static_cast<size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(res, r, c))
          cells.emplace_back(std::nullopt);
        else
          cells.emplace_back(
              std::string(PQgetvalue(res, r, c), static_cast<size_t>(PQgetlength(res, r, c))));
      }
      result.rows.emplace_back(std::move(cells));
    }
    const char* tuples = PQcmdTuples(res);
    result.affected = tuples && *tuples ? std::stoll(tuples) : 0;
    return result;
  }

  void execute_script(std::string_view sql) override {
    std::string text(sql);
    PGresult* res = PQexec(conn_, text.c_str());
    struct Clear {
      PGresult* r;
      ~Clear() { PQclear(r); }
    } clear{res};
    check(res);
  }

 private:
  // Statements are prepared once per connection and then only executed: the server parses
  // and plans each SQL text once. Texts built on the fly (IN lists of varying length, batched
  // inserts) could grow the cache without end, so past kMaxPrepared they run unprepared.
  static constexpr size_t kMaxPrepared = 500;

  PGresult* execute(std::string_view sql, const std::vector<const char*>& values) {
    std::string text(sql);
    auto nparams = static_cast<int>(values.size());
    auto it = prepared_.find(text);
    if (it == prepared_.end() && prepared_.size() < kMaxPrepared) {
      std::string name = "cds" + std::to_string(prepared_.size() + 1);
      PGresult* made = PQprepare(conn_, name.c_str(), text.c_str(), nparams, nullptr);
      ExecStatusType status = made ? PQresultStatus(made) : PGRES_FATAL_ERROR;
      if (status != PGRES_COMMAND_OK) return made;  // the caller's check() reports it
      PQclear(made);
      it = prepared_.emplace(text, std::move(name)).first;
    }
    if (it == prepared_.end())
      return PQexecParams(conn_, text.c_str(), nparams, nullptr, values.data(), nullptr, nullptr,
                          0);
    return PQexecPrepared(conn_, it->second.c_str(), nparams, values.data(), nullptr, nullptr, 0);
  }

  void check(PGresult* res) {
    ExecStatusType status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY)
      return;
    std::string message = PQerrorMessage(conn_);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
      message.pop_back();
    const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    std::string sqlstate = state ? state : "";
    if (PQstatus(conn_) != CONNECTION_OK || sqlstate.starts_with("08") ||
        sqlstate.starts_with("57P")) {
      broken_ = true;
      throw DbError(DbError::Kind::unavailable, "PostgreSQL: " + message);
    }
    if (sqlstate.starts_with("23"))
      throw DbError(DbError::Kind::constraint, "PostgreSQL: " + message);
    throw DbError(DbError::Kind::query, "PostgreSQL: " + message);
  }

  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
  PGconn* conn_ = nullptr;
  bool broken_ = false;
};

// The channel on which every process announces the scopes its commits changed. A payload is
// "<process token> <scope> <scope>…"; "*" stands for everything (a payload over the 8,000 bytes
// NOTIFY allows).
constexpr const char* kChannel = "cds_changes";
constexpr size_t kMaxPayload = 7900;

std::string process_token() {
  std::random_device random;
  char token[20];
  std::snprintf(token, sizeof token, "p%08x%08x", random(), random());
  return token;
}

// A thread on its own connection that LISTENs and stamps the scopes other processes announce.
// While it is not connected it cannot know what changed, so on every (re)connection everything
// counts as changed.
class ChangeListener {
 public:
  ChangeListener(std::string url, std::string own_token)
      : url_(std::move(url)), own_(std::move(own_token)), thread_([this] { run(); }) {}
  ~ChangeListener() {
    stop_ = true;
    thread_.join();
  }

 private:
  void run() {
    while (!stop_) {
      PGconn* conn = connect();
      if (!conn) {
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        continue;
      }
      cache::versions().bump_everything();
      listen(conn);
      PQfinish(conn);
    }
  }

  PGconn* connect() {
    const char* keys[] = {"dbname", "connect_timeout", "application_name", nullptr};
    const char* values[] = {url_.c_str(), "3", "congdanso-listener", nullptr};
    PGconn* conn = PQconnectdbParams(keys, values, 1);
    if (conn && PQstatus(conn) == CONNECTION_OK) {
      PGresult* res = PQexec(conn, (std::string("LISTEN ") + kChannel).c_str());
      bool ok = res && PQresultStatus(res) == PGRES_COMMAND_OK;
      PQclear(res);
      if (ok) return conn;
    }
    if (!stop_) spdlog::warn("change listener cannot connect to PostgreSQL; retrying");
    PQfinish(conn);
    return nullptr;
  }

  // Until the connection breaks or the database is closed.
  void listen(PGconn* conn) {
    while (!stop_) {
      pollfd fd{PQsocket(conn), POLLIN, 0};
      if (fd.fd < 0) return;
      int ready = ::poll(&fd, 1, 200);
      if (ready < 0 && errno != EINTR) return;
      if (ready <= 0) continue;
      if (!PQconsumeInput(conn)) return;
      while (PGnotify* n = PQnotifies(conn)) {
        apply(n->extra);
        PQfreemem(n);
      }
    }
  }

  void apply(std::string_view payload) {
    auto space = payload.find(' ');
    if (payload.substr(0, space) == own_) return;  // stamped already, at the commit
    if (space == std::string_view::npos) return;
    payload.remove_prefix(space + 1);
    while (!payload.empty()) {
      auto end = payload.find(' ');
      std::string_view scope = payload.substr(0, end);
      if (scope == "*")
        cache::versions().bump_everything();
      else if (!scope.empty())
        cache::versions().bump(scope);
      if (end == std::string_view::npos) break;
      payload.remove_prefix(end + 1);
    }
  }

  std::string url_, own_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

class PgDatabase final : public Database {
 public:
  PgDatabase(std::string url, size_t size)
      : url_(std::move(url)), pool_([this] { return std::make_unique<PgConnection>(url_); }, size) {
    pool_.give_back(pool_.take());  // fail at start when the server cannot be reached
  }
  PgDatabase(std::string url, size_t size, std::string read_url)
      : PgDatabase(std::move(url), size) {
    read_url_ = std::move(read_url);
    standby_ =
        std::make_unique<Pool>([this] { return std::make_unique<PgConnection>(read_url_); }, size);
  }

  void follow_other_processes() override {
    if (!listener_) listener_ = std::make_unique<ChangeListener>(url_, token_);
  }

  Engine engine() const override { return Engine::postgres; }

  bool ping(std::string& reason) override { return ping_database(*this, reason); }
  size_t connections_in_use() const override {
    return pool_.in_use() + (standby_ ? standby_->in_use() : 0);
  }
  size_t pool_size() const override { return pool_.size() + (standby_ ? standby_->size() : 0); }
  bool has_standby() const override { return standby_ != nullptr; }
  ReadStats read_stats() const override { return {standby_reads_.load(), fallbacks_.load()}; }

 protected:
  Lease acquire(bool) override {
    return Lease(pool_.take(), [this](Connection* c) { pool_.give_back(c); });
  }

  std::optional<Lease> acquire_standby() override {
    if (!standby_ || Clock::now().time_since_epoch().count() < resting_until_.load())
      return std::nullopt;
    try {
      Connection* c = standby_->take();
      ++standby_reads_;
      return Lease(c, [this](Connection* c) { standby_->give_back(c); });
    } catch (const DbError& e) {
      standby_failed(e.what());
      return std::nullopt;
    }
  }

  // The standby rests a few seconds after a failure (the primary answers meanwhile), so that a
  // standby that is down costs one failed connection attempt per rest, not one per read.
  void standby_failed(const std::string& why) override {
    ++fallbacks_;
    auto now = Clock::now().time_since_epoch().count();
    auto until = resting_until_.load();
    if (now < until) return;
    auto next = (Clock::now() + kStandbyRest).time_since_epoch().count();
    if (resting_until_.compare_exchange_strong(until, next))
      spdlog::warn("read standby failed, reading from the primary for {} s: {}",
                   kStandbyRest.count(), why);
  }
  void begin(Connection& c) override { c.execute_script("BEGIN"); }

  void announce(Connection& c) override {
    const auto& scopes = c.touched();
    if (scopes.empty()) return;
    std::vector<std::string> unique(scopes);
    std::sort(unique.begin(), unique.end());
    unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
    std::string payload = token_;
    for (const auto& s : unique) payload += " " + s;
    if (payload.size() > kMaxPayload) payload = token_ + " *";
    c.query("SELECT pg_notify($1, $2)", {std::string(kChannel), payload});
  }

 private:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::seconds kStandbyRest{5};
  std::string url_, read_url_;
  std::string token_ = process_token();
  Pool pool_;
  std::unique_ptr<Pool> standby_;  // --db-read
  std::atomic<Clock::rep> resting_until_{0};
  std::atomic<uint64_t> standby_reads_{0}, fallbacks_{0};
  std::unique_ptr<ChangeListener> listener_;  // last: stops before the pool goes
};

}  // namespace

std::unique_ptr<Database> open_postgres(const std::string& url, size_t pool_size,
                                        const std::string& read_url) {
  if (read_url.empty()) return std::make_unique<PgDatabase>(url, pool_size);
  return std::make_unique<PgDatabase>(url, pool_size, read_url);
}

}  // namespace cds::db
