// Ten seconds without the database, under load, with the same server process throughout.
// PostgreSQL: the test runner's cluster is stopped (CDS_TEST_DB_PAUSE) and started again.
// SQLite has no server to stop: another process holds the write lock for ten seconds (an
// operator's open transaction, a restore --replace), so writes cannot commit while reads go on.
// Every request gets its answer quickly (a clean 503 with Retry-After when it needs what is
// missing; never a 500, never a hang), readiness says so, nothing acknowledged is lost, and
// once the database is back everything works again: filing, the connection pool (none left
// lent out), an open event stream (alive, or resumed with Last-Event-ID), the listening
// connection that invalidates another process's cache, and the scheduler's claims.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <sstream>
#include <thread>
#include <utility>

#include "accounts_helpers.h"
#include "db/connection.h"

using namespace cds::test;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

const std::string kUnit = "02671";  // Phường Cam Đường: no other test files reports there

bool on_postgres() { return database_url().starts_with("postgres"); }

// The database goes away and comes back.
class Outage {
 public:
  void begin() {
    if (on_postgres()) {
      down_ = true;
      ASSERT_EQ(std::system(std::getenv("CDS_TEST_DB_PAUSE")), 0);
      return;
    }
    ASSERT_EQ(
        sqlite3_open_v2(database_url().substr(7).c_str(), &lock_, SQLITE_OPEN_READWRITE, nullptr),
        SQLITE_OK);
    sqlite3_busy_timeout(lock_, 10000);
    ASSERT_EQ(sqlite3_exec(lock_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  }
  void end() {
    if (on_postgres()) {
      if (!std::exchange(down_, false)) return;
      ASSERT_EQ(std::system(std::getenv("CDS_TEST_DB_RESUME")), 0);
      return;
    }
    if (!lock_) return;
    sqlite3_exec(lock_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(lock_);
    lock_ = nullptr;
  }
  ~Outage() { end(); }

 private:
  sqlite3* lock_ = nullptr;
  bool down_ = false;
};

struct Answer {
  std::string what;  // "file", "read", "list", "ready"
  Clock::time_point at;
  double seconds = 0;
  int status = 0;  // 0: no answer in 15 s, or the connection failed
  std::string retry_after, description, id, body;
};

// One request on its own connection, waiting up to 15 s for the answer.
Answer timed(const std::string& what, const std::string& method, const std::string& target,
             const std::string& body, const Headers& headers, uint16_t port) {
  Answer a{.what = what, .at = Clock::now()};
  try {
    Connection c(port);
    std::string req =
        method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
    if (method == "POST") req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    c.send(req + "\r\n" + body);
    HttpResult r = c.read_response(15000);
    a.status = r.status;
    a.retry_after = r.header("retry-after");
    a.body = r.body.substr(0, 300);
    if (what == "file" && r.status >= 200 && r.status < 300)
      a.id = r.json().as_array().at(0).at("service_request_id").as_string().c_str();
  } catch (const std::exception& e) {
    a.status = 0;
    a.body = e.what();
  }
  a.seconds = std::chrono::duration<double>(Clock::now() - a.at).count();
  return a;
}

class Load {
 public:
  Load(uint16_t port, const std::string& key, const std::string& report_id) {
    auto loop = [this](std::function<Answer(int)> one, int pause_ms) {
      return std::thread([this, one, pause_ms] {
        for (int n = 0; !stop_; ++n) {
          Answer a = one(n);
          {
            std::lock_guard lock(mutex_);
            answers_.push_back(a);
          }
          std::this_thread::sleep_for(milliseconds(pause_ms));
        }
      });
    };
    for (int t = 0; t < 2; ++t)
      threads_.push_back(loop(
          [=](int n) {
            std::string description = "Đèn đường hỏng khi mất cơ sở dữ liệu " + std::to_string(t) +
                                      "-" + std::to_string(n);
            Answer a =
                timed("file", "POST", "/open311/v2/requests.json",
                      "api_key=" + url_encode(key) + "&service_code=roads&address_id=" + kUnit +
                          "&lat=22.46&long=103.97&description=" + url_encode(description),
                      {{"Content-Type", "application/x-www-form-urlencoded"}}, port);
            a.description = description;
            return a;
          },
          20));
    threads_.push_back(loop(
        [=](int n) {
          // A signed-in reader's view is never cached: it needs the database every time.
          return n % 2
                     ? timed("read", "GET", "/api/v1/reports/" + report_id, "", {}, port)
                     : timed("list", "GET", "/open311/v2/requests.json?page_size=5", "", {}, port);
        },
        20));
    threads_.push_back(
        loop([=](int) { return timed("ready", "GET", "/readyz", "", {}, port); }, 200));
  }
  ~Load() { stop(); }
  void stop() {
    stop_ = true;
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }
  std::vector<Answer> answers() {
    std::lock_guard lock(mutex_);
    return answers_;
  }

 private:
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::vector<Answer> answers_;
};

bool eventually(const std::function<bool()>& holds, int seconds) {
  auto deadline = Clock::now() + std::chrono::seconds(seconds);
  while (Clock::now() < deadline) {
    if (holds()) return true;
    std::this_thread::sleep_for(milliseconds(100));
  }
  return holds();
}

int64_t metric(uint16_t port, const std::string& name) {
  std::string text = get("/metrics", {}, port).body;
  auto at = text.find("\n" + name + " ");
  return at == std::string::npos ? -1 : std::stoll(text.substr(at + name.size() + 2));
}

int64_t job_runs() {
  auto db = cds::db::Database::open(database_url(), 1);
  return db->read([](cds::db::Connection& c) {
    return c.query("SELECT COALESCE(SUM(runs), 0) FROM job_runs").rows.at(0).integer(0);
  });
}

std::string exercise(const std::string& headline) {
  return R"({"status":"Exercise","event":"Mất điện","categories":["Infra"],)"
         R"("urgency":"Expected","severity":"Minor","certainty":"Likely",)"
         R"("expires":"2099-12-31T18:00:00+07:00","headline":")" +
         headline + R"(","units":[")" + kUnit + R"("]})";
}

// Drafts and sends an exercise through the server at `port`; returns its id (0 on failure).
int64_t send_exercise(const User& officer, const std::string& headline, uint16_t port) {
  Headers h = officer.auth();
  h.emplace_back("Content-Type", "application/json");
  auto drafted = request("POST", "/api/v1/alerts", exercise(headline), h, port);
  EXPECT_EQ(drafted.status, 201) << drafted.body;
  if (drafted.status != 201) return 0;
  int64_t id = drafted.json().at("id").as_int64();
  auto sent = request("POST", "/api/v1/alerts/" + std::to_string(id) + "/submit", "", h, port);
  EXPECT_EQ(sent.status, 200) << sent.body;
  return id;
}

void cancel(const User& officer, int64_t id, uint16_t port) {
  if (!id) return;
  Headers h = officer.auth();
  h.emplace_back("Content-Type", "application/json");
  auto r = request("POST", "/api/v1/alerts/" + std::to_string(id) + "/cancel", "", h, port);
  EXPECT_EQ(r.status, 200) << r.body;
}

}  // namespace

TEST(Outage, TenSecondsWithoutTheDatabaseUnderLoadAndBackWithoutARestart) {
  if (on_postgres() && (!std::getenv("CDS_TEST_DB_PAUSE") || !std::getenv("CDS_TEST_DB_RESUME")))
    GTEST_SKIP() << "only with the test runner's PostgreSQL";
  // A process of its own with a small pool, so that a connection lost for good would show.
  ServerProcess serving({"--db-pool", "3", "--trust-proxy"});
  uint16_t port = serving.port();
  std::string key = create_api_key("outage test", "open311");
  User reader = sign_up("Người Đọc Khi Mất Điện", kUnit, "10.22.0.1");
  User officer = sign_up("Cán Bộ Diễn Tập Mất Điện", kUnit, "10.22.0.2");
  give_role(officer, "alert_officer", kUnit);
  std::string first =
      timed("file", "POST", "/open311/v2/requests.json",
            "api_key=" + url_encode(key) + "&service_code=roads&address_id=" + kUnit +
                "&lat=22.46&long=103.97&description=" + url_encode("Ổ gà trước giờ mất điện"),
            {{"Content-Type", "application/x-www-form-urlencoded"}}, port)
          .id;
  ASSERT_FALSE(first.empty());

  // A resident's page listening for warnings.
  Connection stream(port);
  stream.send("GET /events?unit=" + kUnit +
              " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n");
  ASSERT_NE(stream.read_until("retry:"), "");

  int64_t runs_before = job_runs();
  Outage outage;
  Clock::time_point down, up;
  std::vector<Answer> answers;
  {
    Load load(port, key, first);
    std::this_thread::sleep_for(std::chrono::seconds(2));
    // The window is when the database is truly away: taking SQLite's write lock waits for the
    // server's current batch (long under ASan), and stopping PostgreSQL takes a moment.
    outage.begin();
    down = Clock::now();
    std::this_thread::sleep_for(std::chrono::seconds(10));
    up = Clock::now();
    outage.end();
    // Back: filing works again within a few seconds.
    EXPECT_TRUE(eventually(
        [&] {
          auto all = load.answers();
          int ok = 0;
          for (const auto& a : all)
            if (a.what == "file" && a.at > up && a.status == 201) ++ok;
          return ok >= 5;
        },
        30))
        << "filing did not come back";
    load.stop();
    answers = load.answers();
  }
  EXPECT_TRUE(serving.running()) << serving.log();
  // What the server said about anything that failed (its log has no personal data).
  auto problems = [&] {
    std::string out, log = serving.log();
    std::istringstream lines(log);
    for (std::string line; std::getline(lines, line);)
      if (line.find(" error ") != std::string::npos || line.find(" critical ") != std::string::npos)
        out += line + "\n";
    return out;
  };

  int during_unavailable = 0, ready_down = 0, ok_before = 0, ok_after = 0, reads_refused = 0;
  double slowest = 0;
  for (const auto& a : answers) {
    slowest = std::max(slowest, a.seconds);
    bool in_outage = a.at >= down && a.at < up;
    // Never a hang, never a 500: an answer, or a clean 503 that says when to come back.
    EXPECT_NE(a.status, 0) << a.what << " got no answer: " << a.body;
    EXPECT_TRUE((a.status >= 200 && a.status < 300) || a.status == 503)
        << a.what << " " << a.status << " " << a.body << "\n"
        << problems();
    if (a.status == 503) {
      EXPECT_FALSE(a.retry_after.empty()) << a.what << " 503 without Retry-After";
      if (in_outage) ++during_unavailable;
    }
    if (a.what == "ready" && in_outage && a.status == 503) ++ready_down;
    if ((a.what == "read" || a.what == "list") && a.status != 200) ++reads_refused;
    if (a.what == "file" && a.status == 201) (a.at < down ? ok_before : ok_after) += 1;
  }
  // SQLite waits for the lock up to its busy timeout (5 s) before giving up on a write.
  EXPECT_LT(slowest, on_postgres() ? 4.0 : 8.0) << "a request waited too long";
  EXPECT_GT(ok_before, 5);
  EXPECT_GT(ok_after, 5);
  EXPECT_GE(during_unavailable, 2) << "nothing noticed the outage";
  if (on_postgres())
    EXPECT_GT(ready_down, 3) << "/readyz did not report the outage";
  else
    EXPECT_EQ(reads_refused, 0) << "reading stopped while only writing was blocked";

  // Nothing acknowledged was lost.
  {
    auto db = cds::db::Database::open(database_url(), 1);
    for (const auto& a : answers) {
      if (a.what != "file" || a.id.empty()) continue;
      auto found = db->read([&](cds::db::Connection& c) {
        return c.query("SELECT description FROM reports WHERE public_id = $1", {a.id});
      });
      ASSERT_EQ(found.size(), 1u) << a.id << " acknowledged, then lost";
      EXPECT_EQ(found.rows[0].text(0), a.description);
    }
  }

  // The pool: nothing left lent out, and more requests at once than it holds all answered.
  EXPECT_TRUE(eventually([&] { return metric(port, "cds_db_connections_in_use") == 0; }, 10))
      << "connections still lent out: " << metric(port, "cds_db_connections_in_use");
  {
    std::vector<std::thread> many;
    std::atomic<int> good{0};
    for (int i = 0; i < 12; ++i)
      many.emplace_back([&] {
        Answer a = timed("read", "GET", "/api/v1/me", "", reader.auth(), port);
        if (a.status == 200) ++good;
      });
    for (auto& t : many) t.join();
    EXPECT_EQ(good.load(), 12);
  }

  // The event stream opened before the outage: alive, or resumed where it stopped.
  int64_t alert = send_exercise(officer, "Diễn tập sau khi cơ sở dữ liệu trở lại", port);
  std::string needle = "\"id\":" + std::to_string(alert) + ",";
  std::string seen = stream.read_until(needle, 10000);
  if (seen.find(needle) == std::string::npos) {
    ADD_FAILURE() << "the stream open through the outage did not deliver the alert:\n" << seen;
  }

  // The scheduler claims its periods again.
  EXPECT_TRUE(eventually([&] { return job_runs() > runs_before; }, 20))
      << "no job has run since the outage";

  // The listening connection (PostgreSQL): a change made through another process reaches this
  // one's cache at once.
  if (on_postgres()) {
    std::string list = "/open311/v2/requests.json?page_size=500";
    get(list, {}, port);
    get(list, {}, port);  // cached now
    std::string other =
        timed("file", "POST", "/open311/v2/requests.json",
              "api_key=" + url_encode(key) + "&service_code=roads&address_id=" + kUnit +
                  "&lat=22.46&long=103.97&description=" +
                  url_encode("Báo qua tiến trình kia sau sự cố"),
              {{"Content-Type", "application/x-www-form-urlencoded"}}, server().port())
            .id;
    ASSERT_FALSE(other.empty());
    EXPECT_TRUE(
        eventually([&] { return get(list, {}, port).body.find(other) != std::string::npos; }, 3))
        << "the other process's report never reached this process's cached list";
  }
  cancel(officer, alert, port);
  EXPECT_EQ(serving.terminate(), 0) << serving.log();
}
