// The migrations moved from src/db/migrations into each module's folder: a database made
// before the move knows every version the binary has, so nothing runs twice and nothing is
// lost. On both engines the versions are checked; on SQLite a database made at 02caa06 (the
// fixture) is upgraded and opened.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "db/connection.h"
#include "harness.h"

using namespace cds::test;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::set<std::string> old_versions() {
  std::set<std::string> out;
  std::istringstream lines(read_file(CDS_SOURCE_DIR "/tests/fixtures/migrations_at_02caa06.txt"));
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) out.insert(line);
  return out;
}

std::set<std::string> applied(const std::string& url) {
  auto db = cds::db::Database::open(url, 1);
  std::set<std::string> out;
  db->read([&](cds::db::Connection& c) {
    for (const auto& row : c.query("SELECT version FROM schema_migrations").rows)
      out.insert(row.text(0));
  });
  return out;
}

}  // namespace

TEST(Migrations, EveryVersionMadeBeforeTheMoveIsStillTheSameVersion) {
  server();  // migrated at its start
  auto before = old_versions();
  ASSERT_EQ(before.size(), 25u);
  auto now = applied(database_url());
  for (const auto& v : before) EXPECT_TRUE(now.contains(v)) << v << " was renamed or lost";
  std::string out;
  ASSERT_EQ(run_binary({"migrate", "--db", database_url()}, out), 0) << out;
  EXPECT_NE(out.find("0 migration(s) applied"), std::string::npos) << out;
}

TEST(Migrations, ASqliteDatabaseMadeAtTheOldLayoutUpgradesAndKeepsItsData) {
  std::string path = temp_dir() + "/old-layout.db";
  std::string url = "sqlite:" + path;
  {
    // The dump as sqlite3 wrote it, without its own transaction (write() opens one).
    std::string dump = read_file(CDS_SOURCE_DIR "/tests/fixtures/sqlite_at_02caa06.sql");
    std::string sql;
    std::istringstream lines(dump);
    for (std::string line; std::getline(lines, line);)
      if (line != "BEGIN TRANSACTION;" && line != "COMMIT;" && !line.starts_with("PRAGMA"))
        sql += line + "\n";
    auto db = cds::db::Database::open(url, 1);
    db->write([&](cds::db::Connection& c) { c.execute_script(sql); });
  }
  EXPECT_EQ(applied(url), old_versions());
  std::string out;
  ASSERT_EQ(run_binary({"migrate", "--db", url}, out), 0) << out;
  auto now = applied(url);
  for (const auto& v : old_versions()) EXPECT_TRUE(now.contains(v));
  // Only migrations newer than the fixture ran, none of the old ones again.
  EXPECT_NE(out.find(std::to_string(now.size() - old_versions().size()) + " migration(s) applied"),
            std::string::npos)
      << out;
  auto db = cds::db::Database::open(url, 1);
  db->read([&](cds::db::Connection& c) {
    auto r = c.query("SELECT full_name FROM accounts WHERE phone = '+84912345678'");
    ASSERT_EQ(r.rows.size(), 1u);
    EXPECT_EQ(r.rows[0].text(0), "Nguyễn Văn Cũ");
    EXPECT_EQ(c.query("SELECT 1 FROM account_roles WHERE role = 'officer'").rows.size(), 1u);
  });
  // And the platform starts on it.
  ServerProcess upgraded({}, url);
  EXPECT_EQ(get("/readyz", {}, upgraded.port()).status, 200);
}
