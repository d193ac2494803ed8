// core/cache.h: a representation is current until a scope it depends on is stamped after it was
// made; writes stamp their scopes only once they commit.
#include "core/cache.h"

#include <gtest/gtest.h>

#include "db/connection.h"

using cds::cache::Representation;
using cds::cache::Representations;
using cds::cache::Versions;

namespace {
// Makes a representation of `body` depending on `scopes`, counting how often it was made.
Representations::Make maker(const std::string& body, std::vector<std::string> scopes, int& made) {
  return [body, scopes, &made](Representation& r) {
    ++made;
    r.body = body;
    r.content_type = "text/plain";
    r.scopes = scopes;
  };
}
}  // namespace

TEST(Cache, KeptUntilAScopeItDependsOnIsStamped) {
  Versions versions;
  Representations cache(1 << 20, versions);
  int made = 0;
  EXPECT_EQ(cache.get("a", maker("one", {"report:1", "unit:04252"}, made))->body, "one");
  EXPECT_EQ(cache.get("a", maker("two", {"report:1", "unit:04252"}, made))->body, "one");
  EXPECT_EQ(made, 1);
  versions.bump("report:2");  // another report: still current (unless it shares a slot)
  if (Versions::slot("report:2") != Versions::slot("report:1") &&
      Versions::slot("report:2") != Versions::slot("unit:04252")) {
    EXPECT_EQ(cache.get("a", maker("two", {"report:1"}, made))->body, "one");
  }
  versions.bump("unit:04252");
  EXPECT_EQ(cache.get("a", maker("three", {"report:1"}, made))->body, "three");
  versions.bump_everything();
  EXPECT_EQ(cache.find("a"), nullptr);
  auto stats = cache.stats();
  EXPECT_GE(stats.hits, 1u);
  EXPECT_GE(stats.misses, 2u);
}

TEST(Cache, AChangeCommittedWhileMakingMakesItStaleAtOnce) {
  Versions versions;
  Representations cache(1 << 20, versions);
  int made = 0;
  // The write commits (and stamps) after the maker read the old data: the kept copy is stale.
  cache.get("b", [&](Representation& r) {
    ++made;
    r.body = "old";
    r.scopes = {"report:9"};
    versions.bump("report:9");
  });
  EXPECT_EQ(cache.find("b"), nullptr);
  EXPECT_EQ(cache.get("b", maker("new", {"report:9"}, made))->body, "new");
  EXPECT_EQ(cache.find("b")->body, "new");
}

TEST(Cache, ATrowingMakerKeepsNothingAndTheLeastRecentlyUsedGoFirst) {
  Versions versions;
  Representations cache(16 * 4096, versions);  // 4 KiB per shard
  EXPECT_THROW(cache.get("c", [](Representation&) { throw std::runtime_error("404"); }),
               std::runtime_error);
  EXPECT_EQ(cache.find("c"), nullptr);
  int made = 0;
  for (int i = 0; i < 400; ++i)
    cache.get("k" + std::to_string(i), maker(std::string(1000, 'x'), {}, made));
  EXPECT_LE(cache.stats().bytes, 16u * 4096);
  EXPECT_NE(cache.find("k399"), nullptr);
  EXPECT_EQ(cache.find("k0"), nullptr);
}

TEST(Cache, ADatabaseWriteStampsItsScopesOnlyWhenItCommits) {
  auto db = cds::db::Database::open("sqlite::memory:", 2);
  db->write([](cds::db::Connection& c) { c.execute_script("CREATE TABLE t (x INTEGER)"); });
  auto& versions = cds::cache::versions();
  std::vector<uint32_t> slot{Versions::slot("test:committed")};
  uint64_t before = versions.now();
  EXPECT_THROW(db->write([](cds::db::Connection& c) {
    c.query("INSERT INTO t VALUES (1)");
    c.touch("test:committed");
    throw std::runtime_error("the write fails");
  }),
               std::runtime_error);
  EXPECT_TRUE(versions.current(before, slot)) << "a rolled-back write stamps nothing";
  db->write([](cds::db::Connection& c) {
    c.query("INSERT INTO t VALUES (2)");
    c.touch("test:committed");
  });
  EXPECT_FALSE(versions.current(before, slot));
}
