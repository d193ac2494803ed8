// PostgreSQL engine: libpq connections in a pool. A connection that fails (server restarted,
// network cut) is marked broken and replaced on the next use, so the process recovers by itself.
#include <libpq-fe.h>

#include <unordered_map>

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

class PgDatabase final : public Database {
 public:
  PgDatabase(std::string url, size_t size)
      : url_(std::move(url)), pool_([this] { return std::make_unique<PgConnection>(url_); }, size) {
    pool_.give_back(pool_.take());  // fail at start when the server cannot be reached
  }

  Engine engine() const override { return Engine::postgres; }

  bool ping(std::string& reason) override { return ping_database(*this, reason); }
  size_t connections_in_use() const override { return pool_.in_use(); }
  size_t pool_size() const override { return pool_.size(); }

 protected:
  Lease acquire(bool) override {
    return Lease(pool_.take(), [this](Connection* c) { pool_.give_back(c); });
  }
  void begin(Connection& c) override { c.execute_script("BEGIN"); }

 private:
  std::string url_;
  Pool pool_;
};

}  // namespace

std::unique_ptr<Database> open_postgres(const std::string& url, size_t pool_size) {
  return std::make_unique<PgDatabase>(url, pool_size);
}

}  // namespace cds::db
