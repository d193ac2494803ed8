// Live delivery over Server-Sent Events, on both engines: a reader that reconnects with
// Last-Event-ID gets exactly the events it missed, only those for its commune, and the new
// ones as they come; a second congdanso process on the same database delivers what the first
// published (PostgreSQL: LISTEN/NOTIFY); idle streams get heartbeats.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <regex>

#include "accounts_helpers.h"

using namespace cds::test;

namespace {
const std::string kCommune = "02848";  // Xã Lùng Phình
const std::string kOther = "02869";    // Xã Bản Liền

std::string exercise_for(const std::string& unit, const std::string& headline) {
  return R"({"status":"Exercise","event":"Lũ quét","categories":["Met"],)"
         R"("urgency":"Immediate","severity":"Severe","certainty":"Likely",)"
         R"("expires":"2099-12-31T18:00:00+07:00","headline":")" +
         headline + R"(","units":[")" + unit + R"("]})";
}

// Drafts and sends an exercise alert; returns its id.
int64_t send_exercise(const User& officer, const std::string& unit, const std::string& headline) {
  auto drafted = post_json("/api/v1/alerts", exercise_for(unit, headline), officer.auth());
  EXPECT_EQ(drafted.status, 201) << drafted.body;
  int64_t id = drafted.json().at("id").as_int64();
  auto sent = post_json("/api/v1/alerts/" + std::to_string(id) + "/submit", "", officer.auth());
  EXPECT_EQ(sent.status, 200) << sent.body;
  return id;
}

struct Frame {
  int64_t id = 0;
  std::string event;
  boost::json::value data;
};

// The events in a stream's text, in order (comments and retry lines left out).
std::vector<Frame> frames(const std::string& stream) {
  std::vector<Frame> out;
  static const std::regex kFrame("id: (\\d+)\nevent: (\\w+)\ndata: ([^\n]*)\n\n");
  for (std::sregex_iterator it(stream.begin(), stream.end(), kFrame), end; it != end; ++it)
    out.push_back({std::stoll((*it)[1]), (*it)[2], boost::json::parse((*it)[3].str())});
  return out;
}

std::vector<int64_t> alert_ids(const std::string& stream) {
  std::vector<int64_t> ids;
  for (const auto& f : frames(stream))
    if (f.event == "alert") ids.push_back(f.data.at("id").as_int64());
  return ids;
}

std::string open_stream(Connection& c, const std::string& target,
                        const std::string& last_event_id = "") {
  std::string req =
      "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n";
  if (!last_event_id.empty()) req += "Last-Event-ID: " + last_event_id + "\r\n";
  c.send(req + "\r\n");
  return c.read_until("retry: 3000\n\n");
}
}  // namespace

TEST(Live, AReaderThatReconnectsGetsExactlyWhatItMissed) {
  User officer = sign_up("Cán Bộ Phát Tin Lùng Phình", kCommune, "10.14.0.1");
  give_role(officer, "alert_officer", kCommune);
  User other = sign_up("Cán Bộ Phát Tin Bản Liền", kOther, "10.14.0.2");
  give_role(other, "alert_officer", kOther);

  EXPECT_EQ(get("/events?unit=99999").status, 400);

  std::string target = "/events?unit=" + kCommune;
  int64_t first_event = 0;
  {
    Connection reader;
    std::string head = open_stream(reader, target);
    EXPECT_NE(head.find("HTTP/1.1 200"), std::string::npos) << head;
    EXPECT_NE(head.find("Content-Type: text/event-stream"), std::string::npos) << head;
    int64_t first = send_exercise(officer, kCommune, "Diễn tập lũ quét một");
    std::string got = reader.read_until("\"id\":" + std::to_string(first) + ",");
    auto seen = frames(got);
    ASSERT_EQ(seen.size(), 1u) << got;
    EXPECT_EQ(seen[0].data.at("id").as_int64(), first);
    EXPECT_EQ(seen[0].data.at("status").as_string(), "Exercise");
    first_event = seen[0].id;
  }  // the reader goes away

  int64_t second = send_exercise(officer, kCommune, "Diễn tập lũ quét hai");
  int64_t elsewhere = send_exercise(other, kOther, "Diễn tập ở Bản Liền");
  int64_t third = send_exercise(officer, kCommune, "Diễn tập lũ quét ba");

  // Back with Last-Event-ID: the two it missed for its commune, in order, then new ones live.
  Connection back;
  std::string replay = open_stream(back, target, std::to_string(first_event));
  replay = back.read_until("\"id\":" + std::to_string(third) + ",");
  EXPECT_EQ(alert_ids(replay), (std::vector<int64_t>{second, third})) << replay;
  int64_t fourth = send_exercise(officer, kCommune, "Diễn tập lũ quét bốn");
  std::string live = back.read_until("\"id\":" + std::to_string(fourth) + ",");
  EXPECT_EQ(alert_ids(live), (std::vector<int64_t>{second, third, fourth})) << live;
  auto all = frames(live);
  for (size_t i = 1; i < all.size(); ++i) EXPECT_GT(all[i].id, all[i - 1].id);

  // A reader whose commune is unknown hears the whole province, Bản Liền too; a cancellation
  // reaches the commune's readers and names the alert it takes away.
  Connection province;
  open_stream(province, "/events", std::to_string(first_event));
  std::string everything = province.read_until("\"id\":" + std::to_string(fourth) + ",");
  EXPECT_EQ(alert_ids(everything), (std::vector<int64_t>{second, elsewhere, third, fourth}));
  ASSERT_EQ(
      post_json("/api/v1/alerts/" + std::to_string(fourth) + "/cancel", "", officer.auth()).status,
      200);
  std::string cancelled = back.read_until("\"cancels\":" + std::to_string(fourth));
  auto last = frames(cancelled).back();
  EXPECT_EQ(last.data.at("msg_type").as_string(), "Cancel");
  EXPECT_EQ(last.data.at("cancels").as_int64(), fourth);
}

TEST(Live, ASecondProcessDeliversWhatTheFirstPublished) {
  User officer = sign_up("Cán Bộ Phát Tin Hai Máy", kCommune, "10.14.0.3");
  give_role(officer, "alert_officer", kCommune);
  ServerProcess second({"--event-heartbeat", "1"}, database_url());
  Connection reader(second.port());
  open_stream(reader, "/events?unit=" + kCommune);
  // Heartbeats keep an idle stream open through proxies.
  EXPECT_NE(reader.read_until(":\n\n", 3000).find(":\n\n"), std::string::npos);
  // Published through the shared server, delivered by the second process: at once on
  // PostgreSQL (NOTIFY), within the pump's periodic read on SQLite.
  int64_t id = send_exercise(officer, kCommune, "Diễn tập hai máy chủ");
  auto sent = std::chrono::steady_clock::now();
  std::string got = reader.read_until("\"id\":" + std::to_string(id) + ",", 8000);
  auto waited = std::chrono::steady_clock::now() - sent;
  EXPECT_EQ(alert_ids(got), (std::vector<int64_t>{id})) << got;
  // NOTIFY wakes the other process's pump; its periodic read (5 s) would be far slower.
  if (database_url().starts_with("postgres")) EXPECT_LT(waited, std::chrono::seconds(2));
  EXPECT_EQ(second.terminate(), 0);
}

TEST(Live, AReporterHearsOfTheirReportWhileTheirPageIsOpenAndNobodyElseDoes) {
  User reporter = sign_up("Người Báo Theo Dõi Trực Tiếp", kCommune, "10.14.0.5");
  User stranger = sign_up("Người Lạ Cùng Xã", kCommune, "10.14.0.6");
  User officer = sign_up("Cán Bộ Xử Lý Lùng Phình", kCommune, "10.14.0.7");
  give_role(officer, "officer", kCommune);
  auto filed = post_json("/api/v1/reports",
                         R"({"category":"roads","description":"Ổ gà lớn trước chợ Lùng Phình",)"
                         R"("unit_code":")" +
                             kCommune + R"("})",
                         reporter.auth());
  ASSERT_EQ(filed.status, 201) << filed.body;
  std::string id(filed.json().at("id").as_string());
  auto listen = [](Connection& c, const User& who) {
    c.send("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + who.cookie + "\r\n\r\n");
    c.read_until("retry:");
  };
  Connection mine, theirs;
  listen(mine, reporter);
  listen(theirs, stranger);
  ASSERT_EQ(
      post_json("/api/v1/reports/" + id + "/actions", R"({"kind":"start"})", officer.auth()).status,
      200);
  std::string got = mine.read_until("event: report");
  EXPECT_NE(got.find("\"report\":\"" + id + "\""), std::string::npos) << got;
  EXPECT_EQ(theirs.read_until("event: report", 1000).find("event: report"), std::string::npos);
}
