// The officers' workspace: the header offers "Việc của tôi" and "Quản trị" only to those whose
// roles allow them; /can-bo shows each module's tile with what waits within the officer's scope.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <ctime>

#include "accounts_helpers.h"
#include "db/connection.h"

using namespace cds::test;
namespace json = boost::json;

namespace {
const std::string kUnit = "02683";  // Xã Bát Xát: no other test files reports there

bool links_to(const HttpResult& page, const std::string& path) {
  return page.body.find("href=\"" + path + "\"") != std::string::npos;
}

// The figures of the reports' tile, by label (Vietnamese).
std::map<std::string, int64_t> report_figures(const User& officer) {
  std::map<std::string, int64_t> out;
  auto r = get("/api/v1/me/workspace", officer.auth());
  EXPECT_EQ(r.status, 200) << r.body;
  if (r.status != 200) return out;
  json::value doc = r.json();
  for (const auto& tile : doc.at("tiles").as_array()) {
    if (tile.at("link") != "/can-bo/phan-anh") continue;
    for (const auto& f : tile.at("figures").as_array())
      out[std::string(f.at("label").as_string())] = f.at("value").as_int64();
  }
  return out;
}
// yyyy-mm-dd in Vietnam (UTC+7), days from today.
std::string vietnam_day(int days_from_today) {
  auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() +
                                                std::chrono::hours(7 + 24 * days_from_today));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[16];
  std::strftime(out, sizeof out, "%Y-%m-%d", &tm);
  return out;
}

void set_deadline(const std::string& id, const std::string& day) {
  auto db = cds::db::Database::open(database_url(), 1);
  db->write([&](cds::db::Connection& c) {
    c.query("UPDATE reports SET deadline_on = $1 WHERE public_id = $2", {day, id});
  });
}
}  // namespace

TEST(Workspace, TheHeaderOffersOfficersAndAdministratorsTheirPagesAndCitizensNothingMore) {
  User citizen = sign_up("Dân Bát Xát", kUnit, "10.11.0.1");
  User officer = sign_up("Cán Bộ Bát Xát", kUnit, "10.11.0.2");
  give_role(officer, "officer", kUnit);
  User admin = sign_up("Quản Trị Tỉnh Bát Xát", kUnit, "10.11.0.3");
  give_role(admin, "province_admin", "15");

  auto anonymous = get("/");
  EXPECT_FALSE(links_to(anonymous, "/can-bo"));
  EXPECT_FALSE(links_to(anonymous, "/quan-tri"));
  auto as_citizen = get("/", citizen.auth());
  EXPECT_FALSE(links_to(as_citizen, "/can-bo"));
  EXPECT_FALSE(links_to(as_citizen, "/quan-tri"));
  EXPECT_TRUE(links_to(as_citizen, "/tai-khoan"));
  EXPECT_TRUE(links_to(get("/phan-anh", officer.auth()), "/can-bo"));
  auto as_admin = get("/don-vi", admin.auth());
  EXPECT_TRUE(links_to(as_admin, "/quan-tri"));
  EXPECT_TRUE(links_to(as_admin, "/can-bo"));

  EXPECT_EQ(get("/can-bo").status, 303);
  EXPECT_EQ(get("/api/v1/me/workspace").status, 401);
  EXPECT_EQ(get("/can-bo", citizen.auth()).status, 403);
  EXPECT_EQ(get("/api/v1/me/workspace", citizen.auth()).status, 403);
  auto landing = get("/can-bo", officer.auth());
  EXPECT_EQ(landing.status, 200);
  EXPECT_TRUE(links_to(landing, "/can-bo/phan-anh"));
}

TEST(Workspace, TheReportsTileCountsWhatIsOpenInTheOfficersScope) {
  User citizen = sign_up("Người Báo Bát Xát", kUnit, "10.11.0.4");
  User officer = sign_up("Cán Bộ Đếm Việc", kUnit, "10.11.0.5");
  give_role(officer, "officer", kUnit);
  auto before = report_figures(officer);
  ASSERT_TRUE(before.contains("đang mở"));
  auto filed = post_json(
      "/api/v1/reports",
      R"({"category":"roads","unit_code":")" + kUnit + R"(","description":"Mặt đường bong tróc"})",
      citizen.auth());
  ASSERT_EQ(filed.status, 201) << filed.body;
  std::string id(filed.json().at("id").as_string());
  EXPECT_EQ(report_figures(officer)["đang mở"], before["đang mở"] + 1);
  EXPECT_EQ(report_figures(officer)["quá hạn"], before["quá hạn"]);  // due in five working days
  // The figures lead to the inbox narrowed to them.
  set_deadline(id, vietnam_day(0));
  EXPECT_EQ(report_figures(officer)["đến hạn hôm nay"], before["đến hạn hôm nay"] + 1);
  EXPECT_NE(get("/can-bo/phan-anh?due=today", officer.auth()).body.find(id), std::string::npos);
  EXPECT_EQ(get("/can-bo/phan-anh?due=overdue", officer.auth()).body.find(id), std::string::npos);
  EXPECT_TRUE(links_to(get("/can-bo", officer.auth()), "/can-bo/phan-anh?due=today"));
  set_deadline(id, vietnam_day(-1));
  EXPECT_EQ(report_figures(officer)["quá hạn"], before["quá hạn"] + 1);
  EXPECT_NE(get("/can-bo/phan-anh?due=overdue", officer.auth()).body.find(id), std::string::npos);
  EXPECT_EQ(get("/can-bo/phan-anh?due=today", officer.auth()).body.find(id), std::string::npos);
  ASSERT_EQ(post_json("/api/v1/reports/" + id + "/actions",
                      R"({"kind":"resolve","text":"Đã vá mặt đường"})", officer.auth())
                .status,
            200);
  EXPECT_EQ(report_figures(officer)["đang mở"], before["đang mở"]);
  // An officer of another commune does not see it.
  User elsewhere = sign_up("Cán Bộ Xã Khác Bát Xát", "02686", "10.11.0.6");
  give_role(elsewhere, "officer", "02686");
  EXPECT_EQ(report_figures(elsewhere)["đang mở"], 0);
}

// Revoking a key asks first: a page that says what will happen, whose form does it.
TEST(Administration, RevokingAKeyGoesThroughAConfirmationPage) {
  User admin = sign_up("Quản Trị Thu Hồi", kUnit, "10.11.0.7");
  give_role(admin, "province_admin", "15");
  User citizen = sign_up("Dân Tò Mò", kUnit, "10.11.0.8");
  auto made = post_json("/api/v1/admin/api-keys",
                        R"({"name":"Cổng thử nghiệm","scopes":"open311"})", admin.auth());
  ASSERT_EQ(made.status, 201) << made.body;
  std::string id = std::to_string(made.json().at("id").as_int64());
  std::string path = "/quan-tri/khoa-api/" + id + "/thu-hoi";

  EXPECT_TRUE(links_to(get("/quan-tri/khoa-api", admin.auth()), path));
  EXPECT_EQ(get(path, citizen.auth()).status, 403);
  auto page = get(path, admin.auth());
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Cổng thử nghiệm"), std::string::npos);
  EXPECT_NE(page.body.find("Không thể khôi phục"), std::string::npos);  // says what happens
  EXPECT_NE(page.body.find("action=\"" + path + "\""), std::string::npos);
  // Nothing happened yet: the key still works.
  auto key = std::string(made.json().at("key").as_string());
  EXPECT_EQ(get("/open311/v2/requests.json?api_key=" + key).status, 200);

  // The form's token is the csrf cookie the page set, as a browser would send both.
  std::string csrf_cookie = cookie_from(page, "csrf");
  ASSERT_FALSE(csrf_cookie.empty());
  auto done = request("POST", path, "_csrf=" + csrf_cookie.substr(5),
                      {{"Cookie", admin.cookie + "; " + csrf_cookie},
                       {"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(done.status, 303);
  EXPECT_EQ(get(path, admin.auth()).status, 404);  // revoked: nothing left to confirm
}
