// Background jobs: escalating overdue reports now; expiring alerts and daily figures later.
// Each job runs at start and then every period on the scheduler's thread. Several processes
// may serve one database: before each run a process claims the job in the database (on
// PostgreSQL under a transaction-scoped advisory lock; SQLite has one writer anyway), and only
// when the job's last run is at least a period old, so a job runs once per period in all.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "db/connection.h"

namespace cds::jobs {

using Clock = std::chrono::system_clock;

// Claims one run of `name` for `holder` at `now`: true (and the run recorded) when no run of it
// started within `period` before; false when another process has it.
bool claim(db::Database& db, const std::string& name, std::chrono::seconds period,
           const std::string& holder, Clock::time_point now = Clock::now());

class Scheduler {
 public:
  explicit Scheduler(db::Database& db, std::string holder);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Adds a job; call before start(). A job that throws is logged and tried again next period.
  void every(std::string name, std::chrono::seconds period, std::function<void()> job);
  void start();
  // Stops the thread; a job that is running finishes first.
  void stop();

 private:
  struct Job {
    std::string name;
    std::chrono::seconds period;
    std::function<void()> run;
    std::chrono::steady_clock::time_point next;
  };
  void loop();

  db::Database& db_;
  std::string holder_;
  std::vector<Job> jobs_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
};

}  // namespace cds::jobs
