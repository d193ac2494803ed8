// What follows an Actual alert out, on both engines: text messages to the residents of the
// area who consented to warnings (counted on its page), residents answering "I am safe" or "I
// need help", and the commune's officers seeing the figures and the calls for help (an audited
// read) and marking them handled. Officers of another commune see none of it.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <thread>

#include "accounts_helpers.h"

using namespace cds::test;

namespace {
const std::string kCommune = "02890";  // Xã Bảo Nhai
const std::string kOther = "02896";    // Xã Cốc Lầu

std::string flood_warning() {
  return R"({"status":"Actual","event":"Lũ quét","categories":["Met"],"response_types":["Evacuate"],)"
         R"("urgency":"Immediate","severity":"Extreme","certainty":"Likely",)"
         R"("expires":"2099-12-31T18:00:00+07:00","headline":"Lũ quét trên suối Bảo Nhai",)"
         R"("instruction":"Lên đồi trường tiểu học ngay.","units":[")" +
         kCommune + R"("]})";
}

void consent_to_warnings(const User& u, bool granted) {
  auto r = post_json(
      "/api/v1/me/consents",
      std::string(R"({"purpose":"warnings","granted":)") + (granted ? "true" : "false") + "}",
      u.auth());
  ASSERT_EQ(r.status, 200) << r.body;
}

// The texts the development outbox holds for this phone that contain `needle`.
size_t texts_with(const User& u, const std::string& needle) {
  size_t n = 0;
  boost::json::value outbox = get("/api/v1/dev/outbox?phone=" + u.phone).json();
  for (const auto& m : outbox.at("messages").as_array())
    if (std::string(m.at("text").as_string()).find(needle) != std::string::npos) ++n;
  return n;
}

bool wait_for_text(const User& u, const std::string& needle) {
  for (int i = 0; i < 100; ++i) {
    if (texts_with(u, needle)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return false;
}
}  // namespace

TEST(AlertAnswers, ResidentsAreTextedAnswerAndTheirOfficersFollowTheCallsForHelp) {
  User drafter = sign_up("Cán Bộ Soạn Tin Bảo Nhai", kCommune, "10.15.0.1");
  give_role(drafter, "alert_officer", kCommune);
  User approver = sign_up("Cán Bộ Duyệt Tin Bảo Nhai", kCommune, "10.15.0.2");
  give_role(approver, "alert_officer", kCommune);
  User officer = sign_up("Cán Bộ Xã Bảo Nhai", kCommune, "10.15.0.3");
  give_role(officer, "officer", kCommune);
  User stranger = sign_up("Cán Bộ Xã Cốc Lầu", kOther, "10.15.0.4");
  give_role(stranger, "officer", kOther);
  User asks_help = sign_up("Bà Lò Thị Cần", kCommune, "10.15.0.5");
  consent_to_warnings(asks_help, true);
  User safe = sign_up("Ông Vàng A Yên", kCommune, "10.15.0.6");  // no consent: no text
  User withdrew = sign_up("Chị Hầu Thị Rút", kCommune, "10.15.0.7");
  consent_to_warnings(withdrew, true);
  consent_to_warnings(withdrew, false);
  User neighbour = sign_up("Anh Cốc Lầu Đồng Ý", kOther, "10.15.0.8");
  consent_to_warnings(neighbour, true);

  // A page of the commune is open while it goes out.
  Connection page;
  page.send("GET /events?unit=" + kCommune + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  page.read_until("retry:");

  auto drafted = post_json("/api/v1/alerts", flood_warning(), drafter.auth());
  ASSERT_EQ(drafted.status, 201) << drafted.body;
  std::string base = "/api/v1/alerts/" + std::to_string(drafted.json().at("id").as_int64());
  ASSERT_EQ(post_json(base + "/submit", "", drafter.auth()).status, 200);
  ASSERT_EQ(post_json(base + "/approve", R"({"version":1})", approver.auth()).status, 200);
  int64_t id = drafted.json().at("id").as_int64();

  // Texted to who consented, in the area, and to nobody else.
  ASSERT_TRUE(wait_for_text(asks_help, "CẢNH BÁO: Lũ quét trên suối Bảo Nhai"));
  EXPECT_NE(texts_with(asks_help, "Lên đồi trường tiểu học ngay."), 0u);
  EXPECT_EQ(texts_with(safe, "Bảo Nhai"), 0u);
  EXPECT_EQ(texts_with(withdrew, "Bảo Nhai"), 0u);
  EXPECT_EQ(texts_with(neighbour, "Bảo Nhai"), 0u);
  // The officers' figures are on an officer's page of it, never on a resident's.
  std::string page_html;
  for (int i = 0; i < 50; ++i) {  // the count is saved after the batch
    page_html = get("/canh-bao/" + std::to_string(id), approver.auth()).body;
    if (page_html.find("Tin nhắn cảnh báo: 1 đã gửi") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_NE(page_html.find("Tin nhắn cảnh báo: 1 đã gửi"), std::string::npos) << page_html;
  for (const Headers& resident : {Headers{}, safe.auth(), asks_help.auth()})
    EXPECT_EQ(get("/canh-bao/" + std::to_string(id), resident).body.find("Tin nhắn cảnh báo"),
              std::string::npos);

  // Answers: residents of the area only, one of two words, while it is in force.
  std::string answers = base + "/responses";
  EXPECT_EQ(post_json(answers, R"({"answer":"safe"})").status, 401);
  EXPECT_EQ(post_json(answers, R"({"answer":"maybe"})", safe.auth()).status, 400);
  EXPECT_EQ(post_json(answers, R"({"answer":"safe"})", neighbour.auth()).status, 403);
  EXPECT_EQ(post_json(answers, R"({"answer":"safe","lat":"x","lon":1})", safe.auth()).status, 400);
  EXPECT_EQ(post_json(answers, R"({"answer":"need_help"})", safe.auth()).status, 200);
  EXPECT_EQ(post_json(answers, R"({"answer":"safe"})", safe.auth()).status, 200);  // replaces it
  auto help = post_json(
      answers,
      R"({"answer":"need_help","note":"Nhà bị nước vây, có người già","lat":22.61,"lon":104.3})",
      asks_help.auth());
  EXPECT_EQ(help.status, 200) << help.body;
  // The resident's page says what they answered, and the truth: sent, not yet taken.
  auto mine = get("/canh-bao/" + std::to_string(id), asks_help.auth());
  EXPECT_NE(mine.body.find("Bạn đã báo: tôi cần giúp đỡ"), std::string::npos);
  EXPECT_NE(mine.body.find("đã được gửi tới cán bộ xã"), std::string::npos);

  // The call reaches the commune's officers unasked: a tile on their workspace with the number
  // of open calls, and a notice.
  auto calls_tile = [&](const User& who) -> int64_t {
    auto w = get("/api/v1/me/workspace", who.auth());
    if (w.status != 200) return -1;
    auto doc = w.json();
    for (const auto& tile : doc.at("tiles").as_array())
      if (tile.at("title") == "Người dân cần giúp đỡ")
        return tile.at("figures").as_array().at(0).at("value").as_int64();
    return 0;
  };
  EXPECT_EQ(calls_tile(officer), 1);
  EXPECT_EQ(calls_tile(stranger), 0);
  EXPECT_NE(get("/thong-bao", officer.auth()).body.find("Có người dân cần giúp đỡ"),
            std::string::npos);

  // The commune's officer sees the figures and the call for help; others do not.
  EXPECT_EQ(get(base + "/answers", stranger.auth()).status, 403);
  EXPECT_EQ(get(base + "/answers", safe.auth()).status, 403);
  auto seen = get(base + "/answers", officer.auth());
  ASSERT_EQ(seen.status, 200) << seen.body;
  auto doc = seen.json();
  auto& communes = doc.at("communes").as_array();
  ASSERT_EQ(communes.size(), 1u);
  EXPECT_EQ(communes[0].at("unit_code").as_string(), kCommune);
  EXPECT_EQ(communes[0].at("residents").as_int64(), 6);  // the six above who live there
  EXPECT_GE(communes[0].at("connected").as_int64(), 1);
  EXPECT_EQ(communes[0].at("safe").as_int64(), 1);
  EXPECT_EQ(communes[0].at("need_help").as_int64(), 1);
  auto& calls = doc.at("calls").as_array();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].at("name").as_string(), "Bà Lò Thị Cần");
  EXPECT_TRUE(std::string(calls[0].at("phone").as_string()).ends_with(asks_help.phone.substr(1)));
  EXPECT_FALSE(calls[0].at("handled").as_bool());
  int64_t call = calls[0].at("id").as_int64();
  // The page lists the call; reading names and phones is in the audit log.
  auto list = get("/can-bo/canh-bao/" + std::to_string(id) + "/tra-loi", officer.auth());
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("Nhà bị nước vây, có người già"), std::string::npos);
  User province = sign_up("Quản Trị Tỉnh Xem Nhật Ký", kCommune, "10.15.0.9");
  give_role(province, "province_admin", "15");
  auto audit = get(
      "/api/v1/admin/audit?action=alert.calls_for_help_read&actor=" + std::to_string(officer.id),
      province.auth());
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_EQ(audit.json().at("entries").as_array().size(), 2u) << audit.body;

  std::string handled = base + "/answers/" + std::to_string(call) + "/handled";
  EXPECT_EQ(post_json(handled, "", stranger.auth()).status, 403);
  EXPECT_EQ(post_json(handled, "", officer.auth()).status, 200);
  // Taken: the resident is told so, with the time; the tile is gone.
  auto taken = get("/canh-bao/" + std::to_string(id), asks_help.auth());
  EXPECT_NE(taken.body.find("Một cán bộ đã nhận yêu cầu giúp đỡ của bạn lúc"), std::string::npos);
  EXPECT_EQ(calls_tile(officer), 0);
  EXPECT_TRUE(get(base + "/answers", officer.auth())
                  .json()
                  .at("calls")
                  .as_array()[0]
                  .at("handled")
                  .as_bool());

  // The warning is withdrawn: those texted hear so, and answers stop.
  ASSERT_EQ(post_json(base + "/cancel", "", approver.auth()).status, 200);
  EXPECT_TRUE(wait_for_text(asks_help, "HUỶ CẢNH BÁO: Lũ quét trên suối Bảo Nhai"));
  EXPECT_EQ(post_json(answers, R"({"answer":"safe"})", asks_help.auth()).status, 409);
}
