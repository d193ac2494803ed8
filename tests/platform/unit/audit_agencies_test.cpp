// The platform modules audit/ and agencies/ against an in-memory SQLite: the audit log only
// grows and filters as documented; agencies are kept and found as made.
#include <gtest/gtest.h>

#include "agencies/service.h"
#include "all_migrations.h"
#include "audit/service.h"
#include "db/connection.h"
#include "db/migrate.h"

using namespace cds;

namespace {
std::unique_ptr<db::Database> fresh() {
  auto db = db::Database::open("sqlite::memory:", 1);
  db::migrate(*db, cds::test::all_migrations());
  return db;
}
}  // namespace

TEST(AuditLog, RecordsFiltersAndRefusesChanges) {
  auto db = fresh();
  db->write([](db::Connection& c) {
    audit::record(
        c, {.actor_account = 7, .action = "report.filed", .detail = "abc", .ip = "10.0.0.1"});
    audit::record(c, {.actor_account = 8, .action = "role.granted", .subject_account = 7});
    audit::record(c, {.actor_api_key = 3, .action = "report.filed", .detail = "def"});
  });
  auto all = db->read([](db::Connection& c) { return audit::rows(c, {}); });
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].detail, "def");  // newest first
  EXPECT_EQ(all[0].actor_api_key, 3);
  EXPECT_FALSE(all[0].at.empty());
  auto filed = db->read([](db::Connection& c) {
    audit::Filter f;
    f.action = "report.";
    return audit::rows(c, f);
  });
  EXPECT_EQ(filed.size(), 2u);
  auto about_seven = db->read([](db::Connection& c) {
    audit::Filter f;
    f.subject = 7;
    return audit::rows(c, f);
  });
  ASSERT_EQ(about_seven.size(), 1u);
  EXPECT_EQ(about_seven[0].action, "role.granted");
  // Append-only: the database itself refuses to change or remove an entry.
  EXPECT_ANY_THROW(
      db->write([](db::Connection& c) { c.query("UPDATE audit_log SET detail = 'x'"); }));
  EXPECT_ANY_THROW(db->write([](db::Connection& c) { c.query("DELETE FROM audit_log"); }));
  EXPECT_EQ(db->read([](db::Connection& c) { return audit::rows(c, {}); }).size(), 3u);
}

TEST(Agencies, AreKeptInTheOrderMadeAndFoundById) {
  auto db = fresh();
  // Named ids, not a structured binding: the lambdas below capture them (clang 14).
  auto ids = db->write([](db::Connection& c) {
    int64_t a =
        agencies::insert(c, {0, "Phòng Kinh tế phường Yên Bái", "Economic office", "04252"});
    int64_t b = agencies::insert(c, {0, "Sở Xây dựng", "", "15"});
    return std::pair{a, b};
  });
  int64_t first = ids.first, second = ids.second;
  auto all = db->read([](db::Connection& c) { return agencies::all(c); });
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, first);
  EXPECT_EQ(all[1].name, "Sở Xây dựng");
  auto found = db->read([&](db::Connection& c) { return agencies::find(c, first); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->name_en, "Economic office");
  EXPECT_EQ(found->unit_code, "04252");
  EXPECT_FALSE(db->read([&](db::Connection& c) { return agencies::find(c, second + 100); }));
}
