#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

#include "all_migrations.h"
#include "db/connection.h"
#include "db/migrate.h"

using namespace cds::db;

namespace {
std::filesystem::path temp_db() {
  auto p = std::filesystem::temp_directory_path() / ("cds-db-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(p);
  return p / "t.db";
}
}  // namespace

TEST(Sqlite, MigratesOnceAndBindsNumberedParametersInAnyOrder) {
  auto path = temp_db();
  auto db = Database::open("sqlite:" + path.string());
  auto first = migrate(*db, cds::test::all_migrations());
  EXPECT_FALSE(first.empty());
  EXPECT_TRUE(migrate(*db, cds::test::all_migrations()).empty());  // nothing left to apply
  db->write([](Connection& c) {
    c.query(
        "INSERT INTO units (generation, code, name, level, parent_code, name_folded) VALUES ($2, "
        "$1, $3, $4, $5, $6)",
        {std::string("15"), int64_t{2025}, std::string("Tỉnh Lào Cai"), std::string("province"),
         null(), std::string("tinh lao cai")});
  });
  auto r = db->read([](Connection& c) {
    return c.query(
        "SELECT code, generation, parent_code FROM units WHERE generation = $1 AND code = $2",
        {int64_t{2025}, std::string("15")});
  });
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r.rows[0].text(0), "15");
  EXPECT_EQ(r.rows[0].integer(1), 2025);
  EXPECT_TRUE(r.rows[0].is_null(2));
  std::filesystem::remove_all(path.parent_path());
}

TEST(Sqlite, RollsBackWhenTheTransactionThrows) {
  auto path = temp_db();
  auto db = Database::open("sqlite:" + path.string());
  migrate(*db, cds::test::all_migrations());
  EXPECT_THROW(db->write([](Connection& c) {
    c.query(
        "INSERT INTO units (generation, code, name, level, name_folded) VALUES (2025, '01', 'A', "
        "'province', 'a')");
    throw std::runtime_error("half-way");
  }),
               std::runtime_error);
  auto n = db->read([](Connection& c) { return c.query("SELECT COUNT(*) FROM units"); })
               .rows[0]
               .integer(0);
  EXPECT_EQ(n, 0);
  std::filesystem::remove_all(path.parent_path());
}

TEST(Sqlite, ReportsConstraintViolationsAsSuch) {
  auto path = temp_db();
  auto db = Database::open("sqlite:" + path.string());
  migrate(*db, cds::test::all_migrations());
  auto insert = [](Connection& c) {
    c.query(
        "INSERT INTO units (generation, code, name, level, name_folded) VALUES (2025, '01', 'A', "
        "'province', 'a')");
  };
  db->write(insert);
  try {
    db->write(insert);
    FAIL() << "duplicate key accepted";
  } catch (const DbError& e) {
    EXPECT_EQ(e.kind, DbError::Kind::constraint);
  }
  std::filesystem::remove_all(path.parent_path());
}

TEST(Database, RefusesUnknownUrls) { EXPECT_THROW(Database::open("mysql://x"), DbError); }

TEST(Migrations, EachEngineGetsItsOwnVariantWhereOneExists) {
  auto sqlite = migrations_for(Engine::sqlite, cds::test::all_migrations());
  auto pg = migrations_for(Engine::postgres, cds::test::all_migrations());
  ASSERT_EQ(sqlite.size(), pg.size());
  for (size_t i = 0; i < sqlite.size(); ++i) EXPECT_EQ(sqlite[i].version, pg[i].version);
  EXPECT_EQ(sqlite.front().version, "0001_units");
}

// An acknowledged write is on disk: every connection commits with synchronous=FULL, in WAL mode.
TEST(Sqlite, CommitsAreDurable) {
  auto path = temp_db();
  auto db = Database::open("sqlite:" + path.string(), 2);
  for (bool write : {true, false}) {
    auto check = [](Connection& c) {
      return std::pair{c.query("PRAGMA synchronous").rows.at(0).integer(0),
                       c.query("PRAGMA journal_mode").rows.at(0).text(0)};
    };
    auto [synchronous, journal] = write ? db->write(check) : db->read(check);
    EXPECT_EQ(synchronous, 2) << "2 is FULL";
    EXPECT_EQ(journal, "wal");
  }
  std::filesystem::remove_all(path.parent_path());
}

// Concurrent writes are committed together: while one batch commits, the writes that arrive
// wait and then go in one transaction, each in its own savepoint. A write that fails is undone
// alone and only its caller hears of it; everyone returns after the commit.
TEST(Sqlite, ConcurrentWritesShareACommitAndFailAlone) {
  auto path = temp_db();
  auto db = Database::open("sqlite:" + path.string(), 2);
  db->write([](Connection& c) {
    c.execute_script("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)");
  });
  auto before = db->write_stats();
  std::thread slow([&] {
    db->write([](Connection& c) {
      c.query("INSERT INTO t (v) VALUES ('slow')");
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    });
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::vector<std::thread> others;
  std::atomic<int> refused{0};
  for (int i = 0; i < 7; ++i)
    others.emplace_back([&, i] {
      try {
        db->write([&](Connection& c) {
          c.query("INSERT INTO t (v) VALUES ($1)", {std::string("w") + std::to_string(i)});
          if (i == 3) c.query("INSERT INTO t (v) VALUES ('slow')");  // duplicate: refused
        });
      } catch (const DbError&) {
        ++refused;
      }
    });
  slow.join();
  for (auto& t : others) t.join();
  auto after = db->write_stats();
  EXPECT_EQ(after.writes - before.writes, 8u);
  EXPECT_LE(after.commits - before.commits, 3u) << "the seven waiting writes were not grouped";
  EXPECT_EQ(refused.load(), 1);
  auto rows = db->read([](Connection& c) { return c.query("SELECT v FROM t ORDER BY v"); });
  std::vector<std::string> values;
  for (const auto& r : rows.rows) values.push_back(r.text(0));
  EXPECT_EQ(values, (std::vector<std::string>{"slow", "w0", "w1", "w2", "w4", "w5", "w6"}));
  // A value returned from the transaction comes back to its caller.
  EXPECT_EQ(db->write([](Connection& c) {
    return c.query("SELECT count(*) FROM t").rows.at(0).integer(0);
  }),
            7);
  std::filesystem::remove_all(path.parent_path());
}
