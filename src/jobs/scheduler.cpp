#include "jobs/scheduler.h"

#include <spdlog/spdlog.h>

#include "core/time.h"

namespace cds::jobs {

namespace {
// A stable 63-bit key for the advisory lock of a job name (FNV-1a).
int64_t lock_key(const std::string& name) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : name) h = (h ^ c) * 1099511628211ULL;
  return static_cast<int64_t>(h >> 1);
}
}  // namespace

bool claim(db::Database& db, const std::string& name, std::chrono::seconds period,
           const std::string& holder, Clock::time_point now) {
  return db.write([&](db::Connection& c) {
    // Two processes claiming at the same moment: the second waits here for the first's commit.
    if (c.engine() == db::Engine::postgres)
      c.query("SELECT pg_advisory_xact_lock($1)", {lock_key(name)});
    std::string at = timeutil::iso_utc(now);
    auto row = c.query("SELECT last_run_at FROM job_runs WHERE name = $1", {name});
    if (!row.empty()) {
      auto last = timeutil::parse_w3c(row.rows[0].text(0));
      // Some slack, so that a timer firing a little early still counts as a new period.
      auto slack = std::min<std::chrono::milliseconds>(std::chrono::seconds(1), period / 10);
      if (last && now - *last < period - slack) return false;
      c.query("UPDATE job_runs SET last_run_at = $2, runs = runs + 1, holder = $3 WHERE name = $1",
              {name, at, holder});
    } else {
      c.query("INSERT INTO job_runs (name, last_run_at, runs, holder) VALUES ($1, $2, 1, $3)",
              {name, at, holder});
    }
    return true;
  });
}

Scheduler::Scheduler(db::Database& db, std::string holder) : db_(db), holder_(std::move(holder)) {}

Scheduler::~Scheduler() { stop(); }

void Scheduler::every(std::string name, std::chrono::seconds period, std::function<void()> job) {
  jobs_.push_back({std::move(name), period, std::move(job), std::chrono::steady_clock::now()});
}

void Scheduler::start() {
  if (!jobs_.empty()) thread_ = std::thread([this] { loop(); });
}

void Scheduler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Scheduler::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    auto now = std::chrono::steady_clock::now();
    auto next = now + std::chrono::hours(24);
    for (auto& job : jobs_) {
      if (job.next <= now) {
        lock.unlock();
        try {
          if (claim(db_, job.name, job.period, holder_)) job.run();
        } catch (const std::exception& e) {
          spdlog::warn("job {} failed: {}", job.name, e.what());
        }
        lock.lock();
        job.next = now + job.period;
        if (stopping_) return;
      }
      next = std::min(next, job.next);
    }
    wake_.wait_until(lock, next, [this] { return stopping_; });
  }
}

}  // namespace cds::jobs
