// Statements are prepared once per connection and reused (issue "Speed and scale-out"): on
// PostgreSQL the server keeps one prepared statement per SQL text and connection, however
// often it runs; texts past the cache's bound still run, unprepared.
#include <gtest/gtest.h>

#include "db/connection.h"
#include "harness.h"

using namespace cds::test;

TEST(Statements, PostgresPreparesEachTextOncePerConnection) {
  auto db = cds::db::Database::open(database_url(), 1);
  if (db->engine() != cds::db::Engine::postgres)
    GTEST_SKIP() << "SQLite keeps its statements with sqlite3_prepare_v3 (persistent); this "
                    "checks the PostgreSQL side";
  const std::string sql = "SELECT code, name FROM units WHERE generation = $1 AND code = $2";
  for (int i = 0; i < 5; ++i) {
    auto r = db->read([&](cds::db::Connection& c) {
      return c.query(sql, {int64_t{2025}, std::string(i % 2 ? "15" : "04252")});
    });
    ASSERT_EQ(r.rows.size(), 1u);
  }
  auto prepared = db->read([&](cds::db::Connection& c) {
    return c.query("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1", {sql});
  });
  EXPECT_EQ(prepared.rows.at(0).integer(0), 1);
  // Many different texts: all answer, and the cache stays bounded.
  for (int i = 0; i < 600; ++i) {
    auto r = db->read([&](cds::db::Connection& c) {
      return c.query("SELECT " + std::to_string(i) + " + $1::int AS n", {int64_t{1}});
    });
    ASSERT_EQ(r.rows.at(0).integer(0), i + 1);
  }
  auto total = db->read([](cds::db::Connection& c) {
    return c.query("SELECT count(*) FROM pg_prepared_statements");
  });
  EXPECT_LE(total.rows.at(0).integer(0), 500);
  // A failed statement leaves the connection usable for the next transaction.
  EXPECT_ANY_THROW(db->read([](cds::db::Connection& c) { return c.query("SELECT nope()"); }));
  EXPECT_EQ(db->read([&](cds::db::Connection& c) {
                return c.query(sql, {int64_t{2025}, std::string("15")});
              }).rows.size(),
            1u);
}

// The same bound on SQLite, where a kept statement holds its compiled program in memory for the
// connection's life: texts past the bound are compiled for one use and finalized after it.
TEST(Statements, SqliteKeepsABoundedNumberOfStatements) {
  auto db = cds::db::Database::open(database_url(), 1);
  if (db->engine() != cds::db::Engine::sqlite)
    GTEST_SKIP() << "checks the SQLite side; PostgreSQL has its own test above";
  db->read([](cds::db::Connection& c) {
    for (int i = 0; i < 600; ++i) {
      auto r = c.query("SELECT " + std::to_string(i) + " + $1 AS n", {int64_t{1}});
      EXPECT_EQ(r.rows.at(0).integer(0), i + 1);
      auto again = c.query("SELECT " + std::to_string(i) + " + $1 AS n", {int64_t{2}});
      EXPECT_EQ(again.rows.at(0).integer(0), i + 2);  // reused or made again, answered alike
    }
    // sqlite_stmt (Debian's SQLite has it) lists the connection's statements.
    auto kept = c.query("SELECT count(*) FROM sqlite_stmt");
    EXPECT_LE(kept.rows.at(0).integer(0), 501);
    return 0;
  });
}
