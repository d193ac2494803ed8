// The two-person rule for Actual alerts, on both engines, along every path by which content or
// authorship changes: drafting, rewriting (API and form), sending back, taking back,
// submitting and approving, with two and with three officers. Whoever wrote the content as it
// stands or submitted it never approves it, and an approval names the version it read. Also:
// an Update never goes out over a warning no longer in force, an internal note never reaches a
// public representation, and duplicate units fold.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "accounts_helpers.h"

using namespace cds::test;

namespace {
const std::string kCommune = "02746";  // Xã Cốc San: no other test file issues alerts there
const std::string kSecond = "02752";   // Xã Pha Long

std::string warning(const std::string& headline, const std::string& status = "Actual",
                    const std::string& units = "\"" + kCommune + "\"") {
  return R"({"status":")" + status +
         R"(","event":"Lũ quét","categories":["Met"],"response_types":["Evacuate"],)"
         R"("urgency":"Immediate","severity":"Severe","certainty":"Likely",)"
         R"("expires":"2099-12-31T18:00:00+07:00","headline":")" +
         headline + R"(","instruction":"Lên chỗ cao.","units":[)" + units + "]}";
}
std::string update_of(int64_t earlier, const std::string& headline,
                      const std::string& status = "Actual") {
  std::string body = warning(headline, status);
  return body.substr(0, body.size() - 1) + R"(,"updates":)" + std::to_string(earlier) + "}";
}

HttpResult put_json(const std::string& target, const std::string& body, Headers headers) {
  headers.emplace_back("Content-Type", "application/json");
  return request("PUT", target, body, headers);
}
std::string version(int64_t v) { return R"({"version":)" + std::to_string(v) + "}"; }
std::string text_of(const HttpResult& r, const char* name) {
  auto o = r.json().as_object();
  auto it = o.find(name);
  return it == o.end() || !it->value().is_string() ? "" : std::string(it->value().as_string());
}
int64_t int_of(const HttpResult& r, const char* name) {
  return r.json().as_object().at(name).as_int64();
}

struct Officers {
  User a, b, c;
};
Officers officers(const std::string& tag, const std::string& ip_prefix) {
  Officers o{sign_up("Cán Bộ A " + tag, kCommune, ip_prefix + "1"),
             sign_up("Cán Bộ B " + tag, kCommune, ip_prefix + "2"),
             sign_up("Cán Bộ C " + tag, kCommune, ip_prefix + "3")};
  for (const User* u : {&o.a, &o.b, &o.c}) give_role(*u, "alert_officer", kCommune);
  return o;
}

// An alert drafted by `who`; its API address.
std::string drafted(const User& who, const std::string& headline,
                    const std::string& status = "Actual") {
  auto r = post_json("/api/v1/alerts", warning(headline, status), who.auth());
  EXPECT_EQ(r.status, 201) << r.body;
  return "/api/v1/alerts/" + std::to_string(int_of(r, "id"));
}
void cancel(const std::string& base, const User& who) {
  EXPECT_EQ(post_json(base + "/cancel", "", who.auth()).status, 200);  // out of the banners
}
}  // namespace

TEST(AlertApproval, WhoeverSubmitsAColleaguesDraftCountsAsItsAuthor) {
  Officers o = officers("Nộp Hộ", "10.18.0.");
  // B drafts and never sends; A submits B's draft, then tries to approve it alone.
  std::string base = drafted(o.b, "Lũ quét ở Cốc San");
  auto submitted = post_json(base + "/submit", "", o.a.auth());
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  auto alone = post_json(base + "/approve", version(1), o.a.auth());
  EXPECT_EQ(alone.status, 403) << alone.body;
  EXPECT_NE(alone.body.find("second_officer_required"), std::string::npos);
  // B wrote it: neither may B. The approval page is refused to both as well.
  EXPECT_EQ(post_json(base + "/approve", version(1), o.b.auth()).status, 403);
  std::string page = "/can-bo/canh-bao/" + base.substr(base.rfind('/') + 1) + "/phe-duyet";
  EXPECT_EQ(get(page, o.a.auth()).status, 403);
  EXPECT_EQ(get(page, o.b.auth()).status, 403);
  EXPECT_EQ(text_of(get(base, o.a.auth()), "state"), "awaiting_approval");
  // A third officer is the second person.
  auto approved = post_json(base + "/approve", version(1), o.c.auth());
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(text_of(approved, "state"), "sent");
  cancel(base, o.c);

  // With two officers, the drafter who submitted their own draft is approved by the other.
  std::string own = drafted(o.a, "Lũ quét lần hai ở Cốc San");
  ASSERT_EQ(post_json(own + "/submit", "", o.a.auth()).status, 200);
  ASSERT_EQ(post_json(own + "/approve", version(1), o.b.auth()).status, 200);
  cancel(own, o.b);
}

TEST(AlertApproval, WhoeverRewroteTheContentNeverApprovesIt) {
  Officers o = officers("Viết Lại", "10.18.0.1");
  // Rewritten through the API by B, submitted by A: neither approves, C does.
  std::string base = drafted(o.a, "Sạt lở ở Cốc San");
  auto rewritten = put_json(base, warning("Sạt lở ở thôn Làng Chung, Cốc San"), o.b.auth());
  ASSERT_EQ(rewritten.status, 200) << rewritten.body;
  EXPECT_EQ(int_of(rewritten, "version"), 2);
  ASSERT_EQ(post_json(base + "/submit", "", o.a.auth()).status, 200);
  EXPECT_EQ(post_json(base + "/approve", version(2), o.a.auth()).status, 403);
  EXPECT_EQ(post_json(base + "/approve", version(2), o.b.auth()).status, 403);
  ASSERT_EQ(post_json(base + "/approve", version(2), o.c.auth()).status, 200);
  cancel(base, o.c);

  // Rewritten in the form by C and sent from it: C is drafter and submitter; A approves.
  std::string other = drafted(o.a, "Đá lăn ở Cốc San");
  std::string id = other.substr(other.rfind('/') + 1);
  std::string form = "/can-bo/canh-bao/" + id + "/sua";
  auto sent =
      submit_form(o.c, form, form,
                  "status=Actual&event=%C4%90%C3%A1+l%C4%83n&category=Geo&response_type=Avoid"
                  "&urgency=Immediate&severity=Severe&certainty=Likely&expires=2099-12-31T18%3A00"
                  "&headline=%C4%90%C3%A1+l%C4%83n+km+7&instruction=Tr%C3%A1nh+xa&units=" +
                      kCommune + "&then=send");
  ASSERT_EQ(sent.status, 303) << sent.body;
  EXPECT_EQ(post_json(other + "/approve", version(2), o.c.auth()).status, 403);
  ASSERT_EQ(post_json(other + "/approve", version(2), o.a.auth()).status, 200);
  cancel(other, o.a);
}

TEST(AlertApproval, AnApprovalNamesTheVersionItRead) {
  Officers o = officers("Phiên Bản", "10.18.0.2");
  std::string base = drafted(o.a, "Mưa lớn ở Cốc San");
  std::string id = base.substr(base.rfind('/') + 1);
  std::string page = "/can-bo/canh-bao/" + id + "/phe-duyet";
  ASSERT_EQ(post_json(base + "/submit", "", o.a.auth()).status, 200);
  // B reads version 1 on the approval page.
  auto read = get(page, o.b.auth());
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_NE(read.body.find("Mưa lớn ở Cốc San"), std::string::npos);
  EXPECT_NE(read.body.find("name=\"version\" value=\"1\""), std::string::npos);
  EXPECT_EQ(post_json(base + "/approve", "{}", o.b.auth()).status, 400);  // no version named

  // A takes it back, rewrites it and submits it again under the same id.
  ASSERT_EQ(post_json(base + "/send-back", "{}", o.a.auth()).status, 200);
  ASSERT_EQ(put_json(base, warning("Sơ tán toàn xã Cốc San"), o.a.auth()).status, 200);
  ASSERT_EQ(post_json(base + "/submit", "", o.a.auth()).status, 200);

  // B's click on what B read sends nothing: the form shows the new text (409), the API says
  // which version is current.
  auto stale_form = submit_form(o.b, page, page, "version=1");
  EXPECT_EQ(stale_form.status, 409);
  EXPECT_NE(stale_form.body.find("Sơ tán toàn xã Cốc San"), std::string::npos);
  EXPECT_NE(stale_form.body.find("name=\"version\" value=\"2\""), std::string::npos);
  auto stale = post_json(base + "/approve", version(1), o.b.auth());
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(stale.json().at("error").at("code").as_string(), "alert_changed");
  EXPECT_EQ(stale.json().at("error").at("current_version").as_int64(), 2);
  EXPECT_EQ(text_of(get(base, o.a.auth()), "state"), "awaiting_approval");
  EXPECT_EQ(get("/alerts/" + id + ".cap").status, 404);  // nothing went out

  auto approved = post_json(base + "/approve", version(2), o.b.auth());
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_NE(get("/alerts/" + id + ".cap").body.find("Sơ tán toàn xã Cốc San"), std::string::npos);
  cancel(base, o.b);

  // Taken back and sent again unchanged: the version read still holds.
  std::string again = drafted(o.a, "Gió lốc ở Cốc San");
  ASSERT_EQ(post_json(again + "/submit", "", o.a.auth()).status, 200);
  ASSERT_EQ(post_json(again + "/send-back", "{}", o.a.auth()).status, 200);
  ASSERT_EQ(post_json(again + "/submit", "", o.a.auth()).status, 200);
  ASSERT_EQ(post_json(again + "/approve", version(1), o.b.auth()).status, 200);
  cancel(again, o.b);
}

TEST(AlertApproval, SendingBackAndTakingBackMoveAuthorship) {
  Officers o = officers("Trả Lại", "10.18.0.3");
  // B drafts, A submits; A (the submitter) may take it back without a reason.
  std::string base = drafted(o.b, "Ngập ở Cốc San");
  ASSERT_EQ(post_json(base + "/submit", "", o.a.auth()).status, 200);
  ASSERT_EQ(post_json(base + "/send-back", "{}", o.a.auth()).status, 200);
  // Submitted again by its drafter B: A's submission no longer counts, so A may approve.
  ASSERT_EQ(post_json(base + "/submit", "", o.b.auth()).status, 200);
  ASSERT_EQ(post_json(base + "/approve", version(1), o.a.auth()).status, 200);
  cancel(base, o.a);

  // C sends A's warning back; A rewrites and resubmits it; C may approve the rewrite, A never.
  std::string other = drafted(o.a, "Ngập ven suối Cốc San");
  ASSERT_EQ(post_json(other + "/submit", "", o.a.auth()).status, 200);
  ASSERT_EQ(post_json(other + "/send-back", R"({"reason":"Ghi rõ thôn nào."})", o.c.auth()).status,
            200);
  EXPECT_EQ(post_json(other + "/approve", version(1), o.c.auth()).status, 409);  // not waiting
  ASSERT_EQ(put_json(other, warning("Ngập ven suối thôn Cốc San"), o.a.auth()).status, 200);
  ASSERT_EQ(post_json(other + "/submit", "", o.a.auth()).status, 200);
  EXPECT_EQ(post_json(other + "/approve", version(2), o.a.auth()).status, 403);
  ASSERT_EQ(post_json(other + "/approve", version(2), o.c.auth()).status, 200);
  cancel(other, o.c);
}

TEST(AlertApproval, AnInternalNoteNeverReachesAPublicRepresentation) {
  Officers o = officers("Ghi Chú", "10.18.0.4");
  User citizen = sign_up("Dân Cốc San Đọc Tin", kCommune, "10.18.0.45");
  const std::string note = "GhiChuNoiBo7731";
  std::string base = drafted(o.a, "Sạt taluy Cốc San");
  std::string id = base.substr(base.rfind('/') + 1);
  ASSERT_EQ(post_json(base + "/submit", "", o.a.auth()).status, 200);
  ASSERT_EQ(post_json(base + "/send-back", R"({"reason":")" + note + R"("})", o.b.auth()).status,
            200);
  EXPECT_NE(get(base, o.a.auth()).body.find(note), std::string::npos);  // its drafter reads it
  ASSERT_EQ(post_json(base + "/submit", "", o.a.auth()).status, 200);   // resubmitted unchanged
  ASSERT_EQ(post_json(base + "/approve", version(1), o.b.auth()).status, 200);
  for (const std::string& target : std::vector<std::string>{
           base, "/api/v1/alerts", "/api/v1/alerts?unit=" + kCommune, "/alerts/" + id + ".cap",
           std::string("/alerts/feed.atom"), std::string("/alerts/feed.rss"),
           std::string("/alerts/active.geojson"), std::string("/canh-bao"), "/canh-bao/" + id,
           std::string("/")}) {
    for (const Headers& who : {Headers{}, citizen.auth(), o.a.auth()}) {
      auto r = get(target, who);
      EXPECT_EQ(r.body.find(note), std::string::npos) << target;
    }
  }
  cancel(base, o.b);
}

TEST(AlertApproval, AnUpdateNeverGoesOutOverAWarningNoLongerInForce) {
  Officers o = officers("Cập Nhật", "10.18.0.5");
  // Cancelled before its update is approved: the update does not go out.
  std::string base = drafted(o.a, "Lũ ở Cốc San");
  ASSERT_EQ(post_json(base + "/submit", "", o.a.auth()).status, 200);
  ASSERT_EQ(post_json(base + "/approve", version(1), o.b.auth()).status, 200);
  int64_t earlier = std::stoll(base.substr(base.rfind('/') + 1));
  auto update = post_json("/api/v1/alerts", update_of(earlier, "Lũ lên cao ở Cốc San"), o.a.auth());
  ASSERT_EQ(update.status, 201) << update.body;
  std::string ubase = "/api/v1/alerts/" + std::to_string(int_of(update, "id"));
  ASSERT_EQ(post_json(ubase + "/submit", "", o.a.auth()).status, 200);
  cancel(base, o.c);
  auto late = post_json(ubase + "/approve", version(1), o.b.auth());
  EXPECT_EQ(late.status, 409) << late.body;
  EXPECT_NE(late.body.find("update_target_gone"), std::string::npos);
  EXPECT_EQ(text_of(get(base, o.a.auth()), "state"), "cancelled");
  EXPECT_EQ(text_of(get(ubase, o.a.auth()), "state"), "awaiting_approval");

  // Two updates of one warning: the first replaces it, the second has nothing left to replace.
  std::string warn = drafted(o.a, "Sạt lở lớn ở Cốc San");
  ASSERT_EQ(post_json(warn + "/submit", "", o.a.auth()).status, 200);
  ASSERT_EQ(post_json(warn + "/approve", version(1), o.b.auth()).status, 200);
  int64_t warn_id = std::stoll(warn.substr(warn.rfind('/') + 1));
  std::string u1 =
      "/api/v1/alerts/" +
      std::to_string(int_of(
          post_json("/api/v1/alerts", update_of(warn_id, "Cập nhật một"), o.a.auth()), "id"));
  std::string u2 =
      "/api/v1/alerts/" +
      std::to_string(int_of(
          post_json("/api/v1/alerts", update_of(warn_id, "Cập nhật hai"), o.a.auth()), "id"));
  for (const auto& u : {u1, u2}) ASSERT_EQ(post_json(u + "/submit", "", o.a.auth()).status, 200);
  ASSERT_EQ(post_json(u1 + "/approve", version(1), o.b.auth()).status, 200);
  EXPECT_EQ(post_json(u2 + "/approve", version(1), o.b.auth()).status, 409);
  EXPECT_EQ(text_of(get(warn, o.a.auth()), "state"), "updated");
  auto in_force = get("/api/v1/alerts?unit=" + kCommune);
  EXPECT_NE(in_force.body.find("Cập nhật một"), std::string::npos);
  EXPECT_EQ(in_force.body.find("Cập nhật hai"), std::string::npos);
  cancel(u1, o.b);

  // An exercise's update goes out at once with one officer: not over a cancelled exercise.
  std::string drill = drafted(o.a, "Diễn tập lũ Cốc San", "Exercise");
  ASSERT_EQ(post_json(drill + "/submit", "", o.a.auth()).status, 200);
  int64_t drill_id = std::stoll(drill.substr(drill.rfind('/') + 1));
  auto drill_update =
      post_json("/api/v1/alerts", update_of(drill_id, "Diễn tập lũ lên", "Exercise"), o.a.auth());
  std::string dbase = "/api/v1/alerts/" + std::to_string(int_of(drill_update, "id"));
  cancel(drill, o.a);
  EXPECT_EQ(post_json(dbase + "/submit", "", o.a.auth()).status, 409);
  EXPECT_EQ(text_of(get(drill, o.a.auth()), "state"), "cancelled");
}

TEST(AlertApproval, DuplicateUnitsFoldIntoOne) {
  Officers o = officers("Trùng Xã", "10.18.0.6");
  give_role(o.a, "alert_officer", kSecond);
  auto r = post_json("/api/v1/alerts",
                     warning("Trùng xã", "Actual",
                             "\"" + kCommune + "\",\"" + kSecond + "\",\"" + kCommune + "\""),
                     o.a.auth());
  ASSERT_EQ(r.status, 201) << r.body;
  auto units = r.json().at("units").as_array();
  ASSERT_EQ(units.size(), 2u);
  EXPECT_EQ(units[0].as_string(), kCommune);
  EXPECT_EQ(units[1].as_string(), kSecond);
  std::string base = "/api/v1/alerts/" + std::to_string(int_of(r, "id"));
  auto again = put_json(
      base, warning("Trùng xã", "Actual", "\"" + kCommune + "\",\"" + kCommune + "\""), o.a.auth());
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json().at("units").as_array().size(), 1u);
  EXPECT_EQ(post_json(base + "/discard", "", o.a.auth()).status, 200);
}

// /canh-bao lists each warning once, its newest state first: a cancelled warning is one item
// marked cancelled (the Cancel message is not a second warning), an Update takes the place of
// the warning it replaced.
TEST(AlertApproval, TheListShowsEachWarningOnceInItsNewestState) {
  Officers o = officers("Danh Sách", "10.18.0.7");
  // Counted in the list only: a warning in force is in the page's banner as well.
  auto count = [](const std::string& page, const std::string& what) {
    auto from = page.find("<ul class=\"list\">");
    std::string html =
        from == std::string::npos ? "" : page.substr(from, page.find("</ul>", from) - from);
    size_t n = 0;
    for (size_t at = html.find(what); at != std::string::npos; at = html.find(what, at + 1)) ++n;
    return n;
  };
  std::string base = drafted(o.a, "Cảnh báo để huỷ ở Cốc San");
  ASSERT_EQ(post_json(base + "/submit", "", o.a.auth()).status, 200);
  ASSERT_EQ(post_json(base + "/approve", version(1), o.b.auth()).status, 200);
  cancel(base, o.b);
  auto list = get("/canh-bao").body;
  EXPECT_EQ(count(list, "Cảnh báo để huỷ ở Cốc San"), 1u) << list;
  EXPECT_NE(list.find("Đã huỷ lúc"), std::string::npos);

  std::string warn = drafted(o.a, "Cảnh báo cũ ở Cốc San");
  ASSERT_EQ(post_json(warn + "/submit", "", o.a.auth()).status, 200);
  ASSERT_EQ(post_json(warn + "/approve", version(1), o.b.auth()).status, 200);
  int64_t warn_id = std::stoll(warn.substr(warn.rfind('/') + 1));
  auto update =
      post_json("/api/v1/alerts", update_of(warn_id, "Cảnh báo mới ở Cốc San"), o.a.auth());
  std::string ubase = "/api/v1/alerts/" + std::to_string(int_of(update, "id"));
  ASSERT_EQ(post_json(ubase + "/submit", "", o.a.auth()).status, 200);
  ASSERT_EQ(post_json(ubase + "/approve", version(1), o.b.auth()).status, 200);
  list = get("/canh-bao").body;
  EXPECT_EQ(count(list, "Cảnh báo cũ ở Cốc San"), 0u);
  EXPECT_EQ(count(list, "Cảnh báo mới ở Cốc San"), 1u);
  auto in_list = list.substr(list.find("<ul class=\"list\">"));
  EXPECT_LT(in_list.find("Cảnh báo mới ở Cốc San"), in_list.find("Cảnh báo để huỷ ở Cốc San"));
  cancel(ubase, o.b);
}

// The approver sees the area on a map as residents will: the drawn polygon and circle go to the
// page as GeoJSON ([lon, lat]); an alert with only communes names them and has no empty map.
TEST(AlertApproval, TheApprovalPageShowsTheDrawnAreaOnAMap) {
  Officers o = officers("Bản Đồ", "10.18.0.9");
  std::string body = warning("Sạt lở vùng vẽ ở Cốc San");
  body = body.substr(0, body.size() - 1) +
         R"(,"polygon":[[22.61,103.91],[22.62,103.95],[22.58,103.96],[22.61,103.91]],)"
         R"("circle":{"lat":22.6,"lon":103.93,"radius_km":1.5}})";
  auto made = post_json("/api/v1/alerts", body, o.a.auth());
  ASSERT_EQ(made.status, 201) << made.body;
  std::string id = std::to_string(int_of(made, "id"));
  ASSERT_EQ(post_json("/api/v1/alerts/" + id + "/submit", "", o.a.auth()).status, 200);
  auto page = get("/can-bo/canh-bao/" + id + "/phe-duyet", o.b.auth());
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("id=\"alert-map\""), std::string::npos) << page.body;
  // The map's data, as the page's script reads it.
  auto from = page.body.find("data-area=\"");
  ASSERT_NE(from, std::string::npos);
  from += 11;
  std::string area = page.body.substr(from, page.body.find('"', from) - from);
  for (size_t at; (at = area.find("&quot;")) != std::string::npos;) area.replace(at, 6, "\"");
  auto geo = boost::json::parse(area);
  bool polygon = false, circle = false;
  for (const auto& f : geo.at("features").as_array()) {
    const auto& g = f.at("geometry");
    if (g.at("type") == "Polygon") {
      const auto& first = g.at("coordinates").at(0).at(0);
      polygon = first.at(0).to_number<double>() == 103.91 &&  // GeoJSON order: lon, lat
                first.at(1).to_number<double>() == 22.61;
    }
    if (g.at("type") == "Point")
      circle = f.at("properties").at("radius_m").to_number<double>() == 1500.0;
  }
  EXPECT_TRUE(polygon) << area;
  EXPECT_TRUE(circle) << area;
  EXPECT_NE(page.body.find("/static/js/alert-map.js"), std::string::npos);
  EXPECT_NE(page.body.find("Xã Cốc San"), std::string::npos);  // and as communes
  std::string plain = drafted(o.a, "Chỉ có xã ở Cốc San");
  ASSERT_EQ(post_json(plain + "/submit", "", o.a.auth()).status, 200);
  auto without =
      get("/can-bo/canh-bao/" + plain.substr(plain.rfind('/') + 1) + "/phe-duyet", o.b.auth());
  ASSERT_EQ(without.status, 200);
  EXPECT_EQ(without.body.find("id=\"alert-map\""), std::string::npos);
  EXPECT_NE(without.body.find("Xã Cốc San"), std::string::npos);
}
