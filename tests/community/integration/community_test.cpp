// Villages, households and notice boards through the real server, on SQLite and PostgreSQL:
// a residents' notice reaches its village's residents only (the API, the pages, the live
// stream); coverage counts households exactly; the visit list holds exactly those neither
// acknowledged nor visited; a household is its members' and their village's and commune's
// officers', nobody else's; the villages import changes nothing when a line is wrong.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <set>
#include <thread>

#include "accounts_helpers.h"
#include "test_images.h"

using namespace cds::test;
namespace json = boost::json;

namespace {

const std::string kCommune = "04252";  // Phường Yên Bái
const std::string kOtherCommune = "04543";

struct Village {
  std::string id, code;
};

Village make_village(const User& admin, const std::string& label) {
  auto r = post_json(
      "/api/v1/units/2025/" + kCommune + "/villages",
      R"({"name":"Tổ dân phố )" + label + " " + fresh_phone() + R"(","kind":"tổ dân phố"})",
      admin.auth());
  EXPECT_EQ(r.status, 201) << r.body;
  json::value v = r.json();
  return {std::to_string(v.at("id").as_int64()), std::string(v.at("code").as_string())};
}

User admin_of(const std::string& commune, const std::string& ip) {
  User u = sign_up("Quản Trị Xã", commune, ip);
  give_role(u, "unit_admin", commune);
  return u;
}

// A resident who created a household in the village; returns its id.
std::string household_of(const User& u, const Village& v, const std::string& address = "Xóm 1") {
  auto r = post_json("/api/v1/me/household",
                     R"({"village":)" + v.id + R"(,"address":")" + address + R"("})", u.auth());
  EXPECT_EQ(r.status, 201) << r.body;
  return std::to_string(r.json().at("household").at("id").as_int64());
}

std::string notice_body(const Village& v, const std::string& title, const std::string& priority,
                        const std::string& visibility, const std::string& ack_due = "") {
  std::string body = R"({"village":)" + v.id + R"(,"title":")" + title +
                     R"(","body":"Nội dung **quan trọng**.","priority":")" + priority +
                     R"(","visibility":")" + visibility + R"(")";
  if (!ack_due.empty()) body += R"(,"ack_due_at":")" + ack_due + R"(")";
  return body + "}";
}

std::string utc_in(std::chrono::seconds s) {
  auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + s);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

std::set<std::string> titles(const HttpResult& r) {
  std::set<std::string> out;
  if (r.status != 200) return out;
  json::value v = r.json();
  for (const auto& n : v.at("notices").as_array())
    out.insert(std::string(n.at("title").as_string()));
  return out;
}

// An open /events stream for a page of this unit, as this reader.
struct Stream {
  Connection c;
  Stream(const std::string& unit, const Headers& auth) {
    std::string head = "GET /events?unit=" + unit + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const auto& [name, value] : auth) head += name + ": " + value + "\r\n";
    c.send(head + "\r\n");
    c.read_until("retry:");
  }
};

}  // namespace

TEST(Community, AResidentsNoticeReachesItsVillagesResidentsOnly) {
  User admin = admin_of(kCommune, "10.81.0.1");
  Village a = make_village(admin, "A"), b = make_village(admin, "B");
  User head = sign_up("Trưởng Thôn A", kCommune, "10.81.0.2");
  give_role(head, "village_head", a.code);
  User resident = sign_up("Người Thôn A", kCommune, "10.81.0.3");
  household_of(resident, a);
  User neighbour = sign_up("Người Thôn B", kCommune, "10.81.0.4");
  household_of(neighbour, b);
  User commune_only = sign_up("Người Trong Phường", kCommune, "10.81.0.5");
  User officer = sign_up("Cán Bộ Phường", kCommune, "10.81.0.6");
  give_role(officer, "officer", kCommune);
  User elsewhere = sign_up("Cán Bộ Xã Khác", kOtherCommune, "10.81.0.7");
  give_role(elsewhere, "officer", kOtherCommune);

  Stream at_home(a.code, resident.auth()), next_door(b.code, neighbour.auth()),
      passer_by(a.code, {});
  std::string secret = "Chỉ người trong thôn " + fresh_phone();
  auto posted =
      post_json("/api/v1/notices", notice_body(a, secret, "normal", "residents"), head.auth());
  ASSERT_EQ(posted.status, 201) << posted.body;
  std::string id = std::to_string(posted.json().at("id").as_int64());
  // The head of another village, the tech team or a citizen cannot post on this board.
  EXPECT_EQ(post_json("/api/v1/notices", notice_body(a, "x", "normal", "public"), neighbour.auth())
                .status,
            403);
  // A public notice of the commune after it: every stream of the commune gets it, so a stream
  // that has it without the residents' notice never had the residents' notice.
  std::string fence = "Thông báo chung " + fresh_phone();
  auto everyone =
      post_json("/api/v1/notices",
                R"({"unit_code":")" + kCommune + R"(","title":")" + fence +
                    R"(","body":"Cho mọi người.","priority":"normal","visibility":"public"})",
                officer.auth());
  ASSERT_EQ(everyone.status, 201) << everyone.body;
  std::string got = at_home.c.read_until(fence);
  EXPECT_NE(got.find(secret), std::string::npos) << got;
  EXPECT_NE(got.find("event: notice"), std::string::npos);
  std::string other = next_door.c.read_until(fence);
  EXPECT_NE(other.find(fence), std::string::npos) << other;
  EXPECT_EQ(other.find(secret), std::string::npos) << other;
  std::string anonymous = passer_by.c.read_until(fence);
  EXPECT_NE(anonymous.find(fence), std::string::npos) << anonymous;
  EXPECT_EQ(anonymous.find(secret), std::string::npos) << anonymous;

  // The API: the board and the notice.
  std::string board = "/api/v1/notices?village=" + a.id;
  EXPECT_TRUE(titles(get(board, resident.auth())).contains(secret));
  EXPECT_TRUE(titles(get(board, head.auth())).contains(secret));
  EXPECT_TRUE(titles(get(board, officer.auth())).contains(secret));
  for (const User* u : {&neighbour, &commune_only, &elsewhere})
    EXPECT_FALSE(titles(get(board, u->auth())).contains(secret)) << u->name;
  auto anon_board = titles(get(board));
  EXPECT_FALSE(anon_board.contains(secret));
  EXPECT_TRUE(anon_board.contains(fence)) << "the commune's public notices show on its villages";
  EXPECT_EQ(get("/api/v1/notices/" + id, resident.auth()).status, 200);
  EXPECT_EQ(get("/api/v1/notices/" + id, neighbour.auth()).status, 404);
  EXPECT_EQ(get("/api/v1/notices/" + id).status, 404);
  // The pages.
  EXPECT_NE(get("/thon/" + a.id, resident.auth()).body.find(secret), std::string::npos);
  EXPECT_EQ(get("/thon/" + a.id, neighbour.auth()).body.find(secret), std::string::npos);
  auto anon_page = get("/thon/" + a.id);
  EXPECT_EQ(anon_page.status, 200);
  EXPECT_EQ(anon_page.body.find(secret), std::string::npos);
  EXPECT_NE(anon_page.body.find(fence), std::string::npos);
  EXPECT_EQ(get("/bang-tin/" + id, neighbour.auth()).status, 404);
  auto signed_out = get("/bang-tin/" + id);
  EXPECT_TRUE(signed_out.status == 302 || signed_out.status == 303) << signed_out.status;
  EXPECT_EQ(signed_out.header("location").rfind("/dang-nhap", 0), 0u);
  EXPECT_EQ(get("/bang-tin/" + id, resident.auth()).status, 200);
}

TEST(Community, CoverageAndTheVisitListCountHouseholdsExactly) {
  User admin = admin_of(kCommune, "10.82.0.1");
  Village v = make_village(admin, "Phủ Sóng");
  User head = sign_up("Trưởng Thôn Phủ Sóng", kCommune, "10.82.0.2");
  give_role(head, "village_head", v.code);
  // H1: two people on the platform; H2, H4: one each; H3, H5: recorded by the head.
  User h1 = sign_up("Chủ Hộ Một", kCommune, "10.82.0.3");
  std::string one = household_of(h1, v, "Nhà 1");
  User h1b = sign_up("Con Hộ Một", kCommune, "10.82.0.4");
  auto mine = get("/api/v1/me/household", h1.auth()).json();
  std::string code(mine.at("household").at("invite_code").as_string());
  ASSERT_EQ(
      post_json("/api/v1/me/household/join", R"({"code":")" + code + R"("})", h1b.auth()).status,
      200);
  User h2 = sign_up("Chủ Hộ Hai", kCommune, "10.82.0.5");
  std::string two = household_of(h2, v, "Nhà 2");
  User h4 = sign_up("Chủ Hộ Bốn", kCommune, "10.82.0.6");
  std::string four = household_of(h4, v, "Nhà 4");
  auto record = [&](const std::string& address, const std::string& name) {
    auto r =
        post_json("/api/v1/households",
                  R"({"village":)" + v.id + R"(,"address":")" + address + R"(","head_name":")" +
                      name + R"(","members":[{"first_name":"Bà","birth_year":1940}]})",
                  head.auth());
    EXPECT_EQ(r.status, 201) << r.body;
    return std::to_string(r.json().at("id").as_int64());
  };
  std::string three = record("Nhà 3", "Cụ Ba");
  std::string five = record("Nhà 5", "Cụ Năm");

  auto posted = post_json("/api/v1/notices",
                          notice_body(v, "Kiểm tra nhà trước mưa lũ", "important", "residents",
                                      utc_in(std::chrono::seconds(3))),
                          head.auth());
  ASSERT_EQ(posted.status, 201) << posted.body;
  std::string id = std::to_string(posted.json().at("id").as_int64());
  std::string base = "/api/v1/notices/" + id;
  // H1 reads it (one of its two members); H2 acknowledges (twice: once counts); the head
  // went to H3.
  auto read = get(base, h1b.auth());
  ASSERT_EQ(read.status, 200);
  EXPECT_TRUE(read.json().at("me").at("read").as_bool());
  EXPECT_FALSE(read.json().at("me").at("acknowledged").as_bool());
  ASSERT_EQ(post_json(base + "/acknowledgement", "", h2.auth()).status, 200);
  ASSERT_EQ(post_json(base + "/acknowledgement", "", h2.auth()).status, 200);
  ASSERT_EQ(post_json(base + "/visits", R"({"household_id":)" + three + "}", head.auth()).status,
            200);
  auto cov = get(base + "/coverage", head.auth());
  ASSERT_EQ(cov.status, 200) << cov.body;
  json::value c = cov.json();
  EXPECT_EQ(c.at("households").as_int64(), 5);
  EXPECT_EQ(c.at("read").as_int64(), 2);
  EXPECT_EQ(c.at("acknowledged").as_int64(), 1);
  EXPECT_EQ(c.at("visited").as_int64(), 1);
  EXPECT_EQ(c.at("unreached").as_int64(), 3);
  EXPECT_EQ(c.at("without_members").as_int64(), 2);
  // Nobody else sees the counts; the list waits for the deadline.
  EXPECT_EQ(get(base + "/coverage", h1.auth()).status, 403);
  EXPECT_EQ(get(base + "/visit-list", head.auth()).status, 409);

  std::this_thread::sleep_for(std::chrono::milliseconds(3200));
  auto visit = [&] {
    std::map<std::string, std::string> out;  // household → head's name
    auto r = get(base + "/visit-list", head.auth());
    EXPECT_EQ(r.status, 200) << r.body;
    json::value list = r.json();
    for (const auto& h : list.at("households").as_array())
      out[std::to_string(h.at("household_id").as_int64())] =
          std::string(h.at("head_name").as_string());
    return out;
  };
  auto doors = visit();
  EXPECT_EQ(doors, (std::map<std::string, std::string>{
                       {one, "Chủ Hộ Một"}, {four, "Chủ Hộ Bốn"}, {five, "Cụ Năm"}}));
  // H1 acknowledges late, the head goes to H5: the list shrinks to H4.
  ASSERT_EQ(post_json(base + "/acknowledgement", "", h1.auth()).status, 200);
  ASSERT_EQ(post_json(base + "/visits", R"({"household_id":)" + five + "}", head.auth()).status,
            200);
  EXPECT_EQ(visit(), (std::map<std::string, std::string>{{four, "Chủ Hộ Bốn"}}));
  c = get(base + "/coverage", head.auth()).json();
  EXPECT_EQ(c.at("acknowledged").as_int64(), 2);
  EXPECT_EQ(c.at("visited").as_int64(), 2);
  EXPECT_EQ(c.at("unreached").as_int64(), 1);
  // A household that is not on this board is not the head's to mark.
  User stranger = sign_up("Người Thôn Khác", kCommune, "10.82.0.9");
  Village w = make_village(admin, "Khác");
  std::string elsewhere = household_of(stranger, w);
  EXPECT_EQ(
      post_json(base + "/visits", R"({"household_id":)" + elsewhere + "}", head.auth()).status,
      404);
}

TEST(Community, AHouseholdIsItsMembersAndItsOfficersOnly) {
  User admin = admin_of(kCommune, "10.83.0.1");
  Village v = make_village(admin, "Riêng Tư"), w = make_village(admin, "Bên Cạnh");
  User member = sign_up("Người Có Hộ", kCommune, "10.83.0.2");
  std::string id = household_of(member, v, "Nhà 9");
  ASSERT_EQ(post_json("/api/v1/me/household/members", R"({"first_name":"Cún","birth_year":2020})",
                      member.auth())
                .status,
            200);
  User officer = sign_up("Cán Bộ Phường Riêng", kCommune, "10.83.0.3");
  give_role(officer, "officer", kCommune);
  User elsewhere = sign_up("Cán Bộ Xã Xa", kOtherCommune, "10.83.0.4");
  give_role(elsewhere, "officer", kOtherCommune);
  User head = sign_up("Trưởng Thôn Riêng", kCommune, "10.83.0.5");
  give_role(head, "village_head", v.code);
  User other_head = sign_up("Trưởng Thôn Bên", kCommune, "10.83.0.6");
  give_role(other_head, "village_head", w.code);
  User neighbour = sign_up("Hàng Xóm Cùng Thôn", kCommune, "10.83.0.7");
  household_of(neighbour, v, "Nhà 10");

  std::string path = "/api/v1/households/" + id;
  auto seen = get(path, officer.auth());
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_NE(seen.body.find("Cún"), std::string::npos);
  EXPECT_NE(seen.body.find("Người Có Hộ"), std::string::npos);
  EXPECT_EQ(seen.body.find("invite_code"), std::string::npos) << "the code is the members' own";
  EXPECT_EQ(get(path, head.auth()).status, 200);
  EXPECT_EQ(get(path, other_head.auth()).status, 404);
  EXPECT_EQ(get(path, elsewhere.auth()).status, 404);
  EXPECT_EQ(get(path, neighbour.auth()).status, 403);
  EXPECT_EQ(get(path).status, 401);
  auto list = "/api/v1/villages/" + v.id + "/households";
  auto listed = get(list, head.auth());
  EXPECT_EQ(listed.status, 200);
  EXPECT_NE(listed.body.find("Cún"), std::string::npos);
  EXPECT_EQ(get(list, elsewhere.auth()).status, 403);
  EXPECT_EQ(get(list, neighbour.auth()).status, 403);
  EXPECT_EQ(get(list, other_head.auth()).status, 403);
  // The officers' page lists them, and gives the same rows as CSV.
  auto page_list = get("/can-bo/ho-gia-dinh?thon=" + v.id, officer.auth());
  EXPECT_NE(page_list.body.find("Nhà 9"), std::string::npos);
  auto csv = get("/can-bo/ho-gia-dinh?thon=" + v.id + "&dinh-dang=csv", officer.auth());
  EXPECT_EQ(csv.header("content-type").rfind("text/csv", 0), 0u) << csv.header("content-type");
  EXPECT_NE(csv.body.find("Nhà 9"), std::string::npos);
  EXPECT_EQ(get("/can-bo/ho-gia-dinh?thon=" + v.id + "&dinh-dang=csv", elsewhere.auth())
                .body.find("Nhà 9"),
            std::string::npos);
  // Nothing of it on the public board or the village's pages.
  for (const std::string& page : {"/thon/" + v.id, "/api/v1/notices?village=" + v.id})
    EXPECT_EQ(get(page).body.find("Cún"), std::string::npos) << page;
  // The members' own view, and a person's download.
  auto own = get("/api/v1/me/household", member.auth());
  EXPECT_NE(own.body.find("invite_code"), std::string::npos);
  auto exported = get("/api/v1/me/export", member.auth());
  EXPECT_NE(exported.body.find("Nhà 9"), std::string::npos) << exported.body.substr(0, 400);
  auto data_page = get("/tai-khoan/du-lieu", member.auth());
  EXPECT_NE(data_page.body.find("Hộ gia đình của bạn"), std::string::npos);
  EXPECT_NE(data_page.body.find("Cún (2020)"), std::string::npos);
  EXPECT_EQ(data_page.body.find("account.data."), std::string::npos);
  // One household at a time; leaving is recorded.
  EXPECT_EQ(post_json("/api/v1/me/household", R"({"village":)" + w.id + R"(,"address":"Nhà khác"})",
                      member.auth())
                .status,
            409);
  std::string code(own.json().at("household").at("invite_code").as_string());
  User joiner = sign_up("Người Vào Hộ", kCommune, "10.83.0.8");
  ASSERT_EQ(
      post_json("/api/v1/me/household/join", R"({"code":")" + code + R"("})", joiner.auth()).status,
      200);
  auto me = get("/api/v1/me", joiner.auth()).json();
  EXPECT_EQ(me.at("village").at("code").as_string(), v.code) << "joining places them";
  ASSERT_EQ(post_json("/api/v1/me/household/leave", "", joiner.auth()).status, 200);
  EXPECT_EQ(get("/api/v1/me/household", joiner.auth()).json().at("household").is_null(), true);
  auto page = get("/ho-gia-dinh", member.auth());
  EXPECT_NE(page.body.find("Một người rời hộ"), std::string::npos);
  // An officer's read is in the audit log, under the member it was about.
  User province = sign_up("Quản Trị Tỉnh Riêng", kCommune, "10.83.0.9");
  give_role(province, "province_admin", "15");
  auto audit = get("/api/v1/admin/audit?action=household.viewed", province.auth());
  EXPECT_EQ(audit.status, 200) << audit.body;
  EXPECT_NE(audit.body.find("household=" + id), std::string::npos);
}

TEST(Community, TheVillagesImportChangesNothingWhenALineIsWrong) {
  std::string name = "Thôn Nhập " + fresh_phone();
  std::string file = temp_dir() + "/villages-" + fresh_phone() + ".csv";
  std::ofstream(file) << "commune_code,name,kind\n"
                      << kOtherCommune << "," << name << ",thôn\n"
                      << "99999,Thôn Lạ,thôn\n"
                      << kOtherCommune << ",Thôn Sai,làng\n";
  std::string out;
  EXPECT_EQ(run_binary({"units", "villages", "--import", file, "--db", database_url()}, out), 2)
      << out;
  EXPECT_NE(out.find("line 3:"), std::string::npos) << out;
  EXPECT_NE(out.find("line 4:"), std::string::npos) << out;
  EXPECT_NE(out.find("nothing imported"), std::string::npos) << out;
  // The good line was not kept: imported alone, it is new.
  std::ofstream(file) << "commune_code,name,kind\n" << kOtherCommune << "," << name << ",thôn\n";
  EXPECT_EQ(run_binary({"units", "villages", "--import", file, "--db", database_url()}, out), 0)
      << out;
  EXPECT_NE(out.find("1 villages added, 0 already there"), std::string::npos) << out;
  EXPECT_EQ(run_binary({"units", "villages", "--import", file, "--db", database_url()}, out), 0);
  EXPECT_NE(out.find("0 villages added, 1 already there"), std::string::npos) << out;
}

TEST(Community, VillagesAreListedAndEditedByTheCommunesAdministrators) {
  User admin = admin_of(kCommune, "10.84.0.1");
  Village v = make_village(admin, "Danh Sách");
  auto list = get("/api/v1/units/2025/" + kCommune + "/villages");
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find(v.code), std::string::npos);
  EXPECT_NE(get("/don-vi/2025/" + kCommune).body.find("/thon/" + v.id), std::string::npos);
  User other = admin_of(kOtherCommune, "10.84.0.2");
  EXPECT_EQ(request("PATCH", "/api/v1/villages/" + v.id, R"({"name":"Đổi Tên"})",
                    {other.auth()[0], other.auth()[1], {"Content-Type", "application/json"}})
                .status,
            403);
  std::string renamed = "Tổ dân phố Đổi " + fresh_phone();
  auto r = request("PATCH", "/api/v1/villages/" + v.id, R"({"name":")" + renamed + R"("})",
                   {admin.auth()[0], admin.auth()[1], {"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(get("/api/v1/units/2025/" + kCommune + "/villages").body.find(renamed),
            std::string::npos);
  // The same name twice in a commune is refused; a role for a village needs a village.
  EXPECT_EQ(post_json("/api/v1/units/2025/" + kCommune + "/villages",
                      R"({"name":")" + renamed + R"(","kind":"thôn"})", admin.auth())
                .status,
            409);
  User spare = sign_up("Người Được Giao", kCommune, "10.84.0.3");
  auto wrong = post_json("/api/v1/admin/roles",
                         R"({"phone":")" + spare.phone +
                             R"(","role":"village_head","unit_code":")" + kCommune + R"("})",
                         admin.auth());
  EXPECT_EQ(wrong.status, 400) << wrong.body;
}

namespace {
// The texts the development outbox holds for this phone that contain `needle`.
int texts_with(const User& u, const std::string& needle) {
  json::value outbox = get("/api/v1/dev/outbox?phone=" + u.phone).json();
  int n = 0;
  for (const auto& m : outbox.at("messages").as_array())
    n += std::string(m.at("text").as_string()).find(needle) != std::string::npos;
  return n;
}
}  // namespace

TEST(Community, AnImportantNoticeIsTextedToTheResidentsWhoConsentedOnce) {
  User admin = admin_of(kCommune, "10.85.0.1");
  Village v = make_village(admin, "Tin Nhắn"), w = make_village(admin, "Không Nhắn");
  User head = sign_up("Trưởng Thôn Tin Nhắn", kCommune, "10.85.0.2");
  give_role(head, "village_head", v.code);
  auto resident = [&](const std::string& name, const Village& where, bool consents,
                      const std::string& ip) {
    User u = sign_up(name, kCommune, ip);
    household_of(u, where);
    if (consents)
      EXPECT_EQ(post_json("/api/v1/me/consents", R"({"purpose":"village_texts","granted":true})",
                          u.auth())
                    .status,
                200);
    return u;
  };
  User agreed = resident("Người Muốn Nhắn", v, true, "10.85.0.3");
  User declined = resident("Người Không Muốn", v, false, "10.85.0.4");
  User elsewhere = resident("Người Thôn Khác Muốn", w, true, "10.85.0.5");
  std::string title = "Cắt điện sáng mai " + fresh_phone();
  auto posted = post_json(
      "/api/v1/notices",
      notice_body(v, title, "important", "residents", utc_in(std::chrono::hours(5))), head.auth());
  ASSERT_EQ(posted.status, 201) << posted.body;
  // A normal notice is not texted.
  std::string quiet = "Lịch họp " + fresh_phone();
  ASSERT_EQ(post_json("/api/v1/notices", notice_body(v, quiet, "normal", "residents"), head.auth())
                .status,
            201);
  for (int i = 0; i < 100 && texts_with(agreed, title) == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(texts_with(agreed, title), 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // the job runs every 5 s
  EXPECT_EQ(texts_with(agreed, title), 1) << "texted twice";
  EXPECT_EQ(texts_with(declined, title), 0);
  EXPECT_EQ(texts_with(elsewhere, title), 0);
  EXPECT_EQ(texts_with(agreed, quiet), 0);
  std::string id = std::to_string(posted.json().at("id").as_int64());
  auto page = get("/can-bo/thong-bao/" + id, head.auth());
  EXPECT_NE(page.body.find("Tin nhắn: đã gửi 1, lỗi 0."), std::string::npos);
}

TEST(Community, AQuestionTakesOneAnswerPerHouseholdAndShowsResultsWhenItSaid) {
  User admin = admin_of(kCommune, "10.86.0.1");
  Village v = make_village(admin, "Hỏi Ý Kiến");
  User head = sign_up("Trưởng Thôn Hỏi", kCommune, "10.86.0.2");
  give_role(head, "village_head", v.code);
  User one = sign_up("Chủ Hộ Hỏi", kCommune, "10.86.0.3");
  household_of(one, v);
  User same = sign_up("Vợ Chủ Hộ Hỏi", kCommune, "10.86.0.4");
  auto code = get("/api/v1/me/household", one.auth()).json().at("household").at("invite_code");
  ASSERT_EQ(post_json("/api/v1/me/household/join",
                      R"({"code":")" + std::string(code.as_string()) + R"("})", same.auth())
                .status,
            200);
  User other = sign_up("Hộ Khác Hỏi", kCommune, "10.86.0.5");
  household_of(other, v);
  User outsider = sign_up("Người Ngoài Thôn", kCommune, "10.86.0.6");
  auto ask = [&](const std::string& results, const std::string& per) {
    std::string body = notice_body(v, "Họp thôn " + fresh_phone(), "normal", "public");
    body.pop_back();
    body += R"(,"poll":{"question":"Gia đình dự họp không?","choices":["Có","Không"],"per":")" +
            per + R"(","results":")" + results + R"(","closes_at":")" +
            utc_in(std::chrono::hours(2)) + R"("}})";
    auto r = post_json("/api/v1/notices", body, head.auth());
    EXPECT_EQ(r.status, 201) << r.body;
    return "/api/v1/notices/" + std::to_string(r.json().at("id").as_int64());
  };
  // A question needs its rules chosen: no default for who answers.
  std::string bad = notice_body(v, "Thiếu", "normal", "public");
  bad.pop_back();
  bad += R"(,"poll":{"question":"?","choices":["Có","Không"],"results":"live","closes_at":")" +
         utc_in(std::chrono::hours(2)) + R"("}})";
  EXPECT_EQ(post_json("/api/v1/notices", bad, head.auth()).status, 400);

  std::string live = ask("live", "household");
  auto answer = [&](const std::string& base, const User& u, int choice) {
    return post_json(base + "/answer", R"({"choice":)" + std::to_string(choice) + "}", u.auth());
  };
  ASSERT_EQ(answer(live, one, 1).status, 200);
  auto changed = answer(live, same, 2);  // the same household: its answer changes, not adds
  ASSERT_EQ(changed.status, 200) << changed.body;
  json::value c = changed.json();
  EXPECT_EQ(c.at("counts").at(0).as_int64(), 0);
  EXPECT_EQ(c.at("counts").at(1).as_int64(), 1);
  EXPECT_EQ(c.at("mine").as_int64(), 2);
  ASSERT_EQ(answer(live, other, 1).status, 200);
  EXPECT_EQ(answer(live, outsider, 1).status, 409) << "not a household of the village";
  EXPECT_EQ(answer(live, other, 3).status, 400);
  auto seen = get(live).json().at("answers");  // anyone reads the live results
  EXPECT_EQ(seen.at("counts").at(0).as_int64(), 1);
  EXPECT_EQ(seen.at("counts").at(1).as_int64(), 1);
  EXPECT_NE(get("/bang-tin/" + live.substr(live.rfind('/') + 1), one.auth())
                .body.find("Gia đình dự họp không?"),
            std::string::npos);

  // Results after closing: nobody but the board's officers sees the counts before.
  std::string after = ask("after_close", "person");
  ASSERT_EQ(answer(after, one, 1).status, 200);
  ASSERT_EQ(answer(after, same, 1).status, 200);  // one answer a person
  auto hidden = answer(after, other, 2).json();
  EXPECT_FALSE(hidden.at("results_shown").as_bool());
  EXPECT_FALSE(hidden.as_object().contains("counts"));
  EXPECT_FALSE(get(after, one.auth()).json().at("answers").as_object().contains("counts"));
  auto officer_view = get(after, head.auth()).json().at("answers");
  EXPECT_EQ(officer_view.at("counts").at(0).as_int64(), 2);
  EXPECT_EQ(officer_view.at("counts").at(1).as_int64(), 1);
}

TEST(CommunityFiles, APhotoIsReEncodedAPdfDownloadsAndBothStayWithTheNotice) {
  User admin = admin_of(kCommune, "10.87.0.1");
  Village v = make_village(admin, "Tệp");
  User head = sign_up("Trưởng Thôn Tệp", kCommune, "10.87.0.2");
  give_role(head, "village_head", v.code);
  User resident = sign_up("Người Thôn Tệp", kCommune, "10.87.0.3");
  household_of(resident, v);
  User neighbour = sign_up("Người Ngoài Tệp", kCommune, "10.87.0.4");
  auto posted =
      post_json("/api/v1/notices", notice_body(v, "Sơ đồ đường tránh lũ", "normal", "residents"),
                head.auth());
  ASSERT_EQ(posted.status, 201) << posted.body;
  std::string base = "/api/v1/notices/" + std::to_string(posted.json().at("id").as_int64());
  auto form = get("/dang-nhap");
  std::string csrf = cookie_from(form, "csrf").substr(5);
  auto send = [&](const User& who, const Part& file, const std::string& name) {
    std::vector<Part> parts = {{"_csrf", "", "", csrf}, {"name", "", "", name}, file};
    return request("POST", base + "/attachments?_csrf=" + csrf,
                   multipart_body("cdsFileBoundary9", parts),
                   {{"Cookie", who.cookie + "; csrf=" + csrf},
                    {"Content-Type", "multipart/form-data; boundary=cdsFileBoundary9"}});
  };
  std::string pdf =
      "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
  EXPECT_EQ(send(resident, {"file", "a.pdf", "application/pdf", pdf}, "").status, 403);
  EXPECT_EQ(send(head, {"file", "x.jpg", "image/jpeg", "<?php echo 1; ?>"}, "Ảnh").status, 415);
  EXPECT_EQ(send(head, {"file", "a.jpg", "image/jpeg", jpeg_with_gps(22.4, 104.1)}, "").status, 400)
      << "a photo needs its description";
  auto photo = send(head, {"file", "a.jpg", "image/jpeg", jpeg_with_gps(22.4, 104.1)},
                    "Đường tránh lũ qua đồi chè");
  ASSERT_EQ(photo.status, 201) << photo.body;
  auto doc = send(head, {"file", "../../so do.pdf", "application/pdf", pdf}, "");
  ASSERT_EQ(doc.status, 201) << doc.body;
  EXPECT_EQ(doc.json().at("name").as_string(), "so do.pdf");
  std::string photo_url(photo.json().at("url").as_string()),
      pdf_url(doc.json().at("url").as_string());
  auto image = get(photo_url, resident.auth());
  ASSERT_EQ(image.status, 200);
  EXPECT_EQ(image.header("content-type"), "image/jpeg");
  EXPECT_EQ(image.body.find("Exif"), std::string::npos) << "metadata left in the photo";
  auto download = get(pdf_url, resident.auth());
  ASSERT_EQ(download.status, 200);
  EXPECT_EQ(download.body, pdf);
  EXPECT_EQ(download.header("content-disposition").rfind("attachment;", 0), 0u);
  // A residents' notice's files are the residents' too.
  EXPECT_EQ(get(photo_url, neighbour.auth()).status, 404);
  EXPECT_EQ(get(pdf_url).status, 404);
  auto listed = get(base, resident.auth()).json().at("attachments");
  EXPECT_EQ(listed.as_array().size(), 2u);
}

TEST(Community, VillageBoundariesAreImportedWholeOrNotAtAll) {
  User admin = admin_of(kCommune, "10.88.0.1");
  Village v = make_village(admin, "Ranh Giới");
  std::string name = get("/api/v1/units/2025/" + kCommune + "/villages").body;
  std::string village_name;
  json::value named = json::parse(name);
  for (const auto& x : named.at("villages").as_array())
    if (x.at("code").as_string() == v.code) village_name = std::string(x.at("name").as_string());
  ASSERT_FALSE(village_name.empty());
  auto feature = [](const std::string& props) {
    return R"({"type":"Feature","properties":)" + props +
           R"(,"geometry":{"type":"Polygon","coordinates":[[[104.9,21.7],[104.91,21.7],[104.91,21.71],[104.9,21.7]]]}})";
  };
  auto write = [](const std::string& features) {
    std::string file = temp_dir() + "/thon-" + fresh_phone() + ".geojson";
    std::ofstream(file) << R"({"type":"FeatureCollection","features":[)" << features << "]}";
    return file;
  };
  // A feature naming a village that does not exist: nothing is kept.
  std::string bad =
      write(feature(R"({"commune_code":")" + kCommune + R"(","name":")" + village_name + R"("})") +
            "," + feature(R"({"commune_code":")" + kCommune + R"(","name":"Thôn Không Có"})"));
  std::string out;
  EXPECT_EQ(run_binary({"units", "villages", "--boundaries", bad, "--db", database_url()}, out), 2)
      << out;
  EXPECT_NE(out.find("feature 2:"), std::string::npos) << out;
  {
    ServerProcess fresh({}, database_url());  // reads the villages from the database
    auto list = get("/api/v1/units/2025/" + kCommune + "/villages", {}, fresh.port());
    json::value listed = json::parse(list.body);
    for (const auto& x : listed.at("villages").as_array())
      if (x.at("code").as_string() == v.code) EXPECT_FALSE(x.at("has_boundary").as_bool());
  }
  // By name (tone marks and case aside) or by code; the same village twice is refused.
  std::string twice =
      write(feature(R"({"code":")" + v.code + R"("})") + "," +
            feature(R"({"commune_code":")" + kCommune + R"(","name":")" + village_name + R"("})"));
  EXPECT_EQ(run_binary({"units", "villages", "--boundaries", twice, "--db", database_url()}, out),
            2);
  EXPECT_NE(out.find("given again"), std::string::npos) << out;
  std::string good =
      write(feature(R"({"ma_xa":")" + kCommune + R"(","ten":")" + village_name + R"("})"));
  ASSERT_EQ(run_binary({"units", "villages", "--boundaries", good, "--db", database_url()}, out), 0)
      << out;
  EXPECT_NE(out.find("1 village boundaries imported"), std::string::npos) << out;
  ServerProcess fresh({}, database_url());
  auto list = get("/api/v1/units/2025/" + kCommune + "/villages", {}, fresh.port());
  bool found = false;
  json::value listed = json::parse(list.body);
  for (const auto& x : listed.at("villages").as_array())
    if (x.at("code").as_string() == v.code) found = x.at("has_boundary").as_bool();
  EXPECT_TRUE(found);
}
