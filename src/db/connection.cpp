#include "db/connection.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <mutex>

#include "core/cache.h"

namespace cds::db {

std::string in_list(const std::vector<std::string>& values, std::vector<Value>& params) {
  std::string out;
  for (const auto& v : values) {
    params.emplace_back(v);
    out += (out.empty() ? "$" : ", $") + std::to_string(params.size());
  }
  return out;
}

std::string like_literal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

const std::string& Row::text(size_t i) const {
  static const std::string empty;
  const auto& c = cells_.at(i);
  return c ? *c : empty;
}

int64_t Row::integer(size_t i) const {
  const auto& c = cells_.at(i);
  if (!c) return 0;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(c->data(), c->data() + c->size(), v);
  if (ec != std::errc{}) {
    // SQLite may hand back "1.0" for an integer-valued real; PostgreSQL "t"/"f" for booleans.
    if (*c == "t" || *c == "true") return 1;
    if (*c == "f" || *c == "false") return 0;
    return static_cast<int64_t>(std::stod(*c));
  }
  return v;
}

double Row::real(size_t i) const {
  const auto& c = cells_.at(i);
  return c ? std::stod(*c) : 0.0;
}

void Database::run_write(const std::function<void(Connection&)>& work) {
  Lease lease = acquire(true);
  begin(*lease);
  try {
    work(*lease);
    commit(*lease);
  } catch (...) {
    rollback(*lease);
    throw;
  }
}

void Database::commit(Connection& c) {
  announce(c);
  c.execute_script("COMMIT");
  cache::versions().bump(c.take_touched());
}

void Database::rollback(Connection& c) noexcept {
  c.take_touched();
  try {
    c.execute_script("ROLLBACK");
  } catch (const std::exception& e) {
    spdlog::warn("rollback failed: {}", e.what());
  }
}

namespace {
thread_local ReadFrom t_read_from = ReadFrom::primary;
thread_local bool t_used_standby = false;
}  // namespace

ReadScope::ReadScope(ReadFrom from) : previous_(t_read_from), previous_used_(t_used_standby) {
  t_read_from = from;
  t_used_standby = false;
}

ReadScope::~ReadScope() {
  t_read_from = previous_;
  t_used_standby = previous_used_ || t_used_standby;
}

bool ReadScope::used_standby() const { return t_used_standby; }
ReadFrom ReadScope::current() { return t_read_from; }
void ReadScope::note_standby_read() { t_used_standby = true; }

std::unique_ptr<Database> Database::open(const std::string& url, size_t pool_size,
                                         const std::string& read_url) {
  bool postgres = url.starts_with("postgresql://") || url.starts_with("postgres://");
  if (!read_url.empty() && !postgres)
    throw DbError(DbError::Kind::unavailable,
                  "a read standby (--db-read) needs a PostgreSQL database (--db)");
  if (postgres) return open_postgres(url, pool_size, read_url);
  if (url.starts_with("sqlite:")) return open_sqlite(url.substr(7), pool_size);
  if (url.ends_with(".db") || url.ends_with(".sqlite")) return open_sqlite(url, pool_size);
  throw DbError(DbError::Kind::unavailable,
                "unknown database URL (expected sqlite:PATH or postgresql://…)");
}

bool ping_database(Database& db, std::string& reason) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      db.read([](Connection& c) { return c.query("SELECT 1"); });
      return true;
    } catch (const std::exception& e) {
      reason = e.what();
    }
  }
  return false;
}

struct Pool::State {
  mutable std::mutex mutex;
  std::condition_variable available;
  std::vector<std::unique_ptr<Connection>> idle;
  std::vector<std::unique_ptr<Connection>> busy;
};

Pool::Pool(Factory factory, size_t size)
    : factory_(std::move(factory)), size_(size ? size : 1), state_(std::make_unique<State>()) {}

Pool::~Pool() = default;

Connection* Pool::take() {
  std::unique_lock lock(state_->mutex);
  for (;;) {
    while (!state_->idle.empty()) {
      auto c = std::move(state_->idle.back());
      state_->idle.pop_back();
      if (!c->healthy()) continue;  // dropped; a fresh one is made below
      state_->busy.push_back(std::move(c));
      return state_->busy.back().get();
    }
    if (state_->busy.size() < size_) {
      state_->busy.push_back(nullptr);  // reserve the slot while connecting without the lock
      lock.unlock();
      std::unique_ptr<Connection> fresh;
      try {
        fresh = factory_();
      } catch (...) {
        lock.lock();
        state_->busy.erase(std::find(state_->busy.begin(), state_->busy.end(), nullptr));
        state_->available.notify_one();
        throw;
      }
      lock.lock();
      auto slot = std::find(state_->busy.begin(), state_->busy.end(), nullptr);
      *slot = std::move(fresh);
      return slot->get();
    }
    state_->available.wait(lock);
  }
}

void Pool::give_back(Connection* c) {
  std::lock_guard lock(state_->mutex);
  for (auto it = state_->busy.begin(); it != state_->busy.end(); ++it) {
    if (it->get() == c) {
      if (c->healthy()) state_->idle.push_back(std::move(*it));
      state_->busy.erase(it);
      break;
    }
  }
  state_->available.notify_one();
}

size_t Pool::in_use() const {
  std::lock_guard lock(state_->mutex);
  return state_->busy.size();
}

}  // namespace cds::db
