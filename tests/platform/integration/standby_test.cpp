// A streaming standby beside the primary (PostgreSQL's own replication; serve --db-read): a
// report written through the primary is read from the standby once replayed; while the standby
// lags (replay paused) a client that has just written still reads its own writes (from the
// primary), a report the standby has not seen yet is found on the primary, and everyone else
// reads the standby's view; once the standby stops, reads fall back to the primary. Needs the
// test runner's PostgreSQL (CDS_TEST_DB_STANDBY / CDS_TEST_DB_STANDBY_STOP).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <thread>

#include "accounts_helpers.h"
#include "db/connection.h"

using namespace cds::test;
namespace json = boost::json;

namespace {

const std::string kUnit = "02647";  // Phường Lào Cai: no other test files reports there

std::string run_command(const char* command) {
  std::string out;
  FILE* p = popen(command, "r");
  if (!p) return out;
  char buf[512];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  if (pclose(p) != 0) return "";
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out.substr(out.rfind('\n') + 1);
}

int64_t metric(uint16_t port, const std::string& name) {
  std::string text = get("/metrics", {}, port).body;
  auto at = text.find("\n" + name + " ");
  return at == std::string::npos ? -1 : std::stoll(text.substr(at + name.size() + 2));
}

bool eventually(const std::function<bool()>& holds, int seconds = 10) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (holds()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return holds();
}

bool listed(const HttpResult& r, const std::string& id) {
  if (r.status != 200) return false;
  json::value list = r.json();
  for (const auto& report : list.at("reports").as_array())
    if (report.at("id").as_string() == id) return true;
  return false;
}

struct Standby {
  std::string url;
  Standby() {
    if (const char* start = std::getenv("CDS_TEST_DB_STANDBY")) url = run_command(start);
  }
  void stop() {
    if (url.empty()) return;
    url.clear();
    EXPECT_EQ(std::system(std::getenv("CDS_TEST_DB_STANDBY_STOP")), 0);
  }
  ~Standby() { stop(); }
};

}  // namespace

TEST(Standby, ReadsGoToTheStandbyOwnWritesToThePrimaryAndThePrimaryOnceItStops) {
  if (!std::getenv("CDS_TEST_DB_STANDBY") || !std::getenv("CDS_TEST_DB_STANDBY_STOP"))
    GTEST_SKIP() << "only with the test runner's PostgreSQL";
  Standby standby;
  ASSERT_FALSE(standby.url.empty()) << "the standby did not start";
  ServerProcess serving({"--db-read", standby.url, "--trust-proxy"});
  uint16_t port = serving.port();
  User citizen = sign_up("Người Đọc Bản Sao", kUnit, "10.23.0.1");
  Headers as_citizen = citizen.auth();
  as_citizen.emplace_back("Content-Type", "application/json");
  auto file = [&](const std::string& description) {
    auto r = request("POST", "/api/v1/reports",
                     R"({"category":"roads","unit_code":")" + kUnit + R"(","description":")" +
                         description + R"("})",
                     as_citizen, port);
    EXPECT_EQ(r.status, 201) << r.body;
    return r;
  };
  auto replica = cds::db::Database::open(standby.url, 1);
  auto on_standby = [&](const std::string& id) {
    return replica->read([&](cds::db::Connection& c) {
      return !c.query("SELECT 1 FROM reports WHERE public_id = $1", {id}).empty();
    });
  };

  // Written through the primary, replayed, then read from the standby.
  auto first = file("Cống thoát nước bị tắc trước chợ");
  std::string id = first.json().at("id").as_string().c_str();
  bool told = false;
  for (const auto& c : first.set_cookies) told = told || c.starts_with("cds_wrote=1");
  EXPECT_TRUE(told) << "a change does not tell the client to read from the primary";
  ASSERT_TRUE(eventually([&] { return on_standby(id); })) << "never replayed on the standby";
  int64_t standby_reads = metric(port, "cds_db_standby_reads_total");
  ASSERT_GE(standby_reads, 0) << "no standby figures in /metrics";
  auto read = get("/api/v1/reports/" + id, citizen.auth(), port);
  EXPECT_EQ(read.status, 200) << read.body;
  EXPECT_GT(metric(port, "cds_db_standby_reads_total"), standby_reads)
      << "the read did not go to the standby";

  // The standby lags: its replay is paused.
  replica->read([](cds::db::Connection& c) { c.query("SELECT pg_wal_replay_pause()"); });
  auto second = file("Đèn tín hiệu giao lộ bị hỏng");
  std::string lagging = second.json().at("id").as_string().c_str();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_FALSE(on_standby(lagging)) << "replay was not paused";
  std::string list = "/api/v1/reports?unit=" + kUnit;
  // Everyone else reads the standby's view, which does not have it yet…
  EXPECT_FALSE(listed(get(list, citizen.auth(), port), lagging));
  // …but the client that just wrote reads from the primary,
  Headers just_wrote = citizen.auth();
  just_wrote[0].second += "; cds_wrote=1";
  EXPECT_TRUE(listed(get(list, just_wrote, port), lagging));
  // and a report the standby has not seen is looked for on the primary.
  EXPECT_EQ(get("/api/v1/reports/" + lagging, citizen.auth(), port).status, 200);
  EXPECT_EQ(get("/api/v1/reports/" + lagging, {}, port).status, 200);  // anonymous, cached
  replica->read([](cds::db::Connection& c) { c.query("SELECT pg_wal_replay_resume()"); });
  EXPECT_TRUE(eventually([&] { return listed(get(list, citizen.auth(), port), lagging); }));

  // The standby stops: the primary answers every read.
  replica.reset();
  standby.stop();
  int64_t fallbacks = metric(port, "cds_db_standby_fallbacks_total");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(get("/api/v1/reports/" + id, citizen.auth(), port).status, 200);
    EXPECT_TRUE(listed(get(list, citizen.auth(), port), lagging));
  }
  EXPECT_GT(metric(port, "cds_db_standby_fallbacks_total"), fallbacks);
  EXPECT_EQ(get("/readyz", {}, port).status, 200);
  EXPECT_TRUE(serving.running());
  EXPECT_EQ(serving.terminate(), 0) << serving.log();
}
