// Readiness follows the database: 503 with a reason while PostgreSQL is down, 200 again when
// it is back, with the same server process throughout. Needs the test runner's PostgreSQL
// (CDS_TEST_DB_PAUSE / CDS_TEST_DB_RESUME); SQLite has no server to stop.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "harness.h"

using namespace cds::test;

namespace {
int wait_for_readyz(int wanted, int seconds, cds::test::HttpResult& last) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    last = get("/readyz");
    if (last.status == wanted) return wanted;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return last.status;
}
}  // namespace

TEST(Readiness, ReadyWhenTheDatabaseAnswers) {
  auto r = get("/readyz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json().at("status").as_string(), "ready");
}

TEST(Readiness, FollowsPostgresDownAndUpWithoutARestart) {
  const char* pause = std::getenv("CDS_TEST_DB_PAUSE");
  const char* resume = std::getenv("CDS_TEST_DB_RESUME");
  if (!pause || !resume) GTEST_SKIP() << "only with the test runner's PostgreSQL";
  pid_t pid = server().pid();
  ASSERT_EQ(get("/readyz").status, 200);
  ASSERT_EQ(std::system(pause), 0);
  HttpResult last;
  EXPECT_EQ(wait_for_readyz(503, 20, last), 503);
  EXPECT_EQ(last.json().at("status").as_string(), "unavailable");
  EXPECT_NE(last.json().at("reason").as_string().find("database"), boost::json::string::npos);
  EXPECT_EQ(get("/healthz").status, 200);  // the process still serves
  ASSERT_EQ(std::system(resume), 0);
  EXPECT_EQ(wait_for_readyz(200, 30, last), 200);
  EXPECT_EQ(server().pid(), pid);
  EXPECT_TRUE(server().running());
  EXPECT_EQ(get("/api/v1/units/2025/15").status, 200);
}
