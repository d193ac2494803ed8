// Claiming a job's run: with two processes (here two connection pools) on one database, a run
// is claimed once per period.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "all_migrations.h"
#include "db/migrate.h"
#include "jobs/scheduler.h"

using namespace cds;
using namespace std::chrono_literals;

namespace {
std::filesystem::path fresh_db() {
  static int n = 0;
  auto p = std::filesystem::temp_directory_path() /
           ("cds-jobs-" + std::to_string(::getpid()) + "-" + std::to_string(++n) + ".db");
  std::filesystem::remove(p);
  return p;
}
}  // namespace

TEST(Jobs, ARunIsClaimedOncePerPeriodAcrossProcesses) {
  auto path = fresh_db();
  auto one = db::Database::open("sqlite:" + path.string());
  db::migrate(*one, cds::test::all_migrations());
  auto two = db::Database::open("sqlite:" + path.string());
  auto t0 = jobs::Clock::now();
  EXPECT_TRUE(jobs::claim(*one, "escalation", 300s, "one", t0));
  EXPECT_FALSE(jobs::claim(*two, "escalation", 300s, "two", t0));
  EXPECT_FALSE(jobs::claim(*two, "escalation", 300s, "two", t0 + 200s));
  EXPECT_TRUE(jobs::claim(*two, "escalation", 300s, "two", t0 + 300s));
  EXPECT_FALSE(jobs::claim(*one, "escalation", 300s, "one", t0 + 301s));
  // Another job is claimed on its own.
  EXPECT_TRUE(jobs::claim(*one, "alerts.expire", 60s, "one", t0));
  auto runs = one->read([](db::Connection& c) {
    return c.query("SELECT runs, holder FROM job_runs WHERE name = 'escalation'").rows.at(0);
  });
  EXPECT_EQ(runs.integer(0), 2);
  EXPECT_EQ(runs.text(1), "two");
  std::filesystem::remove(path);
}

TEST(Jobs, TheSchedulerRunsAtStartAndStopsCleanly) {
  auto path = fresh_db();
  auto db = db::Database::open("sqlite:" + path.string());
  db::migrate(*db, cds::test::all_migrations());
  std::atomic<int> ran{0};
  {
    jobs::Scheduler a(*db, "a"), b(*db, "b");
    a.every("tick", 3600s, [&] { ++ran; });
    b.every("tick", 3600s, [&] { ++ran; });
    a.start();
    b.start();
    for (int i = 0; i < 200 && ran.load() == 0; ++i) std::this_thread::sleep_for(10ms);
    a.stop();
    b.stop();
  }
  EXPECT_EQ(ran.load(), 1);  // two schedulers, one database: one run
  std::filesystem::remove(path);
}
