// In-app notices against an in-memory SQLite: posted inside the caller's transaction (and gone
// with it when it fails), read newest first, marked read by reading.
#include <gtest/gtest.h>

#include <stdexcept>

#include "all_migrations.h"
#include "db/migrate.h"
#include "notify/inbox.h"

using namespace cds;

namespace {
int64_t add_account(db::Database& db) {
  return db.write([](db::Connection& c) {
    return c
        .query(
            "INSERT INTO accounts (status, created_at, updated_at) VALUES ('active', "
            "'2026-11-29T00:00:00Z', '2026-11-29T00:00:00Z') RETURNING id")
        .rows.at(0)
        .integer(0);
  });
}
}  // namespace

TEST(NotifyInbox, NoticesArriveWithTheirChangeAndAreReadOnce) {
  auto db = db::Database::open("sqlite::memory:", 1);
  db::migrate(*db, cds::test::all_migrations());
  int64_t me = add_account(*db), other = add_account(*db);
  db->write([&](db::Connection& c) {
    notify::post(c, me, "notify.report.assigned", "abc234", "/phan-anh/abc234");
    notify::post(c, me, "notify.report.resolved", "abc234", "/phan-anh/abc234");
    notify::post(c, other, "notify.report.overdue", "xyz789", "/phan-anh/xyz789");
  });
  // A change that fails takes its notice with it.
  EXPECT_THROW(db->write([&](db::Connection& c) {
    notify::post(c, me, "notify.report.rejected", "abc234", "/phan-anh/abc234");
    throw std::runtime_error("the change failed");
  }),
               std::runtime_error);

  auto first = notify::take_inbox(*db, me);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].kind, "notify.report.resolved");  // newest first
  EXPECT_EQ(first[0].subject, "abc234");
  EXPECT_EQ(first[0].link, "/phan-anh/abc234");
  EXPECT_FALSE(first[0].read);
  EXPECT_FALSE(first[1].read);
  auto again = notify::take_inbox(*db, me);
  ASSERT_EQ(again.size(), 2u);
  EXPECT_TRUE(again[0].read);
  // Someone else's notices are theirs alone.
  auto theirs = notify::take_inbox(*db, other);
  ASSERT_EQ(theirs.size(), 1u);
  EXPECT_EQ(theirs[0].subject, "xyz789");
  EXPECT_EQ(notify::take_inbox(*db, me, 1).size(), 1u);
}
