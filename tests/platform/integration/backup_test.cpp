// congdanso backup and restore (docs/operations.md), on the engine of the run: a backup taken
// while clients file reports restores into a fresh database holding every report acknowledged
// before it began; a backup of the stopped server restores to the same rows, table by table;
// uploads go with --uploads-to and come back with --uploads-from; a restore never overwrites a
// database that holds tables unless told to.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "db/connection.h"
#include "harness.h"

using namespace cds::test;
namespace fs = std::filesystem;

namespace {

bool on_postgres() { return database_url().starts_with("postgres"); }

// A database of its own for this test: a new SQLite file, or a new PostgreSQL database beside
// the run's (dropped at the end).
class FreshDatabase {
 public:
  explicit FreshDatabase(const std::string& name) {
    static std::mt19937_64 random(std::random_device{}());
    std::string unique = name + "_" + std::to_string(random() % 1000000000);
    if (!on_postgres()) {
      url_ = "sqlite:" + temp_dir() + "/" + unique + ".db";
      return;
    }
    auto admin = cds::db::Database::open(database_url(), 1);
    admin->read([&](cds::db::Connection& c) { c.query("CREATE DATABASE " + unique); });
    name_ = unique;
    std::string base = database_url();
    url_ = base.substr(0, base.rfind('/') + 1) + unique;
  }
  ~FreshDatabase() {
    if (name_.empty()) return;
    try {
      auto admin = cds::db::Database::open(database_url(), 1);
      admin->read(
          [&](cds::db::Connection& c) { c.query("DROP DATABASE " + name_ + " WITH (FORCE)"); });
    } catch (...) {
    }
  }
  const std::string& url() const { return url_; }

 private:
  std::string url_, name_;
};

std::vector<std::string> tables(cds::db::Database& db) {
  return db.read([](cds::db::Connection& c) {
    auto r = c.query(c.engine() == cds::db::Engine::sqlite
                         ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                           "LIKE 'sqlite_%' ORDER BY name"
                         : "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY "
                           "tablename");
    std::vector<std::string> out;
    for (const auto& row : r.rows) out.push_back(row.text(0));
    return out;
  });
}

struct TableSum {
  size_t rows = 0;
  uint64_t checksum = 0;  // of the rows, whatever their order
  bool operator==(const TableSum&) const = default;
};

uint64_t fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char ch : s) h = (h ^ ch) * 1099511628211ull;
  return h;
}

// Every table's row count and a checksum of every cell of every row.
std::map<std::string, TableSum> sums(const std::string& url) {
  auto db = cds::db::Database::open(url, 1);
  std::map<std::string, TableSum> out;
  for (const auto& t : tables(*db)) {
    db->read([&](cds::db::Connection& c) {
      auto r = c.query("SELECT * FROM \"" + t + "\"");
      TableSum& s = out[t];
      s.rows = r.size();
      for (const auto& row : r.rows) {
        std::string cells;
        for (size_t i = 0; i < row.size(); ++i)
          cells += row.is_null(i) ? std::string("\x01N") : "\x02" + row.text(i);
        s.checksum += fnv1a(cells) * 0x9E3779B97F4A7C15ull;  // a sum: the rows' order is free
      }
    });
  }
  return out;
}

std::string api_key_for(const std::string& url) {
  std::string out;
  if (run_binary({"apikey", "create", "--name", "backup test", "--scopes", "open311", "--db", url},
                 out) != 0)
    throw std::runtime_error("apikey create failed: " + out);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out.substr(out.rfind('\n') + 1);
}

// Clients filing reports through Open311 until stopped; what was acknowledged, in order.
class ReportLoad {
 public:
  ReportLoad(uint16_t port, std::string key, int clients) {
    for (int i = 0; i < clients; ++i)
      threads_.emplace_back([this, port, key, i] {
        for (int n = 0; !stop_; ++n) {
          std::string body =
              "api_key=" + url_encode(key) +
              "&service_code=roads&address_id=04252&lat=21.72&long=104.9"
              "&description=" +
              url_encode("Ổ gà trên đường, sao lưu " + std::to_string(i) + "-" + std::to_string(n));
          auto r = request("POST", "/open311/v2/requests.json", body,
                           {{"Content-Type", "application/x-www-form-urlencoded"}}, port);
          if (r.status >= 200 && r.status < 300) {
            std::lock_guard lock(mutex_);
            acknowledged_.push_back(
                r.json().as_array().at(0).at("service_request_id").as_string().c_str());
          } else {
            std::lock_guard lock(mutex_);
            failures_.push_back(std::to_string(r.status) + " " + r.body);
          }
        }
      });
  }
  ~ReportLoad() { stop(); }
  std::vector<std::string> acknowledged() {
    std::lock_guard lock(mutex_);
    return acknowledged_;
  }
  std::vector<std::string> failures() {
    std::lock_guard lock(mutex_);
    return failures_;
  }
  void stop() {
    stop_ = true;
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::vector<std::string> acknowledged_, failures_;
};

class SnapshotReader {
 public:
  explicit SnapshotReader(const std::string& url) {
    if (!url.starts_with("sqlite:")) return;
    sqlite3_open_v2(url.substr(7).c_str(), &db_, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db_, "SELECT count(*) FROM reports", -1, &stmt, nullptr);
    EXPECT_EQ(sqlite3_step(stmt), SQLITE_ROW);  // the snapshot starts with the first read
    sqlite3_finalize(stmt);
  }
  ~SnapshotReader() {
    if (!db_) return;
    sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
  }

 private:
  sqlite3* db_ = nullptr;
};

std::set<std::string> report_ids(const std::string& url) {
  auto db = cds::db::Database::open(url, 1);
  std::set<std::string> out;
  db->read([&](cds::db::Connection& c) {
    for (const auto& row : c.query("SELECT public_id FROM reports").rows) out.insert(row.text(0));
  });
  return out;
}

std::set<std::string> files_under(const fs::path& dir) {
  std::set<std::string> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file())
      out.insert(fs::relative(e.path(), dir).string() + ":" + std::to_string(e.file_size()));
  return out;
}

}  // namespace

TEST(Backup, TakenUnderWriteLoadRestoresIntoAFreshDatabaseWithEveryTableTheSame) {
  FreshDatabase live("backup_live"), under_load("backup_r1"), quiet("backup_r2");
  std::string dir = temp_dir() + "/backup-" + std::to_string(::getpid());
  fs::create_directories(dir);
  std::string during = dir + "/during.backup", after = dir + "/after.backup";
  std::vector<std::string> before_backup;
  {
    ServerProcess serving({}, live.url());
    std::string key = api_key_for(live.url());
    // On SQLite a reader holds a snapshot from before the load, as a long export would: no
    // checkpoint can move the reports into the database file, so they are all in the WAL, and a
    // copy of the file alone would lose them.
    SnapshotReader reader(live.url());
    ReportLoad load(serving.port(), key, 3);
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    before_backup = load.acknowledged();
    std::string out;
    ASSERT_EQ(run_binary({"backup", "--db", live.url(), "--to", during}, out), 0) << out;
    EXPECT_NE(out.find("backup: "), std::string::npos) << out;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    load.stop();
    EXPECT_TRUE(load.failures().empty()) << load.failures().front();
    ASSERT_GT(load.acknowledged().size(), before_backup.size())
        << "the clients were not filing while the backup ran";
    ASSERT_GE(before_backup.size(), 5u);
    EXPECT_EQ(serving.terminate(), 0) << serving.log();
  }
  // Nothing writes now: this backup must restore to exactly what the database holds.
  std::string out;
  ASSERT_EQ(run_binary({"backup", "--db", live.url(), "--to", after}, out), 0) << out;
  EXPECT_NE(run_binary({"backup", "--db", live.url(), "--to", after}, out), 0)
      << "a backup overwrote an existing file";

  ASSERT_EQ(run_binary({"restore", "--db", under_load.url(), "--from", during}, out), 0) << out;
  ASSERT_EQ(run_binary({"restore", "--db", quiet.url(), "--from", after}, out), 0) << out;

  auto live_sums = sums(live.url());
  auto restored = sums(quiet.url());
  ASSERT_GE(live_sums.size(), 30u);
  EXPECT_EQ(restored.size(), live_sums.size());
  for (const auto& [table, sum] : live_sums) {
    ASSERT_TRUE(restored.contains(table)) << table << " missing after restore";
    EXPECT_EQ(restored[table].rows, sum.rows) << table;
    EXPECT_EQ(restored[table].checksum, sum.checksum) << table << ": the rows differ";
  }

  // The backup taken under load: every report acknowledged before it began, every table.
  auto in_backup = report_ids(under_load.url());
  for (const auto& id : before_backup) EXPECT_TRUE(in_backup.contains(id)) << id << " lost";
  auto live_ids = report_ids(live.url());
  for (const auto& id : in_backup) EXPECT_TRUE(live_ids.contains(id)) << id << " invented";
  EXPECT_LE(in_backup.size(), live_ids.size());
  auto under_load_sums = sums(under_load.url());
  EXPECT_EQ(under_load_sums.size(), live_sums.size());
  // Each report restored as it was acknowledged.
  {
    auto a = cds::db::Database::open(under_load.url(), 1);
    auto b = cds::db::Database::open(live.url(), 1);
    auto text_of = [](cds::db::Database& db, const std::string& id) {
      return db.read([&](cds::db::Connection& c) {
        auto r = c.query(
            "SELECT description, unit_code, category_id FROM reports WHERE "
            "public_id = $1",
            {id});
        return r.empty() ? std::string()
                         : r.rows[0].text(0) + "|" + r.rows[0].text(1) + "|" + r.rows[0].text(2);
      });
    };
    for (const auto& id : before_backup) EXPECT_EQ(text_of(*a, id), text_of(*b, id)) << id;
  }

  // A database that holds tables is not overwritten unless told to.
  EXPECT_NE(run_binary({"restore", "--db", quiet.url(), "--from", during}, out), 0);
  EXPECT_NE(out.find("--replace"), std::string::npos) << out;
  EXPECT_EQ(sums(quiet.url()), restored) << "a refused restore changed the database";
  ASSERT_EQ(run_binary({"restore", "--db", quiet.url(), "--from", during, "--replace"}, out), 0)
      << out;
  EXPECT_EQ(report_ids(quiet.url()), in_backup);
}

TEST(Backup, UploadsGoWithTheBackupAndComeBack) {
  // An uploads folder of this test's own: a photo in a subfolder and one at the top.
  fs::path uploads = fs::path(temp_dir()) / ("uploads-" + std::to_string(::getpid()));
  fs::create_directories(uploads / "reports" / "ab");
  {
    std::ofstream(uploads / "reports" / "ab" / "photo-1.jpg") << "first photo bytes";
    std::ofstream(uploads / "news.jpg") << "a cover";
  }
  fs::path copy = fs::path(temp_dir()) / ("uploads-copy-" + std::to_string(::getpid()));
  std::string file = temp_dir() + "/with-uploads-" + std::to_string(::getpid()) + ".backup";
  std::string out;
  ASSERT_EQ(run_binary({"backup", "--db", database_url(), "--to", file, "--uploads-dir",
                        uploads.string(), "--uploads-to", copy.string()},
                       out),
            0)
      << out;
  EXPECT_NE(out.find("uploads: 2 new file(s)"), std::string::npos) << out;
  EXPECT_EQ(files_under(copy), files_under(uploads));
  // The next run copies only what is new.
  { std::ofstream(uploads / "reports" / "ab" / "photo-2.jpg") << "second"; }
  fs::remove(file);
  ASSERT_EQ(run_binary({"backup", "--db", database_url(), "--to", file, "--uploads-dir",
                        uploads.string(), "--uploads-to", copy.string()},
                       out),
            0)
      << out;
  EXPECT_NE(out.find("uploads: 1 new file(s)"), std::string::npos) << out;

  FreshDatabase target("backup_uploads");
  fs::path restored = fs::path(temp_dir()) / ("uploads-restored-" + std::to_string(::getpid()));
  ASSERT_EQ(run_binary({"restore", "--db", target.url(), "--from", file, "--uploads-dir",
                        restored.string(), "--uploads-from", copy.string()},
                       out),
            0)
      << out;
  EXPECT_EQ(files_under(restored), files_under(uploads));
}

TEST(Backup, RefusesWhatIsNotABackupAndAnotherEnginesFile) {
  std::string out;
  std::string junk = temp_dir() + "/not-a-backup";
  { std::ofstream(junk) << "this is not a database"; }
  FreshDatabase target("backup_refused");
  EXPECT_EQ(run_binary({"restore", "--db", target.url(), "--from", junk}, out), 2) << out;
  EXPECT_NE(out.find("not a backup"), std::string::npos) << out;
  // A backup from the other engine.
  std::string other = temp_dir() + "/other-engine.backup";
  {
    std::ofstream f(other, std::ios::binary);
    if (on_postgres())
      f << std::string("SQLite format 3\0", 16) << std::string(100, '\0');
    else
      f << "PGDMP" << std::string(100, '\0');
  }
  EXPECT_EQ(run_binary({"restore", "--db", target.url(), "--from", other}, out), 2) << out;
  EXPECT_NE(out.find("same engine"), std::string::npos) << out;
  EXPECT_TRUE(tables(*cds::db::Database::open(target.url(), 1)).empty());
  // A backup into a missing folder writes nothing.
  EXPECT_EQ(run_binary({"backup", "--db", database_url(), "--to", temp_dir() + "/nowhere/x"}, out),
            2)
      << out;
}
