// Cached representations (core/cache.h, web/cached.h): every public read that is served from
// memory shows a new report, a status change and an erased name at once, on both engines; a
// second process on the same PostgreSQL database sees the changes made through the first.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <thread>

#include "accounts_helpers.h"

using namespace cds::test;
namespace json = boost::json;

namespace {

const std::string kUnit = "02680";  // Xã Hợp Thành: no other test files reports there

struct Readers {
  uint16_t port = 0;
  HttpResult list_api() const { return get("/api/v1/reports?unit=" + kUnit, {}, port); }
  HttpResult list_html() const { return get("/phan-anh?unit=" + kUnit, {}, port); }
  HttpResult list_open311() const {
    return get("/open311/v2/requests.json?page_size=500", {}, port);
  }
  HttpResult one_api(const std::string& id) const { return get("/api/v1/reports/" + id, {}, port); }
  HttpResult one_html(const std::string& id) const { return get("/phan-anh/" + id, {}, port); }
  HttpResult one_open311(const std::string& id) const {
    return get("/open311/v2/requests/" + id + ".json", {}, port);
  }
  // Every representation, twice: the second read is the cached one.
  void warm(const std::vector<std::string>& ids) const {
    for (int i = 0; i < 2; ++i) {
      list_api();
      list_html();
      list_open311();
      for (const auto& id : ids) {
        one_api(id);
        one_html(id);
        one_open311(id);
      }
    }
  }
};

int64_t metric(const std::string& name, uint16_t port = 0) {
  std::string body = get("/metrics", {}, port).body;
  auto at = body.find("\n" + name + " ");
  if (at == std::string::npos) return -1;
  return std::stoll(body.substr(at + name.size() + 2));
}

std::string file_report(const User& who, const std::string& description, bool named,
                        uint16_t port = 0) {
  auto r = request("POST", "/api/v1/reports",
                   R"({"category":"roads","unit_code":")" + kUnit + R"(","description":")" +
                       description + R"(","show_name":)" + (named ? "true" : "false") + "}",
                   {{"Cookie", who.cookie},
                    {"Sec-Fetch-Site", "same-origin"},
                    {"Content-Type", "application/json"}},
                   port);
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? std::string(r.json().at("id").as_string()) : "";
}

bool listed(const HttpResult& list, const std::string& id) {
  json::value doc = list.json();
  for (const auto& r : doc.at("reports").as_array())
    if (r.at("id").as_string() == id) return true;
  return false;
}

std::string open311_status(const HttpResult& r) {
  return std::string(r.json().as_array().at(0).at("status").as_string());
}

}  // namespace

TEST(CachedReads, ANewReportAStatusChangeAndAnErasureShowAtOnce) {
  User reporter = sign_up("Đỗ Thị Bộ Nhớ", kUnit, "10.10.0.1");
  User officer = sign_up("Cán Bộ Hợp Thành", kUnit, "10.10.0.2");
  give_role(officer, "officer", kUnit);
  User admin = sign_up("Quản Trị Bộ Nhớ", kUnit, "10.10.0.3");
  give_role(admin, "province_admin", "15");
  Readers read;

  std::string first = file_report(reporter, "Cống thoát nước bị tắc trước nhà văn hoá", true);
  ASSERT_FALSE(first.empty());
  int64_t hits_before = metric("cds_cache_hits_total");
  read.warm({first});
  EXPECT_GT(metric("cds_cache_hits_total"), hits_before) << "the second reads come from memory";
  EXPECT_NE(read.one_html(first).body.find("Đỗ Thị Bộ Nhớ"), std::string::npos);
  EXPECT_EQ(read.one_api(first).header("cache-control"), "public, max-age=0, s-maxage=5");

  // A new report is on every list at once.
  std::string second = file_report(reporter, "Đèn đường hỏng ở ngã ba", false);
  ASSERT_FALSE(second.empty());
  EXPECT_TRUE(listed(read.list_api(), second));
  EXPECT_NE(read.list_html().body.find(second), std::string::npos);
  EXPECT_NE(read.list_open311().body.find(second), std::string::npos);

  // A status change: the report, its lists, Open311.
  read.warm({first, second});
  ASSERT_EQ(
      post_json("/api/v1/reports/" + first + "/actions", R"({"kind":"start"})", officer.auth())
          .status,
      200);
  EXPECT_EQ(read.one_api(first).json().at("status").as_string(), "in_progress");
  json::value list = read.list_api().json();
  for (const auto& r : list.at("reports").as_array())
    if (r.at("id").as_string() == first) EXPECT_EQ(r.at("status").as_string(), "in_progress");
  std::string answer = "Đã nạo vét xong cống lúc 9 giờ";
  ASSERT_EQ(post_json("/api/v1/reports/" + first + "/actions",
                      R"({"kind":"resolve","text":")" + answer + R"("})", officer.auth())
                .status,
            200);
  EXPECT_EQ(open311_status(read.one_open311(first)), "closed");
  EXPECT_NE(read.one_html(first).body.find(answer), std::string::npos);
  EXPECT_NE(read.one_open311(first).body.find(answer), std::string::npos);

  // The named reporter's account is erased: the name leaves every page at once.
  read.warm({first, second});
  auto asked = request("POST", "/api/v1/me/delete", "", reporter.auth());
  ASSERT_EQ(asked.status, 202) << asked.body;
  auto done = request("POST",
                      "/api/v1/admin/deletion-requests/" +
                          std::to_string(asked.json().at("id").as_int64()) + "/execute",
                      "",
                      {{"Cookie", admin.cookie},
                       {"Sec-Fetch-Site", "same-origin"},
                       {"Content-Type", "application/json"}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_TRUE(read.one_api(first).json().at("reporter_name").is_null());
  EXPECT_EQ(read.one_html(first).body.find("Đỗ Thị Bộ Nhớ"), std::string::npos);
  EXPECT_EQ(read.list_html().body.find("Đỗ Thị Bộ Nhớ"), std::string::npos);
  EXPECT_EQ(read.list_api().body.find("Đỗ Thị Bộ Nhớ"), std::string::npos);
}

TEST(CachedReads, SignedInReadersGetTheirOwnAnswerNeverTheCachedOne) {
  User reporter = sign_up("Người Đọc Riêng", kUnit, "10.10.0.4");
  std::string id = file_report(reporter, "Rác thải đổ trộm bên suối", false);
  ASSERT_FALSE(id.empty());
  Readers read;
  read.warm({id});
  EXPECT_FALSE(read.one_api(id).json().at("mine").as_bool());
  auto own = get("/api/v1/reports/" + id, reporter.auth());
  EXPECT_TRUE(own.json().at("mine").as_bool());
  EXPECT_NE(own.header("cache-control"), "public, max-age=0, s-maxage=5");
}

// Two processes on one PostgreSQL database, as behind nginx: what is written through one is
// read back through the other, whose cached pages the change invalidates (LISTEN/NOTIFY).
TEST(CachedReads, ASecondProcessOnTheSameDatabaseSeesEveryChange) {
  if (!database_url().starts_with("postgres"))
    GTEST_SKIP() << "several processes share one database on PostgreSQL only";
  ServerProcess other({}, database_url());
  User reporter = sign_up("Người Hai Tiến Trình", kUnit, "10.10.0.5");
  User officer = sign_up("Cán Bộ Hai Tiến Trình", kUnit, "10.10.0.6");
  give_role(officer, "officer", kUnit);
  Readers there{other.port()};
  std::string id = file_report(reporter, "Cột điện nghiêng sau mưa lớn", false);
  ASSERT_FALSE(id.empty());
  there.warm({id});
  EXPECT_EQ(there.one_api(id).json().at("status").as_string(), "received");

  // NOTIFY reaches the other process after the commit: within a moment, never stale after it.
  auto eventually = [](const std::function<bool()>& holds) {
    for (int i = 0; i < 100; ++i) {
      if (holds()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  };
  ASSERT_EQ(
      post_json("/api/v1/reports/" + id + "/actions", R"({"kind":"start"})", officer.auth()).status,
      200);
  EXPECT_TRUE(eventually(
      [&] { return there.one_api(id).json().at("status").as_string() == "in_progress"; }));
  EXPECT_TRUE(eventually([&] {
    json::value list = there.list_api().json();
    for (const auto& r : list.at("reports").as_array())
      if (r.at("id").as_string() == id) return r.at("status").as_string() == "in_progress";
    return false;
  }));
  // And the other way: filed through the second process, listed by the first.
  std::string back = file_report(reporter, "Biển báo bị đổ", false, other.port());
  ASSERT_FALSE(back.empty());
  Readers here;
  EXPECT_TRUE(eventually([&] { return listed(here.list_api(), back); }));
  EXPECT_TRUE(eventually([&] { return listed(there.list_api(), back); }));
}

// Totals come from counters kept by triggers; pages follow each other by keyset.
TEST(ReportLists, KeysetPagesAndCountedTotalsAgreeWithTheRows) {
  User reporter = sign_up("Người Đếm Trang", kUnit, "10.10.0.7");
  User officer = sign_up("Cán Bộ Đếm Trang", kUnit, "10.10.0.8");
  give_role(officer, "officer", kUnit);
  for (int i = 0; i < 3; ++i)
    ASSERT_FALSE(
        file_report(reporter, "Đường đất sụt lún đoạn " + std::to_string(i), false).empty());
  json::value all = get("/api/v1/reports?unit=" + kUnit + "&page_size=500").json();
  std::vector<std::string> expected;
  for (const auto& r : all.at("reports").as_array()) expected.emplace_back(r.at("id").as_string());
  EXPECT_EQ(all.at("total").as_int64(), static_cast<int64_t>(expected.size()));

  std::vector<std::string> paged;
  std::string after;
  for (int page = 0; page < 100; ++page) {
    json::value doc = get("/api/v1/reports?unit=" + kUnit + "&page_size=2" +
                          (after.empty() ? "" : "&after=" + after))
                          .json();
    EXPECT_EQ(doc.at("total").as_int64(), static_cast<int64_t>(expected.size()));
    for (const auto& r : doc.at("reports").as_array()) paged.emplace_back(r.at("id").as_string());
    if (doc.at("next_after").is_null()) break;
    after = std::string(doc.at("next_after").as_string());
  }
  EXPECT_EQ(paged, expected);

  auto in_progress = [] {
    return get("/api/v1/reports?unit=" + kUnit + "&status=in_progress&category=roads")
        .json()
        .at("total")
        .as_int64();
  };
  int64_t before = in_progress();
  ASSERT_EQ(post_json("/api/v1/reports/" + expected.front() + "/actions", R"({"kind":"start"})",
                      officer.auth())
                .status,
            200);
  EXPECT_EQ(in_progress(), before + 1);
  json::value doc = get("/api/v1/reports?unit=" + kUnit + "&status=in_progress").json();
  int64_t rows = 0;
  for (const auto& r : doc.at("reports").as_array()) rows += r.at("status") == "in_progress";
  EXPECT_EQ(doc.at("total").as_int64(), rows);
}
