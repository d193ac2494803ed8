#include <gtest/gtest.h>

#include <filesystem>

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
  auto first = migrate(*db);
  EXPECT_FALSE(first.empty());
  EXPECT_TRUE(migrate(*db).empty());  // nothing left to apply
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
  migrate(*db);
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
  migrate(*db);
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
  auto sqlite = migrations_for(Engine::sqlite);
  auto pg = migrations_for(Engine::postgres);
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
