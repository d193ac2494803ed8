// Drafts of alerts, on both engines: a draft is rewritten (in the API and the form) by an
// officer of its area, who becomes its drafter, so the two-person rule still holds; a second
// officer sends an alert waiting for approval back with what must change, which its drafter
// sees; a draft nobody will send is discarded and leaves the desk.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "accounts_helpers.h"

using namespace cds::test;

namespace {
const std::string kCommune = "02725";  // Xã Bản Xèo
const std::string kOther = "02728";    // Xã Mường Hum

std::string warning(const std::string& headline, const std::string& unit = kCommune) {
  return R"({"status":"Actual","event":"Lũ ống","categories":["Met"],"response_types":["Evacuate"],)"
         R"("urgency":"Immediate","severity":"Severe","certainty":"Likely",)"
         R"("expires":"2099-12-31T18:00:00+07:00","headline":")" +
         headline + R"(","instruction":"Rời khỏi nhà ven suối.","units":[")" + unit + R"("]})";
}

HttpResult put_json(const std::string& target, const std::string& body, Headers headers) {
  headers.emplace_back("Content-Type", "application/json");
  return request("PUT", target, body, headers);
}

std::string field(const HttpResult& r, const char* name) {
  auto o = r.json().as_object();
  auto it = o.find(name);
  return it == o.end() ? "" : std::string(it->value().as_string());
}
std::string headline(const HttpResult& r) {
  return std::string(r.json().at("texts").as_array()[0].at("headline").as_string());
}
}  // namespace

TEST(AlertDrafts, ARewrittenDraftHasANewDrafterAndASentBackOneSaysWhy) {
  User first = sign_up("Cán Bộ Soạn Bản Xèo", kCommune, "10.17.0.1");
  give_role(first, "alert_officer", kCommune);
  User second = sign_up("Cán Bộ Duyệt Bản Xèo", kCommune, "10.17.0.2");
  give_role(second, "alert_officer", kCommune);
  User elsewhere = sign_up("Cán Bộ Mường Hum", kOther, "10.17.0.3");
  give_role(elsewhere, "alert_officer", kOther);

  auto drafted = post_json("/api/v1/alerts", warning("Lũ ống ở Bản Xèo"), first.auth());
  ASSERT_EQ(drafted.status, 201) << drafted.body;
  std::string id = std::to_string(drafted.json().at("id").as_int64());
  std::string base = "/api/v1/alerts/" + id;

  // Rewritten through the API: refusals change nothing.
  EXPECT_EQ(put_json(base, warning("x"), {}).status, 401);
  EXPECT_EQ(put_json(base, warning("x"), elsewhere.auth()).status, 403);
  EXPECT_EQ(put_json(base, warning(""), first.auth()).status, 400);
  EXPECT_EQ(headline(get(base, first.auth())), "Lũ ống ở Bản Xèo");
  auto rewritten = put_json(base, warning("Lũ ống ở thôn Nậm Chạc, Bản Xèo"), first.auth());
  ASSERT_EQ(rewritten.status, 200) << rewritten.body;
  EXPECT_EQ(headline(rewritten), "Lũ ống ở thôn Nậm Chạc, Bản Xèo");
  EXPECT_EQ(field(rewritten, "state"), "draft");

  // Sent, it waits; it can no longer be rewritten, and a second officer sends it back.
  ASSERT_EQ(post_json(base + "/submit", "", first.auth()).status, 200);
  EXPECT_EQ(put_json(base, warning("y"), first.auth()).status, 409);
  EXPECT_EQ(post_json(base + "/send-back", R"({"reason":"  "})", second.auth()).status, 400);
  auto back = post_json(base + "/send-back", R"({"reason":"Ghi rõ giờ nước lên."})", second.auth());
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(field(back, "state"), "draft");
  EXPECT_EQ(field(back, "returned_reason"), "Ghi rõ giờ nước lên.");
  auto desk = get("/can-bo/canh-bao", first.auth());
  EXPECT_NE(desk.body.find("Ghi rõ giờ nước lên."), std::string::npos);

  // The drafter rewrites it in the form, which shows the reason, and sends it again.
  auto form = get("/can-bo/canh-bao/" + id + "/sua", first.auth());
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("Ghi rõ giờ nước lên."), std::string::npos);
  EXPECT_NE(form.body.find("value=\"Lũ ống ở thôn Nậm Chạc, Bản Xèo\""), std::string::npos);
  EXPECT_EQ(get("/can-bo/canh-bao/" + id + "/sua", elsewhere.auth()).status, 403);
  std::string fields =
      "status=Actual&event=L%C5%A9+%E1%BB%91ng&category=Met&response_type=Evacuate"
      "&urgency=Immediate&severity=Severe&certainty=Likely&expires=2099-12-31T18%3A00"
      "&instruction=R%E1%BB%9Di+kh%E1%BB%8Fi+nh%C3%A0&units=" +
      kCommune + "&then=send";
  auto refused = submit_form(first, "/can-bo/canh-bao/" + id + "/sua",
                             "/can-bo/canh-bao/" + id + "/sua", fields);  // no headline
  EXPECT_EQ(refused.status, 422);
  auto resent =
      submit_form(first, "/can-bo/canh-bao/" + id + "/sua", "/can-bo/canh-bao/" + id + "/sua",
                  fields + "&headline=L%C5%A9+%E1%BB%91ng+l%C3%BAc+17+gi%E1%BB%9D");
  ASSERT_EQ(resent.status, 303) << resent.body;
  EXPECT_EQ(resent.header("location"), "/can-bo/canh-bao?xong=waiting");
  auto waiting = get(base, first.auth());
  EXPECT_EQ(field(waiting, "state"), "awaiting_approval");
  EXPECT_EQ(field(waiting, "returned_reason"), "");  // rewriting answered it
  EXPECT_EQ(headline(waiting), "Lũ ống lúc 17 giờ");

  // Whoever rewrote a draft last drafted it: the second officer rewrites one, and may not
  // approve it; the first may.
  auto other = post_json("/api/v1/alerts", warning("Sạt taluy đường Bản Xèo"), first.auth());
  ASSERT_EQ(other.status, 201);
  std::string other_base = "/api/v1/alerts/" + std::to_string(other.json().at("id").as_int64());
  ASSERT_EQ(put_json(other_base, warning("Sạt taluy km 12 đường Bản Xèo"), second.auth()).status,
            200);
  ASSERT_EQ(post_json(other_base + "/submit", "", second.auth()).status, 200);
  EXPECT_EQ(post_json(other_base + "/approve", R"({"version":2})", second.auth()).status, 403);
  EXPECT_EQ(post_json(other_base + "/approve", R"({"version":2})", first.auth()).status, 200);
  // Out of force again: other tests read the province's banner, Actual warnings and all.
  EXPECT_EQ(post_json(other_base + "/cancel", "", first.auth()).status, 200);
}

TEST(AlertDrafts, ADraftNobodyWillSendIsDiscardedAndItsDrafterMayTakeBackAWaitingOne) {
  User officer = sign_up("Cán Bộ Bỏ Nháp Bản Xèo", kCommune, "10.17.0.11");
  give_role(officer, "alert_officer", kCommune);
  auto drafted = post_json("/api/v1/alerts", warning("Bản nháp thử để bỏ"), officer.auth());
  ASSERT_EQ(drafted.status, 201);
  std::string id = std::to_string(drafted.json().at("id").as_int64());
  EXPECT_NE(get("/can-bo/canh-bao", officer.auth()).body.find("Bản nháp thử để bỏ"),
            std::string::npos);
  auto discarded = submit_form(officer, "/can-bo/canh-bao", "/can-bo/canh-bao/" + id + "/bo");
  ASSERT_EQ(discarded.status, 303) << discarded.body;
  EXPECT_EQ(discarded.header("location"), "/can-bo/canh-bao?xong=discarded");
  EXPECT_EQ(get("/can-bo/canh-bao", officer.auth()).body.find("Bản nháp thử để bỏ"),
            std::string::npos);
  EXPECT_EQ(field(get("/api/v1/alerts/" + id, officer.auth()), "state"), "discarded");
  EXPECT_EQ(post_json("/api/v1/alerts/" + id + "/submit", "", officer.auth()).status, 409);

  // Its drafter takes a waiting alert back without a reason, from the desk.
  auto waiting = post_json("/api/v1/alerts", warning("Chờ duyệt rồi rút về"), officer.auth());
  std::string wid = std::to_string(waiting.json().at("id").as_int64());
  ASSERT_EQ(post_json("/api/v1/alerts/" + wid + "/submit", "", officer.auth()).status, 200);
  auto taken = submit_form(officer, "/can-bo/canh-bao", "/can-bo/canh-bao/" + wid + "/tra-lai");
  ASSERT_EQ(taken.status, 303) << taken.body;
  EXPECT_EQ(field(get("/api/v1/alerts/" + wid, officer.auth()), "state"), "draft");
}
