// Alerts through the API, on both engines: the two-person rule for Actual alerts, drafts kept
// from the public, Exercise alerts sent by one officer, a Cancel that refers to the alert it
// cancels, and every CAP message served checked by xmllint against both schema files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "accounts_helpers.h"
#include "xml_check.h"

using namespace cds::test;
namespace fs = std::filesystem;

namespace {
const std::string kUnitA = "04750";  // Xã Bảo Ái
const std::string kUnitB = "02989";  // Xã Bảo Hà
// Alerts left in force by the tests below stay out of kUnitA's count (tests run in any order).
const std::string kUnitC = "02908";  // Xã Tằng Loỏng

void expect_valid_cap(const std::string& xml) {
  if (!fs::exists(schema_dir() / "cap12.xsd")) return;  // said once, in the test below
  EXPECT_EQ(xmllint(xml, "cap12.xsd"), "") << xml;
  EXPECT_EQ(xmllint(xml, "cap12_extended.xsd"), "") << xml;
}

std::string landslide(const std::string& status, const std::string& unit = kUnitA) {
  return R"({"status":")" + status +
         R"(","event":"Sạt lở đất","categories":["Geo"],)"
         R"("response_types":["Evacuate"],"urgency":"Immediate","severity":"Severe",)"
         R"("certainty":"Likely","expires":"2099-12-31T18:00:00+07:00",)"
         R"("headline":"Nguy cơ sạt lở đất ở xã Bảo Ái","instruction":"Di chuyển đến nhà văn hoá thôn.",)"
         R"("headline_en":"Landslide risk in Bảo Ái","units":[")" +
         unit +
         R"("],)"
         R"("polygon":[[21.9,104.6],[21.9,104.8],[22.05,104.8],[22.05,104.6],[21.9,104.6]]})";
}

int64_t id_of(const HttpResult& r) { return r.json().at("id").as_int64(); }
std::string state_of(const HttpResult& r) { return std::string(r.json().at("state").as_string()); }
}  // namespace

TEST(Alerts, AnActualAlertNeedsASecondOfficerAndACancelRefersToIt) {
  if (!fs::exists(schema_dir() / "cap12.xsd"))
    std::cout << "[ NOTE     ] CAP schema checks skipped: " << schema_dir()
              << " is absent (the schemas live beside the repository, in ../shared)\n";
  User first = sign_up("Cán Bộ Cảnh Báo Một", kUnitA, "10.13.0.1");
  give_role(first, "alert_officer", kUnitA);
  User second = sign_up("Cán Bộ Cảnh Báo Hai", kUnitA, "10.13.0.2");
  give_role(second, "alert_officer", kUnitA);
  User elsewhere = sign_up("Cán Bộ Cảnh Báo Bảo Hà", kUnitB, "10.13.0.3");
  give_role(elsewhere, "alert_officer", kUnitB);
  User citizen = sign_up("Dân Bảo Ái Nghe Tin", kUnitA, "10.13.0.4");

  EXPECT_EQ(post_json("/api/v1/alerts", landslide("Actual")).status, 401);
  EXPECT_EQ(post_json("/api/v1/alerts", landslide("Actual"), citizen.auth()).status, 403);
  EXPECT_EQ(post_json("/api/v1/alerts", landslide("Actual"), elsewhere.auth()).status, 403);
  auto drafted = post_json("/api/v1/alerts", landslide("Actual"), first.auth());
  ASSERT_EQ(drafted.status, 201) << drafted.body;
  int64_t id = id_of(drafted);
  std::string cap = "/alerts/" + std::to_string(id) + ".cap";
  EXPECT_EQ(get(cap).status, 404);  // a draft is nobody's business yet
  EXPECT_EQ(get("/api/v1/alerts/" + std::to_string(id), citizen.auth()).status, 403);

  std::string base = "/api/v1/alerts/" + std::to_string(id);
  auto submitted = post_json(base + "/submit", "", first.auth());
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  EXPECT_EQ(state_of(submitted), "awaiting_approval");
  EXPECT_EQ(get(cap).status, 404);
  // The drafter cannot let it out alone, nor can an officer of another commune.
  const std::string v1 = R"({"version":1})";
  auto alone = post_json(base + "/approve", v1, first.auth());
  EXPECT_EQ(alone.status, 403);
  EXPECT_NE(alone.body.find("second_officer_required"), std::string::npos);
  EXPECT_EQ(post_json(base + "/approve", v1, elsewhere.auth()).status, 403);
  auto approved = post_json(base + "/approve", v1, second.auth());
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(state_of(approved), "sent");
  EXPECT_EQ(post_json(base + "/approve", v1, second.auth()).status, 409);

  auto message = get(cap);
  ASSERT_EQ(message.status, 200);
  EXPECT_EQ(message.header("content-type"), "application/cap+xml; charset=utf-8");
  EXPECT_NE(message.body.find("<status>Actual</status>"), std::string::npos);
  EXPECT_NE(message.body.find("<value>" + kUnitA + "</value>"), std::string::npos);
  EXPECT_NE(message.body.find("+07:00</sent>"), std::string::npos);
  expect_valid_cap(message.body);

  // Every page shows it in the banner, without JavaScript, cached pages too; its own page
  // says what to do. A draft has no page.
  auto banner_has = [](const std::string& path, const std::string& label) {
    return get(path).body.find("<strong>" + label + "</strong>") != std::string::npos;
  };
  EXPECT_TRUE(banner_has("/", "CẢNH BÁO"));
  EXPECT_TRUE(banner_has("/phan-anh", "CẢNH BÁO"));
  auto page = get("/canh-bao/" + std::to_string(id));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Di chuyển đến nhà văn hoá thôn."), std::string::npos);

  // An exercise goes out with one officer.
  auto exercise = post_json("/api/v1/alerts", landslide("Exercise"), first.auth());
  ASSERT_EQ(exercise.status, 201);
  EXPECT_EQ(get("/canh-bao/" + std::to_string(id_of(exercise))).status, 404);  // a draft
  auto sent =
      post_json("/api/v1/alerts/" + std::to_string(id_of(exercise)) + "/submit", "", first.auth());
  EXPECT_EQ(state_of(sent), "sent");
  expect_valid_cap(get("/alerts/" + std::to_string(id_of(exercise)) + ".cap").body);

  // Both are in force in the commune, until the Actual one is cancelled (an exercise an
  // earlier run left there is not counted).
  auto in_force = [&] {
    std::vector<int64_t> ids;
    boost::json::value doc = get("/api/v1/alerts?unit=" + kUnitA).json();
    for (const auto& a : doc.at("alerts").as_array())
      if (a.at("id").as_int64() >= id) ids.push_back(a.at("id").as_int64());
    return ids;
  };
  EXPECT_EQ(in_force().size(), 2u);
  auto cancelled = post_json(base + "/cancel", "", second.auth());
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  boost::json::value doc = cancelled.json();
  EXPECT_EQ(doc.at("msg_type"), "Cancel");
  std::string identifier(approved.json().at("identifier").as_string());
  std::string reference(doc.at("references").as_array().at(0).as_string());
  EXPECT_NE(reference.find("," + identifier + ","), std::string::npos);
  auto cancel_cap = get("/alerts/" + std::to_string(doc.at("id").as_int64()) + ".cap");
  EXPECT_NE(cancel_cap.body.find("<msgType>Cancel</msgType>"), std::string::npos);
  EXPECT_NE(cancel_cap.body.find("<references>" + reference + "</references>"), std::string::npos);
  expect_valid_cap(cancel_cap.body);
  EXPECT_EQ(in_force(), std::vector<int64_t>{id_of(exercise)});
  EXPECT_EQ(post_json(base + "/cancel", "", second.auth()).status, 409);
  // The list says what the Cancel message is, not that it is "in force".
  auto cancel_page = get("/canh-bao/" + std::to_string(doc.at("id").as_int64()));
  EXPECT_NE(cancel_page.body.find("Bản tin huỷ cảnh báo trước đó"), std::string::npos);
  EXPECT_EQ(cancel_page.body.find("Đang có hiệu lực"), std::string::npos);
  // The banner follows at once, on cached pages as well.
  EXPECT_FALSE(banner_has("/phan-anh", "CẢNH BÁO"));
  EXPECT_TRUE(banner_has("/phan-anh", "DIỄN TẬP"));
  EXPECT_FALSE(banner_has("/", "CẢNH BÁO"));

  // The feeds: newest first, each entry linking its CAP message; RSS valid against its schema.
  std::string cancel_link = "/alerts/" + std::to_string(doc.at("id").as_int64()) + ".cap";
  auto atom = get("/alerts/feed.atom");
  ASSERT_EQ(atom.status, 200);
  EXPECT_EQ(atom.header("content-type"), "application/atom+xml; charset=utf-8");
  size_t cancel_at = atom.body.find(cancel_link + "\"");
  size_t exercise_at = atom.body.find("/alerts/" + std::to_string(id_of(exercise)) + ".cap\"");
  ASSERT_NE(cancel_at, std::string::npos);
  ASSERT_NE(exercise_at, std::string::npos);
  EXPECT_LT(cancel_at, exercise_at);  // newest first
  EXPECT_NE(atom.body.find("rel=\"alternate\" type=\"application/cap+xml\""), std::string::npos);
  EXPECT_EQ(atom.body.find("/alerts/" + std::to_string(id) + ".cap\"") == std::string::npos, false);
  EXPECT_LT(atom.body.size(), 900u * 1024);
  auto rss = get("/alerts/feed.rss");
  ASSERT_EQ(rss.status, 200);
  EXPECT_NE(rss.body.find("<link>"), std::string::npos);
  if (fs::exists(schema_dir() / "rss-2_0.xsd")) EXPECT_EQ(xmllint(rss.body, "rss-2_0.xsd"), "");
  // GeoJSON: only what is in force, coordinates as lon,lat.
  auto geo = get("/alerts/active.geojson");
  ASSERT_EQ(geo.status, 200);
  boost::json::value fc = geo.json();
  bool found = false;
  for (const auto& f : fc.at("features").as_array()) {
    EXPECT_NE(f.at("id").as_string(), identifier);  // the cancelled alert is gone
    if (f.at("id") == exercise.json().at("identifier")) {
      found = true;
      const auto& first_point = f.at("geometry").at("coordinates").at(0).at(0).as_array();
      EXPECT_DOUBLE_EQ(first_point.at(0).as_double(), 104.6);  // lon first
      EXPECT_DOUBLE_EQ(first_point.at(1).as_double(), 21.9);
    }
  }
  EXPECT_TRUE(found);
}

TEST(Alerts, ADraftThatBreaksCapIsRefusedWithItsReason) {
  User officer = sign_up("Cán Bộ Cảnh Báo Ba", kUnitA, "10.13.0.5");
  give_role(officer, "alert_officer", kUnitA);
  std::string open_polygon = landslide("Exercise");
  open_polygon.replace(open_polygon.find(",[21.9,104.6]]"), 14, "]");
  auto r = post_json("/api/v1/alerts", open_polygon, officer.auth());
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("bad_polygon"), std::string::npos);
  std::string early = landslide("Exercise");
  early.replace(early.find("2099-12-31T18:00:00+07:00"), 25, "2000-01-01T00:00:00+07:00");
  EXPECT_NE(post_json("/api/v1/alerts", early, officer.auth()).body.find("bad_time"),
            std::string::npos);
}

namespace {
int64_t to_approve(const User& officer) {
  auto r = get("/api/v1/me/workspace", officer.auth());
  EXPECT_EQ(r.status, 200) << r.body;
  boost::json::value doc = r.json();
  for (const auto& tile : doc.at("tiles").as_array())
    if (tile.at("link") == "/can-bo/canh-bao")
      return tile.at("figures").as_array().at(0).at("value").as_int64();
  return -1;
}
}  // namespace

TEST(Alerts, TheOfficersDeskSendsApprovesAndCancelsWithoutJavaScript) {
  User first = sign_up("Cán Bộ Bàn Cảnh Báo Một", kUnitA, "10.13.0.11");
  give_role(first, "alert_officer", kUnitA);
  User second = sign_up("Cán Bộ Bàn Cảnh Báo Hai", kUnitA, "10.13.0.12");
  give_role(second, "alert_officer", kUnitA);
  User citizen = sign_up("Dân Xem Bàn Cảnh Báo", kUnitA, "10.13.0.13");
  EXPECT_EQ(get("/can-bo/canh-bao", citizen.auth()).status, 403);
  auto drafted = post_json("/api/v1/alerts", landslide("Actual"), first.auth());
  ASSERT_EQ(drafted.status, 201);
  std::string id = std::to_string(id_of(drafted));
  EXPECT_EQ(to_approve(second), 0);  // a draft waits for nobody yet

  auto sent = submit_form(first, "/can-bo/canh-bao", "/can-bo/canh-bao/" + id + "/gui");
  ASSERT_EQ(sent.status, 303) << sent.body;
  EXPECT_EQ(sent.header("location"), "/can-bo/canh-bao?xong=waiting");
  EXPECT_EQ(to_approve(second), 1);
  EXPECT_EQ(to_approve(first), 0);  // one's own alert is not one's to approve
  EXPECT_EQ(get("/can-bo/canh-bao/" + id + "/phe-duyet", first.auth()).status, 403);
  EXPECT_EQ(
      submit_form(first, "/can-bo/canh-bao", "/can-bo/canh-bao/" + id + "/phe-duyet", "version=1")
          .status,
      403);
  // The desk links to the page that shows it as residents will see it, then confirms.
  auto desk = get("/can-bo/canh-bao", second.auth());
  EXPECT_NE(desk.body.find("href=\"/can-bo/canh-bao/" + id + "/phe-duyet\""), std::string::npos);
  std::string review = "/can-bo/canh-bao/" + id + "/phe-duyet";
  auto shown = get(review, second.auth());
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_NE(shown.body.find("Di chuyển đến nhà văn hoá thôn."), std::string::npos);
  EXPECT_NE(shown.body.find("Cán Bộ Bàn Cảnh Báo Một"), std::string::npos);  // who drafted it
  EXPECT_NE(shown.body.find("name=\"version\" value=\"1\""), std::string::npos);
  auto approved = submit_form(second, review, review, "version=1");
  ASSERT_EQ(approved.status, 303) << approved.body;
  EXPECT_EQ(approved.header("location"), "/can-bo/canh-bao?xong=approved");
  EXPECT_EQ(get("/alerts/" + id + ".cap").status, 200);

  auto confirm = get("/can-bo/canh-bao/" + id + "/huy", first.auth());
  ASSERT_EQ(confirm.status, 200);
  EXPECT_NE(confirm.body.find("action=\"/can-bo/canh-bao/" + id + "/huy\""), std::string::npos);
  auto cancelled = submit_form(first, "/can-bo/canh-bao", "/can-bo/canh-bao/" + id + "/huy");
  ASSERT_EQ(cancelled.status, 303) << cancelled.body;
  EXPECT_EQ(cancelled.header("location"), "/can-bo/canh-bao?xong=cancelled");
}

TEST(Alerts, TheDraftingFormKeepsWhatWasTypedAndSendsWithoutJavaScript) {
  User officer = sign_up("Cán Bộ Soạn Bằng Biểu Mẫu", kUnitC, "10.13.0.21");
  give_role(officer, "alert_officer", kUnitC);
  User citizen = sign_up("Dân Không Được Soạn", kUnitC, "10.13.0.22");
  EXPECT_EQ(get("/can-bo/canh-bao/moi", citizen.auth()).status, 403);
  auto form = get("/can-bo/canh-bao/moi", officer.auth());
  ASSERT_EQ(form.status, 200);
  // Only the communes the officer may warn are offered.
  EXPECT_NE(form.body.find("name=\"units\" value=\"" + kUnitC + "\""), std::string::npos);
  EXPECT_EQ(form.body.find("name=\"units\" value=\"" + kUnitB + "\""), std::string::npos);
  // Nothing with consequences is chosen for the officer, and a form sent unchanged but for its
  // text is refused, saying what to choose, keeping what was typed.
  EXPECT_EQ(form.body.find(" checked"), std::string::npos);
  EXPECT_EQ(form.body.find(" selected>"), form.body.find("value=\"Geo\" selected>") + 11);
  auto unchosen = submit_form(officer, "/can-bo/canh-bao/moi", "/can-bo/canh-bao/moi",
                              "event=L%C5%A9&headline=Ch%C6%B0a+ch%E1%BB%8Dn&units=" + kUnitC +
                                  "&expires=2099-12-31T18%3A00&then=send");
  EXPECT_EQ(unchosen.status, 422);
  EXPECT_NE(unchosen.body.find("Hãy chọn đây là cảnh báo thật"), std::string::npos);
  EXPECT_NE(unchosen.body.find("value=\"Chưa chọn\""), std::string::npos);

  std::string fields =
      "&status=Exercise&event=S%E1%BA%A1t+l%E1%BB%9F&category=Geo&response_type=Evacuate"
      "&urgency=Immediate&severity=Severe&certainty=Likely&expires=2099-12-31T18%3A00"
      "&instruction=L%C3%AAn+%C4%91%E1%BB%93i&units=" +
      kUnitC + "&then=send";
  // No headline: the form comes back with what was typed, and nothing is kept.
  auto refused = submit_form(officer, "/can-bo/canh-bao/moi", "/can-bo/canh-bao/moi", fields);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_NE(refused.body.find("value=\"Sạt lở\""), std::string::npos);
  EXPECT_NE(refused.body.find("Lên đồi"), std::string::npos);
  // A drawn area alone reaches nobody's phone: the communes in it are asked for.
  std::string drawn_only = fields + "&headline=V%C3%B9ng+v%E1%BA%BD+th%C3%B4i" +
                           "&polygon=22.1%2C104.1+22.1%2C104.2+22.2%2C104.2";
  drawn_only.erase(drawn_only.find("&units=" + kUnitC), 7 + kUnitC.size());
  auto unplaced = submit_form(officer, "/can-bo/canh-bao/moi", "/can-bo/canh-bao/moi", drawn_only);
  EXPECT_EQ(unplaced.status, 422);
  EXPECT_NE(unplaced.body.find("xã, phường trong vùng đã khoanh"), std::string::npos);
  EXPECT_NE(unplaced.body.find("22.1,104.1 22.1,104.2"), std::string::npos);  // drawing kept
  // An open drawing is closed; an exercise goes out when sent.
  auto sent = submit_form(officer, "/can-bo/canh-bao/moi", "/can-bo/canh-bao/moi",
                          fields + "&headline=Di%E1%BB%85n+t%E1%BA%ADp+bi%E1%BB%83u+m%E1%BA%ABu" +
                              "&polygon=22.1%2C104.1+22.1%2C104.2+22.2%2C104.2");
  ASSERT_EQ(sent.status, 303) << sent.body;
  EXPECT_EQ(sent.header("location"), "/can-bo/canh-bao?xong=sent");
  auto list = get("/api/v1/alerts?unit=" + kUnitC).json();
  bool found = false;
  for (const auto& a : list.at("alerts").as_array()) {
    if (a.at("texts").as_array()[0].at("headline") != "Diễn tập biểu mẫu") continue;
    found = true;
    EXPECT_EQ(a.at("polygon").as_array().size(), 4u);
    auto cap = get(std::string(a.at("cap").as_string()));
    EXPECT_NE(cap.body.find("<polygon>22.1,104.1 22.1,104.2 22.2,104.2 22.1,104.1</polygon>"),
              std::string::npos)
        << cap.body;
    expect_valid_cap(cap.body);
  }
  EXPECT_TRUE(found);
}

TEST(Alerts, AnUpdateReplacesTheAlertInForceAndRefersToIt) {
  User officer = sign_up("Cán Bộ Cập Nhật Cảnh Báo", kUnitC, "10.13.0.31");
  give_role(officer, "alert_officer", kUnitC);
  auto first = post_json("/api/v1/alerts", landslide("Exercise", kUnitC), officer.auth());
  ASSERT_EQ(first.status, 201);
  std::string id = std::to_string(id_of(first));
  ASSERT_EQ(post_json("/api/v1/alerts/" + id + "/submit", "", officer.auth()).status, 200);

  std::string update = landslide("Exercise", kUnitC);
  update.insert(update.size() - 1, R"(,"updates":)" + id);
  // An update keeps the status; it goes out like any exercise, and the first leaves force.
  std::string actual = landslide("Actual", kUnitC);
  actual.insert(actual.size() - 1, R"(,"updates":)" + id);
  EXPECT_EQ(post_json("/api/v1/alerts", actual, officer.auth()).status, 400);
  auto drafted = post_json("/api/v1/alerts", update, officer.auth());
  ASSERT_EQ(drafted.status, 201) << drafted.body;
  std::string uid = std::to_string(id_of(drafted));
  ASSERT_EQ(post_json("/api/v1/alerts/" + uid + "/submit", "", officer.auth()).status, 200);
  auto cap = get("/alerts/" + uid + ".cap");
  EXPECT_NE(cap.body.find("<msgType>Update</msgType>"), std::string::npos);
  EXPECT_NE(cap.body.find("<references>"), std::string::npos);
  expect_valid_cap(cap.body);
  EXPECT_EQ(get("/api/v1/alerts/" + id, officer.auth()).json().at("state"), "updated");
  std::string in_force = get("/api/v1/alerts?unit=" + kUnitC).body;
  EXPECT_NE(in_force.find("\"id\":" + uid + ","), std::string::npos);
  EXPECT_EQ(in_force.find("\"id\":" + id + ","), std::string::npos);
  // What is no longer in force cannot be updated again.
  EXPECT_EQ(post_json("/api/v1/alerts", update, officer.auth()).status, 409);
  // The desk offers the update form, filled from the alert in force.
  auto form = get("/can-bo/canh-bao/moi?cap-nhat=" + uid, officer.auth());
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("name=\"updates\" value=\"" + uid + "\""), std::string::npos);
  EXPECT_NE(form.body.find("value=\"Nguy cơ sạt lở đất ở xã Bảo Ái\""), std::string::npos);
}

// Issue 19 (4, 9): a time past 2262 overflowed the clock; 20,000 points were accepted (830 KB
// of GeoJSON for one alert); a circle near a pole put longitudes of 1.5e17 into the feed.
// Each is refused with the code of the field at fault, and nothing reaches the feeds.
TEST(Alerts, TimesAndShapesOutOfRangeAreRefusedByName) {
  User officer = sign_up("Cán Bộ Cảnh Báo Giới Hạn", kUnitC, "10.13.0.61");
  give_role(officer, "alert_officer", kUnitC);
  auto refusal = [&](const std::string& body) {
    auto r = post_json("/api/v1/alerts", body, officer.auth());
    EXPECT_EQ(r.status, 400) << r.body;
    return r.status == 400 ? std::string(r.json().at("error").at("code").as_string()) : r.body;
  };
  auto with = [](std::string body, const std::string& from, const std::string& to) {
    body.replace(body.find(from), from.size(), to);
    return body;
  };
  const std::string base = landslide("Exercise", kUnitC);
  const std::string expires = "\"expires\":\"2099-12-31T18:00:00+07:00\"";
  EXPECT_EQ(refusal(with(base, expires, "\"expires\":\"2300-01-01T00:00:00+07:00\"")),
            "bad_expires");
  EXPECT_EQ(refusal(with(base, expires, expires + ",\"effective\":\"1600-01-01T00:00:00Z\"")),
            "bad_effective");
  EXPECT_EQ(refusal(with(base, expires, expires + ",\"onset\":\"2026-13-01T00:00:00Z\"")),
            "bad_onset");
  std::string many = "\"polygon\":[";
  for (int i = 0; i < 2000; ++i) many += "[22.3,103.9],";
  many += "[22.3,103.9]]";
  const std::string polygon =
      "\"polygon\":[[21.9,104.6],[21.9,104.8],[22.05,104.8],[22.05,104.6],[21.9,104.6]]";
  EXPECT_EQ(refusal(with(base, polygon, many)), "bad_polygon");
  EXPECT_EQ(refusal(with(base, polygon,
                         "\"polygon\":[[48.85,2.35],[48.9,2.35],[48.9,2.4],[48.85,2.35]]")),
            "bad_polygon");
  EXPECT_EQ(
      refusal(with(base, polygon, "\"circle\":{\"lat\":89.9999,\"lon\":104,\"radius_km\":100}")),
      "bad_circle");
  EXPECT_EQ(
      refusal(with(base, polygon, "\"circle\":{\"lat\":22.3,\"lon\":103.9,\"radius_km\":1e999}")),
      "bad_circle");
  auto ok =
      post_json("/api/v1/alerts",
                with(base, polygon, "\"circle\":{\"lat\":22.3,\"lon\":103.9,\"radius_km\":20}"),
                officer.auth());
  EXPECT_EQ(ok.status, 201) << ok.body;
  auto geo = get("/alerts/active.geojson");
  EXPECT_EQ(geo.body.find("e+"), std::string::npos);
  EXPECT_LT(geo.body.size(), 200000u);
}
