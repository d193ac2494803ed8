// Field reports over HTTP: filing, the public record, the officers' workflow with its
// authorisation, the reporter's reopening and rating.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <thread>

#include "accounts_helpers.h"
#include "db/connection.h"
#include "report_helpers.h"
#include "test_images.h"

using namespace cds::test;
namespace json = boost::json;

TEST(Reports, FilingNeedsASignedInCitizenAndGoodInput) {
  const People& p = people();
  EXPECT_EQ(post_json("/api/v1/reports", kLandslide).status, 401);
  auto code_of = [&](const std::string& body) {
    return std::string(post_json("/api/v1/reports", body, p.reporter.auth())
                           .json()
                           .at("error")
                           .at("code")
                           .as_string());
  };
  EXPECT_EQ(code_of(R"({"category":"nope","description":"x","unit_code":"04252"})"),
            "bad_category");
  EXPECT_EQ(code_of(R"({"category":"roads","description":"  ","unit_code":"04252"})"),
            "bad_description");
  EXPECT_EQ(code_of(R"({"category":"roads","description":")" + std::string(4001, 'a') +
                    R"(","unit_code":"04252"})"),
            "bad_description");
  EXPECT_EQ(code_of(R"({"category":"roads","description":"Ổ gà","unit_code":"15"})"), "bad_unit");
  EXPECT_EQ(
      code_of(
          R"({"category":"roads","description":"Ổ gà","unit_code":"04252","lat":48.8,"lon":2.3})"),
      "bad_location");
  EXPECT_EQ(code_of(R"({"category":"landslide","description":"Sạt lở","unit_code":"04252"})"),
            "attribute_required");
  EXPECT_EQ(
      code_of(
          R"({"category":"landslide","description":"Sạt lở","unit_code":"04252","attributes":{"danger_to_people":"maybe"}})"),
      "bad_attribute");
  EXPECT_EQ(
      code_of(
          R"({"category":"roads","description":"Ổ gà","unit_code":"04252","attributes":{"nope":"1"}})"),
      "bad_attribute");
}

TEST(Reports, ThePublicRecordHidesTheReporterUnlessTheyChose) {
  const People& p = people();
  auto hidden = file(p.reporter, kLandslide);
  std::string id(hidden.at("id").as_string());
  EXPECT_EQ(id.size(), 10u);
  EXPECT_EQ(hidden.at("status").as_string(), "received");
  EXPECT_TRUE(hidden.at("reporter_name").is_null());
  auto detail = get("/api/v1/reports/" + id);
  ASSERT_EQ(detail.status, 200);
  EXPECT_EQ(detail.body.find("Lò Văn Báo"), std::string::npos);
  EXPECT_EQ(detail.body.find(p.reporter.phone.substr(1)), std::string::npos);
  EXPECT_EQ(detail.json().at("timeline").as_array().at(0).at("status").as_string(), "received");

  auto named = file(
      p.reporter,
      R"({"category":"roads","description":"Ổ gà lớn trước chợ","unit_code":"04252","show_name":true})");
  EXPECT_EQ(named.at("reporter_name").as_string(), "Lò Văn Báo");
  // Search ignores tone marks.
  auto found = get("/api/v1/reports?q=o+ga+lon&unit=04252").json();
  ASSERT_GE(found.at("total").as_int64(), 1);
  EXPECT_EQ(found.at("reports").as_array().at(0).at("id"), named.at("id"));
  EXPECT_EQ(get("/api/v1/reports/doesnotexist").status, 404);
  EXPECT_EQ(get("/api/v1/reports?status=lost").status, 400);
  EXPECT_EQ(get("/api/v1/reports?page_size=501").status, 400);
}

namespace {
// The deadline counted independently of the server: Vietnam's date of receipt (UTC+7), then
// `n` days that are neither Saturday, Sunday nor a holiday of data/feedback/holidays.csv.
std::string expected_deadline(const std::string& received_utc, int n) {
  using namespace std::chrono;
  std::set<std::string> holidays;
  std::ifstream csv(std::string(CDS_SOURCE_DIR) + "/data/feedback/holidays.csv");
  for (std::string line; std::getline(csv, line);) holidays.insert(line.substr(0, 10));
  int y = 0, m = 0, d = 0, hour = 0;
  std::sscanf(received_utc.c_str(), "%d-%d-%dT%d", &y, &m, &d, &hour);
  sys_days day =
      year{y} / month{static_cast<unsigned>(m)} / std::chrono::day{static_cast<unsigned>(d)};
  if (hour >= 17) day += std::chrono::days{1};
  auto text = [](sys_days t) {
    year_month_day ymd{t};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return std::string(buf);
  };
  while (n > 0) {
    day += std::chrono::days{1};
    weekday wd{day};
    if (wd == Saturday || wd == Sunday || holidays.contains(text(day))) continue;
    --n;
  }
  return text(day);
}
}  // namespace

TEST(Reports, DeadlineCountsWorkingDaysFromToday) {
  const People& p = people();
  auto r = file(p.reporter,
                R"({"category":"land","description":"Xây dựng trái phép","unit_code":"04252"})");
  std::string deadline(r.at("deadline_on").as_string());
  std::string received(r.at("received_at").as_string());
  // "land" allows ten working days (data/feedback/categories.csv).
  EXPECT_EQ(deadline, expected_deadline(received, 10));
  EXPECT_FALSE(r.at("overdue").as_bool());
  auto quick = file(p.reporter, kLandslide);  // one working day
  EXPECT_EQ(std::string(quick.at("deadline_on").as_string()),
            expected_deadline(std::string(quick.at("received_at").as_string()), 1));
}

TEST(Reports, OfficersOfTheUnitHandleItOthersMayNot) {
  const People& p = people();
  std::string id(file(p.reporter, kLandslide).at("id").as_string());
  std::string assign = R"({"kind":"assign","agency_id":)" + std::to_string(p.agency) + "}";
  EXPECT_EQ(act(p.reporter, id, assign), 403);
  EXPECT_EQ(act(p.neighbour, id, assign), 403);
  EXPECT_EQ(act(p.other_officer, id, assign), 403);
  EXPECT_EQ(post_json("/api/v1/reports/" + id + "/actions", assign).status, 401);
  EXPECT_EQ(act(p.officer, id, assign), 200);
  EXPECT_EQ(act(p.officer, id, R"({"kind":"note","text":"Đã gọi cho đội xử lý"})"), 200);
  EXPECT_EQ(act(p.officer, id, R"({"kind":"start"})"), 200);
  EXPECT_EQ(act(p.officer, id, R"({"kind":"resolve"})"), 400);  // an answer is needed
  EXPECT_EQ(
      act(p.officer, id, R"({"kind":"resolve","text":"Đã dọn đất đá, thông đường lúc 15 giờ"})"),
      200);
  EXPECT_EQ(act(p.officer, id, R"({"kind":"start"})"), 409);  // resolved is final for officers

  auto pub = get("/api/v1/reports/" + id).json();
  EXPECT_EQ(pub.at("status").as_string(), "resolved");
  EXPECT_EQ(pub.at("answer").as_string(), "Đã dọn đất đá, thông đường lúc 15 giờ");
  EXPECT_EQ(pub.at("agency").at("name").as_string(), "Phòng Kinh tế phường Yên Bái");
  for (const auto& e : pub.at("timeline").as_array())
    EXPECT_NE(e.at("kind").as_string(), "note");  // internal
  auto officer_view = get("/api/v1/reports/" + id, p.officer.auth()).json();
  bool note_seen = false;
  for (const auto& e : officer_view.at("timeline").as_array())
    note_seen = note_seen || e.at("kind") == "note";
  EXPECT_TRUE(note_seen);

  // The reporter rates; only the reporter, only 1–5.
  EXPECT_EQ(
      post_json("/api/v1/reports/" + id + "/rating", R"({"stars":5})", p.neighbour.auth()).status,
      403);
  EXPECT_EQ(
      post_json("/api/v1/reports/" + id + "/rating", R"({"stars":6})", p.reporter.auth()).status,
      400);
  auto rated = post_json("/api/v1/reports/" + id + "/rating", R"({"stars":4,"comment":"Nhanh"})",
                         p.reporter.auth());
  ASSERT_EQ(rated.status, 200);
  EXPECT_EQ(rated.json().at("rating").as_int64(), 4);
  // Reopening is the reporter's, within seven days.
  EXPECT_EQ(
      post_json("/api/v1/reports/" + id + "/reopen", R"({"reason":"Lại sạt"})", p.officer.auth())
          .status,
      403);
  auto reopened = post_json("/api/v1/reports/" + id + "/reopen", R"({"reason":"Lại sạt tiếp"})",
                            p.reporter.auth());
  ASSERT_EQ(reopened.status, 200);
  EXPECT_EQ(reopened.json().at("status").as_string(), "reopened");
}

TEST(Reports, ReassignmentNeedsAReasonAndRejectionSaysWhy) {
  const People& p = people();
  std::string id(file(p.reporter, kLandslide).at("id").as_string());
  ASSERT_EQ(act(p.officer, id, R"({"kind":"assign","agency_id":)" + std::to_string(p.agency) + "}"),
            200);
  auto other = post_json("/api/v1/admin/agencies",
                         R"({"name":"Công ty Điện lực","unit_code":"15"})", p.admin.auth());
  std::string other_id = std::to_string(other.json().at("id").as_int64());
  EXPECT_EQ(act(p.officer, id, R"({"kind":"assign","agency_id":)" + other_id + "}"), 400);
  EXPECT_EQ(act(p.officer, id,
                R"({"kind":"assign","agency_id":)" + other_id + R"(,"text":"Thuộc ngành điện"})"),
            200);
  std::string second(file(p.reporter, kLandslide).at("id").as_string());
  EXPECT_EQ(act(p.officer, second, R"({"kind":"reject"})"), 400);
  EXPECT_EQ(
      act(p.officer, second,
          R"({"kind":"reject","text":"Không thuộc thẩm quyền","suggested_agency":"Ban quản lý dự án"})"),
      200);
  auto rejected = get("/api/v1/reports/" + second).json();
  EXPECT_EQ(rejected.at("status").as_string(), "rejected");
  EXPECT_FALSE(rejected.at("open").as_bool());
  std::string third(file(p.reporter, kLandslide).at("id").as_string());
  EXPECT_EQ(act(p.officer, third, R"({"kind":"duplicate","duplicate_of":")" + third + R"("})"),
            400);
  EXPECT_EQ(act(p.officer, third, R"({"kind":"duplicate","duplicate_of":")" + id + R"("})"), 200);
}

TEST(Reports, MeTooAndFollowing) {
  const People& p = people();
  auto r = file(p.reporter, kLandslide);
  std::string id(r.at("id").as_string());
  auto nearby = get("/api/v1/reports/nearby?category=landslide&lat=21.7230&lon=104.9114").json();
  bool listed = false;
  for (const auto& n : nearby.at("reports").as_array()) listed = listed || n.at("id") == r.at("id");
  EXPECT_TRUE(listed);
  auto far = get("/api/v1/reports/nearby?category=landslide&lat=21.80&lon=104.99").json();
  for (const auto& n : far.at("reports").as_array()) EXPECT_NE(n.at("id"), r.at("id"));
  auto supported = post_json("/api/v1/reports/" + id + "/support", "{}", p.neighbour.auth());
  ASSERT_EQ(supported.status, 200);
  EXPECT_EQ(supported.json().at("support_count").as_int64(), 1);
  EXPECT_EQ(post_json("/api/v1/reports/" + id + "/support", "{}", p.neighbour.auth())
                .json()
                .at("support_count")
                .as_int64(),
            1);
  EXPECT_EQ(post_json("/api/v1/reports/" + id + "/support", "{}").status, 401);
  EXPECT_EQ(post_json("/api/v1/reports/" + id + "/follow", "{}", p.neighbour.auth()).status, 200);
  // Both are the neighbour's own acts, and the audit log keeps them.
  for (const char* action : {"report.support", "report.follow"}) {
    json::value rows = get("/api/v1/admin/audit?action=" + std::string(action) +
                               "&actor=" + std::to_string(p.neighbour.id),
                           p.admin.auth())
                           .json();
    bool found = false;
    for (const auto& row : rows.at("entries").as_array())
      found = found || row.at("detail").as_string() == "report=" + id;
    EXPECT_TRUE(found) << action << " " << json::serialize(rows);
  }
}

namespace {

size_t files_under(const std::string& dir) {
  if (!std::filesystem::exists(dir)) return 0;
  size_t n = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) n += e.is_regular_file();
  return n;
}

// Files a report through the HTML form (CSRF token, multipart) with these photos.
HttpResult file_with_photos(const User& u, const std::vector<Part>& photos) {
  auto form = get("/phan-anh/moi?category=roads", u.auth());
  std::string csrf = cookie_from(form, "csrf");
  std::vector<Part> parts = {{"_csrf", "", "", csrf.substr(5)},
                             {"category", "", "", "roads"},
                             {"description", "", "", "Ổ gà lớn giữa đường, xe máy dễ ngã"},
                             {"unit_code", "", "", "04252"}};
  parts.insert(parts.end(), photos.begin(), photos.end());
  // As the form's action has it: the token in the URL too, so that it is checked before the
  // body (and its photos) are read.
  return request("POST", "/phan-anh/moi?_csrf=" + csrf.substr(5),
                 multipart_body("cdsTestBoundary42", parts),
                 {{"Cookie", u.cookie + "; " + csrf},
                  {"Content-Type", "multipart/form-data; boundary=cdsTestBoundary42"}});
}

int64_t reports_in_ward() {
  return get("/api/v1/reports?unit=04252").json().at("total").as_int64();
}
}  // namespace

TEST(ReportPhotos, GpsSuggestsThePlaceAndNoExifIsStored) {
  const People& p = people();
  auto r = file_with_photos(p.reporter, {{"photos", "IMG_0001.jpg", "image/jpeg",
                                          cds::test::jpeg_with_gps(21.7229, 104.9113)}});
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 500);
  std::string id = r.header("location").substr(std::string("/phan-anh/").size());
  auto doc = get("/api/v1/reports/" + id).json();
  EXPECT_NEAR(doc.at("lat").to_number<double>(), 21.7229, 1e-4);
  EXPECT_NEAR(doc.at("lon").to_number<double>(), 104.9113, 1e-4);
  auto photos = doc.at("photos").as_array();
  ASSERT_EQ(photos.size(), 1u);
  for (const char* key : {"url", "thumb_url"}) {
    auto stored = get(std::string(photos[0].at(key).as_string()));
    ASSERT_EQ(stored.status, 200);
    EXPECT_EQ(stored.header("content-type"), "image/jpeg");
    EXPECT_TRUE(stored.body.starts_with("\xFF\xD8"));
    EXPECT_EQ(stored.body.find("Exif"), std::string::npos) << key;
  }
  EXPECT_EQ(get("/anh/reports/../../etc/passwd.jpg").status, 404);
}

TEST(ReportPhotos, RefusalsLeaveNoHalfCreatedReport) {
  const People& p = people();
  int64_t before = reports_in_ward();
  size_t files_before = files_under(uploads_dir());
  auto php = file_with_photos(
      p.reporter, {{"photos", "anh.jpg", "image/jpeg", "<?php system($_GET['c']); ?>"}});
  EXPECT_EQ(php.status, 415);
  EXPECT_NE(php.body.find("không phải ảnh"), std::string::npos);
  auto huge = file_with_photos(
      p.reporter, {{"photos", "big.jpg", "image/jpeg", std::string(20 * 1024 * 1024, 'x')}});
  EXPECT_EQ(huge.status, 413);
  std::vector<Part> six;
  for (int i = 0; i < 6; ++i)
    six.push_back(
        {"photos", "a" + std::to_string(i) + ".jpg", "image/jpeg", cds::test::plain_jpeg()});
  auto too_many = file_with_photos(p.reporter, six);
  EXPECT_EQ(too_many.status, 400);
  // A good photo next to a bad one: nothing is kept.
  auto mixed =
      file_with_photos(p.reporter, {{"photos", "ok.jpg", "image/jpeg", cds::test::plain_jpeg()},
                                    {"photos", "bad.jpg", "image/jpeg", "not an image at all"}});
  EXPECT_EQ(mixed.status, 415);
  EXPECT_EQ(reports_in_ward(), before);
  EXPECT_EQ(files_under(uploads_dir()), files_before);
}

// Filing through the form ends on a confirmation with a reference to read out over the phone,
// the agency and the date due; the form starts at the reporter's commune; the reference finds
// the report again.
TEST(Reports, FilingEndsOnAConfirmationWithAReferenceToReadOut) {
  const People& p = people();
  auto form = get("/phan-anh/moi?category=roads", p.reporter.auth());
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("<option value=\"04252\" selected>"), std::string::npos)
      << "the form does not start at the reporter's commune";
  auto filed = file_with_photos(p.reporter, {});
  ASSERT_EQ(filed.status, 303) << filed.body;
  std::string location = filed.header("location");
  ASSERT_TRUE(location.ends_with("?da-gui=1")) << location;
  std::string id = location.substr(std::string("/phan-anh/").size(),
                                   location.find('?') - std::string("/phan-anh/").size());
  auto page = get(location, p.reporter.auth());
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Đã gửi phản ánh"), std::string::npos) << page.body;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(page.body, m,
                                std::regex("<strong class=\"reference\">(PA-\\d{6,})</strong>")))
      << page.body;
  std::string reference = m[1];
  EXPECT_NE(page.body.find("Hạn trả lời"), std::string::npos);
  EXPECT_NE(page.body.find("Bạn sẽ nhận thông báo mỗi khi"), std::string::npos);
  // Only its reporter, and only just after filing, sees the confirmation.
  EXPECT_EQ(get(location, p.neighbour.auth()).body.find("Đã gửi phản ánh"), std::string::npos);
  EXPECT_EQ(get("/phan-anh/" + id, p.reporter.auth()).body.find("Đã gửi phản ánh"),
            std::string::npos);
  // The reference, as people may type it, opens the report.
  for (std::string typed : {reference, "pa+" + reference.substr(3)}) {
    auto found = get("/phan-anh?q=" + typed);
    EXPECT_EQ(found.status, 303) << typed;
    EXPECT_EQ(found.header("location"), "/phan-anh/" + id) << typed;
  }
  // Another report has another reference.
  auto second = file_with_photos(p.reporter, {});
  auto again = get(second.header("location"), p.reporter.auth());
  ASSERT_TRUE(std::regex_search(again.body, m,
                                std::regex("<strong class=\"reference\">(PA-\\d{6,})</strong>")));
  EXPECT_NE(m[1], reference);
}

// Following says so and can be undone; "me too" says it was counted; "Phản ánh của tôi" lists
// what one filed and what one follows, with their states.
TEST(Reports, FollowingShowsItselfAndMyReportsListsBoth) {
  const People& p = people();
  std::string id(file(p.reporter, kLandslide).at("id").as_string());
  auto follow_form = [&](const std::string& action) {
    auto page = get("/phan-anh/" + id, p.neighbour.auth());
    std::string csrf = cookie_from(page, "csrf");
    return request("POST", "/phan-anh/" + id + "/" + action, "_csrf=" + csrf.substr(5),
                   {{"Cookie", p.neighbour.cookie + "; " + csrf},
                    {"Sec-Fetch-Site", "same-origin"},
                    {"Content-Type", "application/x-www-form-urlencoded"}});
  };
  auto before = get("/phan-anh/" + id, p.neighbour.auth()).body;
  EXPECT_NE(before.find("Theo dõi phản ánh này"), std::string::npos);
  EXPECT_EQ(before.find("Đang theo dõi"), std::string::npos);
  ASSERT_EQ(follow_form("theo-doi").status, 303);
  auto following = get("/phan-anh/" + id, p.neighbour.auth()).body;
  EXPECT_NE(following.find("Đang theo dõi"), std::string::npos) << following;
  EXPECT_NE(following.find("Bỏ theo dõi"), std::string::npos);
  EXPECT_EQ(following.find("Theo dõi phản ánh này"), std::string::npos);
  auto mine = get("/phan-anh/cua-toi", p.neighbour.auth());
  ASSERT_EQ(mine.status, 200);
  auto followed_at = mine.body.find("Tôi đang theo dõi");
  ASSERT_NE(followed_at, std::string::npos);
  EXPECT_NE(mine.body.find("/phan-anh/" + id, followed_at), std::string::npos) << mine.body;
  EXPECT_NE(mine.body.find("Đã tiếp nhận", followed_at), std::string::npos);
  auto reporters = get("/phan-anh/cua-toi", p.reporter.auth()).body;
  auto filed_at = reporters.find("Tôi đã gửi");
  ASSERT_NE(filed_at, std::string::npos);
  EXPECT_LT(reporters.find("/phan-anh/" + id, filed_at), reporters.find("Tôi đang theo dõi"));
  ASSERT_EQ(follow_form("bo-theo-doi").status, 303);
  EXPECT_NE(get("/phan-anh/" + id, p.neighbour.auth()).body.find("Theo dõi phản ánh này"),
            std::string::npos);
  EXPECT_EQ(get("/phan-anh/cua-toi", p.neighbour.auth()).body.find("/phan-anh/" + id),
            std::string::npos);
  EXPECT_EQ(post_json("/api/v1/reports/" + id + "/unfollow", "{}").status, 401);
  // "Me too" is counted and says so, once.
  ASSERT_EQ(follow_form("ung-ho").status, 303);
  auto counted = get("/phan-anh/" + id, p.neighbour.auth()).body;
  EXPECT_NE(counted.find("đã được tính vào số người cùng phản ánh"), std::string::npos);
  EXPECT_EQ(counted.find("action=\"/phan-anh/" + id + "/ung-ho\""), std::string::npos);
  EXPECT_EQ(get("/phan-anh/cua-toi").status, 303);
}
