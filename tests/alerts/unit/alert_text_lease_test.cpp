// The lease on an alert's warning texts: with two processes (here two connection pools) on one
// database, one sends while its lease runs; the other takes over only once it has run out.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "alerts/store.h"
#include "all_migrations.h"
#include "db/migrate.h"

using namespace cds;

namespace {
std::filesystem::path fresh_db() {
  auto p =
      std::filesystem::temp_directory_path() / ("cds-lease-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(p);
  return p;
}

int64_t queued_alert(db::Database& db) {
  return db.write([](db::Connection& c) {
    return c
        .query(
            "INSERT INTO alerts (identifier, status, msg_type, event, categories, urgency, "
            "severity, certainty, headline_vi, effective, expires, area_desc, state, drafted_by, "
            "created_at, sms_state) VALUES ('t-1', 'Actual', 'Alert', 'Lũ', 'Met', 'Immediate', "
            "'Severe', 'Likely', 'Lũ quét', '2026-11-29T00:00:00Z', '2099-01-01T00:00:00Z', "
            "'Xã', 'sent', 1, '2026-11-29T00:00:00Z', 'pending') RETURNING id")
        .rows.at(0)
        .integer(0);
  });
}

bool claim(db::Database& db, int64_t id, const std::string& holder, const std::string& now,
           const std::string& until) {
  return db.write(
      [&](db::Connection& c) { return alerts::store::claim_texts(c, id, holder, now, until); });
}
}  // namespace

TEST(AlertTextLease, OneProcessSendsAndAnotherTakesOverOnlyWhenTheLeaseRunsOut) {
  auto path = fresh_db();
  auto one = db::Database::open("sqlite:" + path.string());
  db::migrate(*one, cds::test::all_migrations());
  auto two = db::Database::open("sqlite:" + path.string());
  int64_t id = queued_alert(*one);

  EXPECT_TRUE(claim(*one, id, "one", "2026-11-29T10:00:00Z", "2026-11-29T10:02:00Z"));
  // While "one" holds it, "two" finds it taken, and "one" renews it batch after batch.
  EXPECT_FALSE(claim(*two, id, "two", "2026-11-29T10:00:05Z", "2026-11-29T10:02:05Z"));
  EXPECT_TRUE(claim(*one, id, "one", "2026-11-29T10:01:00Z", "2026-11-29T10:03:00Z"));
  EXPECT_FALSE(claim(*two, id, "two", "2026-11-29T10:02:30Z", "2026-11-29T10:04:30Z"));
  // "one" stopped: once its lease has run out, "two" goes on, and "one" may not come back.
  EXPECT_TRUE(claim(*two, id, "two", "2026-11-29T10:03:00Z", "2026-11-29T10:05:00Z"));
  EXPECT_FALSE(claim(*one, id, "one", "2026-11-29T10:03:01Z", "2026-11-29T10:05:01Z"));
  // Done: nobody claims it any more.
  two->write([&](db::Connection& c) {
    alerts::store::note_texts(c, id, 42, 10, 0, true);
    return 0;
  });
  EXPECT_FALSE(claim(*two, id, "two", "2026-11-29T10:04:00Z", "2026-11-29T10:06:00Z"));
  EXPECT_FALSE(claim(*one, id, "one", "2026-11-29T11:00:00Z", "2026-11-29T11:02:00Z"));
  std::filesystem::remove(path);
}
