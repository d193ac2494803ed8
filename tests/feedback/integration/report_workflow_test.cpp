// Field reports, the officers' side: the console's inbox and bulk work, texts on status
// changes, escalation of overdue reports, the settings pages, who may handle what, the demo.
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

TEST(OfficerConsole, InboxIsScopedAndOrderedByDeadline) {
  const People& p = people();
  std::string here(file(p.reporter, kLandslide).at("id").as_string());
  std::string there(
      file(p.reporter, R"({"category":"roads","description":"Ổ gà ở Âu Lâu","unit_code":"04543"})")
          .at("id")
          .as_string());
  EXPECT_EQ(get("/api/v1/officer/inbox").status, 401);
  EXPECT_EQ(get("/api/v1/officer/inbox", p.reporter.auth()).status, 403);
  auto inbox = get("/api/v1/officer/inbox?page_size=500", p.officer.auth()).json();
  bool has_here = false, has_there = false;
  std::string previous_deadline;
  for (const auto& r : inbox.at("reports").as_array()) {
    has_here = has_here || r.at("id").as_string() == here;
    has_there = has_there || r.at("id").as_string() == there;
    EXPECT_TRUE(r.at("open").as_bool());
    std::string deadline(r.at("deadline_on").as_string());
    EXPECT_GE(deadline, previous_deadline);  // soonest first
    previous_deadline = deadline;
  }
  EXPECT_TRUE(has_here);
  EXPECT_FALSE(has_there);  // another ward's report is not in this officer's inbox
  auto csv = get("/api/v1/officer/inbox.csv", p.officer.auth());
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(csv.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(csv.body.find("id,category,unit_code,status"), std::string::npos);
  EXPECT_NE(csv.body.find(here), std::string::npos);
  EXPECT_EQ(csv.body.find(there), std::string::npos);
}

TEST(OfficerConsole, BulkAssignPerformanceAndNotifications) {
  const People& p = people();
  std::string a(file(p.reporter, kLandslide).at("id").as_string());
  std::string b(file(p.reporter, kLandslide).at("id").as_string());
  std::string elsewhere(
      file(p.reporter, R"({"category":"roads","description":"Ổ gà khác","unit_code":"04543"})")
          .at("id")
          .as_string());
  auto bulk = post_json("/api/v1/officer/bulk-assign",
                        R"({"ids":[")" + a + R"(",")" + b + R"(",")" + elsewhere +
                            R"("],"agency_id":)" + std::to_string(p.agency) + "}",
                        p.officer.auth());
  ASSERT_EQ(bulk.status, 200) << bulk.body;
  EXPECT_EQ(bulk.json().at("assigned").as_int64(), 2);
  ASSERT_EQ(bulk.json().at("refused").as_array().size(), 1u);
  EXPECT_NE(bulk.json().at("refused").as_array()[0].as_string().find(elsewhere),
            boost::json::string::npos);
  ASSERT_EQ(act(p.officer, a, R"({"kind":"resolve","text":"Xong"})"), 200);
  auto perf = get("/api/v1/officer/performance", p.officer.auth()).json();
  bool found = false;
  for (const auto& row : perf.at("agencies").as_array()) {
    if (row.at("agency_id").as_int64() != p.agency) continue;
    found = true;
    EXPECT_GE(row.at("received").as_int64(), 2);
    EXPECT_GE(row.at("resolved").as_int64(), 1);
    EXPECT_GE(row.at("on_time_percent").to_number<double>(), 0.0);
  }
  EXPECT_TRUE(found);
  // The reporter hears of the changes; reading the list marks them read.
  auto notes =
      get("/api/v1/me/notifications", p.reporter.auth()).json().at("notifications").as_array();
  bool resolved_note = false;
  for (const auto& n : notes)
    if (n.at("report").as_string() == a && n.at("kind") == "notify.report.resolved") {
      resolved_note = true;
      // The message is the reader's text, never the catalogue key.
      EXPECT_EQ(n.at("message"), "Phản ánh của bạn đã có kết quả xử lý.");
    }
  EXPECT_TRUE(resolved_note);
  auto in_english = get("/api/v1/me/notifications?lang=en", p.reporter.auth())
                        .json()
                        .at("notifications")
                        .as_array();
  for (const auto& n : in_english)
    EXPECT_FALSE(n.at("message").as_string().starts_with("notify.")) << n;
  auto again =
      get("/api/v1/me/notifications", p.reporter.auth()).json().at("notifications").as_array();
  ASSERT_FALSE(again.empty());
  EXPECT_TRUE(again[0].at("read").as_bool());
  EXPECT_EQ(get("/api/v1/me/notifications").status, 401);
  EXPECT_EQ(get("/can-bo/phan-anh", p.officer.auth()).status, 200);
  EXPECT_EQ(get("/can-bo/phan-anh", p.reporter.auth()).status, 403);
  EXPECT_EQ(get("/thong-bao", p.reporter.auth()).status, 200);
}

TEST(ReportMessages, StatusChangesAreTextedOnlyWithConsent) {
  const People& p = people();
  User quiet = sign_up("Không Nhận Tin", "04252", "10.4.0.6");
  User told = sign_up("Muốn Nhận Tin", "04252", "10.4.0.7");
  ASSERT_EQ(
      post_json("/api/v1/me/consents", R"({"purpose":"notifications","granted":true})", told.auth())
          .status,
      200);
  std::string a(file(quiet, kLandslide).at("id").as_string());
  std::string b(file(told, kLandslide).at("id").as_string());
  ASSERT_EQ(act(p.officer, a, R"({"kind":"start"})"), 200);
  ASSERT_EQ(act(p.officer, b, R"({"kind":"start"})"), 200);
  auto count_for = [](const User& u, const std::string& id) {
    size_t n = 0;
    auto messages = get("/api/v1/dev/outbox?phone=" + u.phone).json().at("messages").as_array();
    for (const auto& m : messages)
      n += m.at("text").as_string().find(id) != boost::json::string::npos;
    return n;
  };
  EXPECT_EQ(count_for(quiet, a), 0u);
  EXPECT_EQ(count_for(told, b), 1u);
  ASSERT_EQ(act(p.officer, b, R"({"kind":"note","text":"nội bộ"})"), 200);  // notes are not texted
  EXPECT_EQ(count_for(told, b), 1u);
}

TEST(ReportEscalation, OverdueReportsGoToTheUnitAdministratorsOnce) {
  const People& p = people();
  User unit_admin = sign_up("Quản Trị Phường Quá Hạn", "04252", "10.4.0.8");
  give_role(unit_admin, "unit_admin", "04252");
  std::string id(file(p.reporter, kLandslide).at("id").as_string());
  auto db = cds::db::Database::open(database_url(), 1);
  db->write([&](cds::db::Connection& c) {
    c.query("UPDATE reports SET deadline_on = '2020-01-02' WHERE public_id = $1", {id});
  });
  EXPECT_TRUE(get("/api/v1/reports/" + id).json().at("overdue").as_bool());
  std::string out;
  ASSERT_EQ(run_binary({"reports", "escalate", "--db", database_url()}, out), 0) << out;
  EXPECT_NE(out.find("escalated"), std::string::npos);
  auto notes =
      get("/api/v1/me/notifications", unit_admin.auth()).json().at("notifications").as_array();
  size_t about = 0;
  for (const auto& n : notes)
    about += n.at("report").as_string() == id && n.at("kind") == "notify.report.overdue";
  EXPECT_EQ(about, 1u);
  auto timeline = get("/api/v1/reports/" + id, p.officer.auth()).json().at("timeline").as_array();
  EXPECT_EQ(timeline.back().at("kind").as_string(), "escalated");
  ASSERT_EQ(run_binary({"reports", "escalate", "--db", database_url()}, out), 0);
  auto again =
      get("/api/v1/me/notifications", unit_admin.auth()).json().at("notifications").as_array();
  about = 0;
  for (const auto& n : again) about += n.at("report").as_string() == id;
  EXPECT_EQ(about, 1u);  // once only
}

TEST(ReportSettings, AdministratorsEditCategoriesRoutingAndHolidaysInTheWebUi) {
  const People& p = people();
  EXPECT_EQ(get("/quan-tri/phan-anh", p.officer.auth()).status, 403);
  EXPECT_EQ(get("/quan-tri/phan-anh", p.reporter.auth()).status, 403);
  ASSERT_EQ(get("/quan-tri/phan-anh", p.admin.auth()).status, 200);
  auto added = submit_form(p.admin, "/quan-tri/phan-anh", "/quan-tri/phan-anh/linh-vuc",
                           "code=bridges&name_vi=C%E1%BA%A7u+treo&name_en=Suspension+bridges&group_"
                           "vi=H%E1%BA%A1+t%E1%BA%A7ng"
                           "&deadline_days=3&active=1");
  ASSERT_EQ(added.status, 303) << added.body.substr(0, 300);
  auto question = submit_form(
      p.admin, "/quan-tri/phan-anh", "/quan-tri/phan-anh/cau-hoi",
      "category=bridges&code=can_cross&label_vi=C%C3%B2n+%C4%91i+qua+%C4%91%C6%B0%E1%BB%A3c+kh%C3%"
      "B4ng"
      "&kind=single&required=1&choices=yes+%3D+C%C3%B3+%7C+Yes%0Ano+%3D+Kh%C3%B4ng+%7C+No");
  ASSERT_EQ(question.status, 303) << question.body.substr(0, 300);
  auto def = get("/open311/v2/services/bridges.json").json().as_object();
  ASSERT_EQ(def.at("attributes").as_array().size(), 1u);
  EXPECT_EQ(def.at("attributes").as_array()[0].at("values").as_array().size(), 2u);
  // Routing: bridges in Phường Yên Bái go to the ward's agency.
  ASSERT_EQ(submit_form(p.admin, "/quan-tri/phan-anh", "/quan-tri/phan-anh/phan-cong",
                        "category=bridges&unit_code=04252&agency_id=" + std::to_string(p.agency))
                .status,
            303);
  auto r = file(
      p.reporter,
      R"({"category":"bridges","description":"Cầu treo bị đứt dây","unit_code":"04252","attributes":{"can_cross":"no"}})");
  EXPECT_EQ(r.at("agency").at("id").as_int64(), p.agency);
  EXPECT_EQ(r.at("status").as_string(), "received");
  // A holiday the province adds counts at once: tomorrow off pushes a 1-day deadline on.
  EXPECT_EQ(submit_form(p.admin, "/quan-tri/phan-anh", "/quan-tri/phan-anh/ngay-nghi",
                        "day=2026-13-01&name=x")
                .status,
            400);
  EXPECT_EQ(submit_form(p.admin, "/quan-tri/phan-anh", "/quan-tri/phan-anh/linh-vuc",
                        "code=Bad+Code&name_vi=x&deadline_days=3")
                .status,
            400);
  EXPECT_EQ(submit_form(p.officer, "/tai-khoan", "/quan-tri/phan-anh/linh-vuc",
                        "code=x&name_vi=x&deadline_days=3")
                .status,
            403);
  // Switching a category off stops new reports in it.
  ASSERT_EQ(submit_form(p.admin, "/quan-tri/phan-anh", "/quan-tri/phan-anh/linh-vuc",
                        "code=bridges&name_vi=C%E1%BA%A7u+treo&deadline_days=3")
                .status,
            303);
  EXPECT_EQ(post_json("/api/v1/reports",
                      R"({"category":"bridges","description":"x","unit_code":"04252"})",
                      p.reporter.auth())
                .status,
            400);
}

TEST(ReportSettings, OfficersStartFromAnswerTemplates) {
  const People& p = people();
  ASSERT_EQ(submit_form(p.admin, "/quan-tri/phan-anh", "/quan-tri/phan-anh/mau-tra-loi",
                        "category=landslide&title=%C4%90%C3%A3+d%E1%BB%8Dn&body=%C4%90%E1%BB%99i+c%"
                        "C3%B4ng+tr%C3%ACnh+"
                        "%C4%91%C3%A3+d%E1%BB%8Dn+%C4%91%E1%BA%A5t+%C4%91%C3%A1")
                .status,
            303);
  EXPECT_EQ(submit_form(p.officer, "/tai-khoan", "/quan-tri/phan-anh/mau-tra-loi", "title=x&body=y")
                .status,
            403);
  std::string id(file(p.reporter, kLandslide).at("id").as_string());
  auto page = get("/phan-anh/" + id, p.officer.auth());
  std::smatch m;
  ASSERT_TRUE(std::regex_search(page.body, m, std::regex(R"(\?template=(\d+)#answer-text)")))
      << "no template link";
  auto with_draft = get("/phan-anh/" + id + "?template=" + m[1].str(), p.officer.auth());
  EXPECT_NE(with_draft.body.find(">Đội công trình đã dọn đất đá</textarea>"), std::string::npos);
  // The public never sees the templates.
  EXPECT_EQ(get("/phan-anh/" + id).body.find("template="), std::string::npos);
  // A roads report does not offer the landslide template.
  std::string roads(
      file(p.reporter, R"({"category":"roads","description":"Ổ gà","unit_code":"04252"})")
          .at("id")
          .as_string());
  EXPECT_EQ(get("/phan-anh/" + roads, p.officer.auth()).body.find("Đã dọn"), std::string::npos);
}

TEST(ReportAuthorization, WhoMayHandleAReport) {
  const People& p = people();
  // An officer scoped to the agency (not to the ward) handles the reports routed to it.
  User agency_officer = sign_up("Cán Bộ Theo Cơ Quan", "04543", "10.4.0.9");
  ASSERT_EQ(post_json("/api/v1/admin/roles",
                      R"({"phone":")" + agency_officer.phone +
                          R"(","role":"officer","agency_id":)" + std::to_string(p.agency) + "}",
                      p.admin.auth())
                .status,
            200);
  User ward_admin = sign_up("Quản Trị Phường Xử Lý", "04252", "10.4.0.10");
  give_role(ward_admin, "unit_admin", "04252");
  User member = sign_up("Đảng Viên Xem", "04252", "10.4.0.11");
  give_role(member, "party_member", "");
  std::string key = create_api_key("report handler?", "open311");

  auto fresh = [&] { return std::string(file(p.reporter, kLandslide).at("id").as_string()); };
  std::string routed = fresh();
  ASSERT_EQ(
      act(p.officer, routed, R"({"kind":"assign","agency_id":)" + std::to_string(p.agency) + "}"),
      200);
  EXPECT_EQ(act(agency_officer, routed, R"({"kind":"start"})"), 200);  // by agency
  EXPECT_EQ(act(agency_officer, fresh(), R"({"kind":"start"})"),
            403);                                                   // not its agency, not its ward
  EXPECT_EQ(act(ward_admin, fresh(), R"({"kind":"start"})"), 200);  // by unit
  EXPECT_EQ(act(p.admin, fresh(), R"({"kind":"start"})"), 200);     // the province
  EXPECT_EQ(act(member, fresh(), R"({"kind":"start"})"), 403);
  EXPECT_EQ(request("POST", "/api/v1/reports/" + fresh() + "/actions", R"({"kind":"start"})",
                    {{"Authorization", "Bearer " + key}, {"Content-Type", "application/json"}})
                .status,
            403);
  // Officers may not rate or reopen; reporters may not act as officers.
  std::string done = fresh();
  ASSERT_EQ(act(p.officer, done, R"({"kind":"resolve","text":"Xong"})"), 200);
  EXPECT_EQ(
      post_json("/api/v1/reports/" + done + "/rating", R"({"stars":5})", p.officer.auth()).status,
      403);
  EXPECT_EQ(act(p.reporter, done, R"({"kind":"note","text":"x"})"), 403);
  // Settings belong to the province.
  EXPECT_EQ(post_json("/api/v1/admin/routing", R"({"unit_code":"04252","agency_id":1})",
                      ward_admin.auth())
                .status,
            403);
}

TEST(Demo, ADemoServerShowsReportsOfLaoCaiWithoutAnyPersonalData) {
  std::string db = "sqlite:" + uploads_dir() + "/../demo-" + std::to_string(getpid()) + ".db";
  ServerProcess demo({"--demo"}, db);
  auto list = get("/api/v1/reports?page_size=50", {}, demo.port()).json();
  ASSERT_GE(list.at("total").as_int64(), 7);
  bool resolved_with_answer = false, routed = false;
  for (const auto& r : list.at("reports").as_array()) {
    EXPECT_TRUE(r.at("reporter_name").is_null());
    resolved_with_answer = resolved_with_answer ||
                           (r.at("status") == "resolved" && !r.at("answer").as_string().empty());
    routed = routed || !r.at("agency").is_null();
  }
  EXPECT_TRUE(resolved_with_answer);
  EXPECT_TRUE(routed);
  EXPECT_EQ(get("/phan-anh", {}, demo.port()).status, 200);
  // A second start does not add the demo again.
  EXPECT_EQ(demo.terminate(), 0);
  ServerProcess again({"--demo"}, db);
  EXPECT_EQ(get("/api/v1/reports", {}, again.port()).json().at("total").as_int64(),
            list.at("total").as_int64());
}

// JSON numbers are plain decimals everywhere (never 2.17229E1), coordinates with at most six
// decimals.
TEST(Reports, NumbersAreWrittenAsPlainDecimals) {
  const People& p = people();
  auto r = file(p.reporter, R"({"category":"roads","description":"Toạ độ dài","unit_code":"04252",)"
                            R"("lat":21.72291234567,"lon":104.91130000001})");
  std::string id(r.at("id").as_string());
  // A number in exponent form somewhere outside the JSON's strings.
  auto has_exponent = [](const std::string& body) {
    bool in_string = false, escaped = false;
    for (size_t i = 0; i + 1 < body.size(); ++i) {
      char c = body[i];
      if (in_string) {
        if (escaped)
          escaped = false;
        else if (c == '\\')
          escaped = true;
        else if (c == '"')
          in_string = false;
      } else if (c == '"') {
        in_string = true;
      } else if (std::isdigit(static_cast<unsigned char>(c)) &&
                 (body[i + 1] == 'e' || body[i + 1] == 'E')) {
        return true;
      }
    }
    return false;
  };
  for (std::string path : {"/api/v1/reports/" + id, "/open311/v2/requests/" + id + ".json",
                           std::string("/api/v1/reports?unit=04252")}) {
    auto res = get(path);
    ASSERT_EQ(res.status, 200) << path;
    EXPECT_FALSE(has_exponent(res.body)) << path << ": " << res.body.substr(0, 400);
  }
  auto detail = get("/api/v1/reports/" + id).body;
  EXPECT_NE(detail.find("\"lat\":21.722912"), std::string::npos) << detail.substr(0, 400);
  EXPECT_NE(detail.find("\"lon\":104.9113"), std::string::npos) << detail.substr(0, 400);
}

// Two processes serving one database run the escalation job once per period between them.
TEST(ReportEscalation, TwoProcessesRunTheJobOncePerPeriod) {
  auto db = cds::db::Database::open(database_url(), 1);
  auto runs = [&] {
    return db->read([](cds::db::Connection& c) {
      auto r = c.query("SELECT runs FROM job_runs WHERE name = 'escalation'");
      return r.empty() ? int64_t{0} : r.rows[0].integer(0);
    });
  };
  int64_t before = runs();
  auto started = std::chrono::steady_clock::now();
  {
    ServerProcess a({"--escalation-interval", "2"}), b({"--escalation-interval", "2"});
    std::this_thread::sleep_for(std::chrono::milliseconds(5500));
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  int64_t ran = runs() - before;
  // One process alone would make about seconds/2 runs; two without coordination twice that.
  EXPECT_GE(ran, 1);
  EXPECT_LE(ran, static_cast<int64_t>(seconds / 2) + 1) << "in " << seconds << " s";
}
