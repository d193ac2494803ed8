// Every endpoint of the accounts capability × every role, with the status each must get.
// Officers see personal data only in their units, and every such read leaves an audit row.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>

#include "accounts_helpers.h"

using namespace cds::test;

namespace {

struct Cast {
  User citizen, other_citizen, officer, unit_admin, province_admin, party_member, grantee;
  std::string api_key;
};

// A cookie-authenticated request from our own pages with this content type.
Headers with_type(const User& u, const std::string& type) {
  Headers h = u.auth();
  h.emplace_back("Content-Type", type);
  return h;
}

const Cast& cast() {
  static Cast c = [] {
    Cast c;
    c.citizen = sign_up("Công Dân Một", "04252", "10.2.0.1");        // Phường Yên Bái
    c.other_citizen = sign_up("Công Dân Hai", "04543", "10.2.0.2");  // Phường Âu Lâu
    c.officer = sign_up("Cán Bộ Phường", "04252", "10.2.0.3");
    give_role(c.officer, "officer", "04252");
    c.unit_admin = sign_up("Quản Trị Phường", "04252", "10.2.0.4");
    give_role(c.unit_admin, "unit_admin", "04252");
    c.province_admin = sign_up("Quản Trị Tỉnh", "04252", "10.2.0.5");
    give_role(c.province_admin, "province_admin", "15");
    c.party_member = sign_up("Đảng Viên", "04252", "10.2.0.6");
    give_role(c.party_member, "party_member", "");
    c.grantee = sign_up("Người Được Giao", "04252", "10.2.0.7");
    c.api_key = create_api_key("authz test", "");
    return c;
  }();
  return c;
}

enum Who { anonymous, citizen, officer, unit_admin, province_admin, party_member, api_key };
const char* kWhoNames[] = {"anonymous",      "citizen",      "officer", "unit_admin",
                           "province_admin", "party_member", "api_key"};

Headers headers_for(Who who) {
  const Cast& c = cast();
  switch (who) {
    case anonymous:
      return {};
    case citizen:
      return c.citizen.auth();
    case officer:
      return c.officer.auth();
    case unit_admin:
      return c.unit_admin.auth();
    case province_admin:
      return c.province_admin.auth();
    case party_member:
      return c.party_member.auth();
    case api_key:
      return {{"Authorization", "Bearer " + c.api_key}};
  }
  return {};
}

struct Case {
  std::string method, path, body, content_type;
  std::array<int, 7> expected;  // in the order of Who
};

}  // namespace

TEST(Authorization, EveryEndpointEveryRole) {
  const Cast& c = cast();
  std::string A = std::to_string(c.citizen.id), B = std::to_string(c.other_citizen.id);
  const std::string json = "application/json";
  //                      anon  cit  off  uadm padm party api
  std::vector<Case> cases = {
      {"GET", "/api/v1/me", "", "", {401, 200, 200, 200, 200, 200, 403}},
      {"GET", "/api/v1/me/export", "", "", {401, 200, 200, 200, 200, 200, 403}},
      {"POST",
       "/api/v1/me",
       R"({"ethnic_group":"Tày"})",
       json,
       {401, 200, 200, 200, 200, 200, 403}},
      {"POST",
       "/api/v1/me/consents",
       R"({"purpose":"notifications","granted":true})",
       json,
       {401, 200, 200, 200, 200, 200, 403}},
      {"GET", "/api/v1/people/" + A, "", "", {401, 403, 200, 200, 200, 403, 403}},
      {"GET", "/api/v1/people/" + B, "", "", {401, 403, 404, 404, 200, 403, 403}},
      {"GET",
       "/api/v1/people?phone=" + c.citizen.phone,
       "",
       "",
       {401, 403, 200, 200, 200, 403, 403}},
      {"GET",
       "/api/v1/people?phone=" + c.other_citizen.phone,
       "",
       "",
       {401, 403, 404, 404, 200, 403, 403}},
      {"POST",
       "/api/v1/people/" + A + "/facts",
       R"({"fact":"vneid_level","value":"level2"})",
       json,
       {401, 403, 200, 200, 200, 403, 403}},
      {"POST",
       "/api/v1/people/" + B + "/facts",
       R"({"fact":"vneid_level","value":"level1"})",
       json,
       {401, 403, 404, 404, 200, 403, 403}},
      {"POST",
       "/api/v1/people/vneid-import",
       "phone,vneid_level\n",
       "text/csv",
       {401, 403, 200, 200, 200, 403, 403}},
      {"GET", "/api/v1/admin/agencies", "", "", {401, 200, 200, 200, 200, 200, 200}},
      {"POST",
       "/api/v1/admin/agencies",
       R"({"name":"UBND phường Yên Bái","unit_code":"04252"})",
       json,
       {401, 403, 403, 201, 201, 403, 403}},
      {"POST",
       "/api/v1/admin/agencies",
       R"({"name":"UBND phường Âu Lâu","unit_code":"04543"})",
       json,
       {401, 403, 403, 403, 201, 403, 403}},
      {"POST",
       "/api/v1/admin/roles",
       R"({"phone":")" + c.grantee.phone + R"(","role":"officer","unit_code":"04252"})",
       json,
       {401, 403, 403, 200, 200, 403, 403}},
      {"POST",
       "/api/v1/admin/roles",
       R"({"phone":")" + c.grantee.phone + R"(","role":"unit_admin","unit_code":"04252"})",
       json,
       {401, 403, 403, 403, 200, 403, 403}},
      {"POST",
       "/api/v1/admin/roles/revoke",
       R"({"account_id":)" + std::to_string(c.grantee.id) + R"(,"role":"officer","reason":"test"})",
       json,
       {401, 403, 403, 200, 200, 403, 403}},
      {"GET", "/api/v1/admin/api-keys", "", "", {401, 403, 403, 403, 200, 403, 403}},
      {"POST",
       "/api/v1/admin/api-keys",
       R"({"name":"test key","scopes":"open311"})",
       json,
       {401, 403, 403, 403, 201, 403, 403}},
      {"POST",
       "/api/v1/admin/api-keys/999999/revoke",
       "",
       json,
       {401, 403, 403, 403, 404, 403, 403}},
      {"GET", "/api/v1/admin/audit", "", "", {401, 403, 403, 403, 200, 403, 403}},
      {"GET", "/api/v1/admin/deletion-requests", "", "", {401, 403, 403, 403, 200, 403, 403}},
      {"POST",
       "/api/v1/admin/deletion-requests/999999/execute",
       "",
       json,
       {401, 403, 403, 403, 404, 403, 403}},
      {"POST", "/api/v1/me/delete", "", json, {401, 202, 202, 202, 202, 202, 403}},
      {"GET", "/api/v1/dev/outbox", "", "", {200, 200, 200, 200, 200, 200, 200}},
  };
  for (const auto& k : cases) {
    for (int who = anonymous; who <= api_key; ++who) {
      Headers h = headers_for(static_cast<Who>(who));
      if (!k.content_type.empty()) h.emplace_back("Content-Type", k.content_type);
      auto r = request(k.method, k.path, k.body, h);
      EXPECT_EQ(r.status, k.expected[who])
          << k.method << " " << k.path << " as " << kWhoNames[who] << ": " << r.body;
    }
  }
}

TEST(Authorization, PagesNeedTheRightPeopleToo) {
  const Cast& c = cast();
  EXPECT_EQ(get("/tai-khoan").status, 303);  // to the sign-in page
  EXPECT_EQ(get("/tai-khoan", c.citizen.auth()).status, 200);
  EXPECT_EQ(get("/quan-tri").status, 303);
  EXPECT_EQ(get("/quan-tri", c.citizen.auth()).status, 403);
  EXPECT_EQ(get("/quan-tri", c.officer.auth()).status, 200);
  EXPECT_EQ(get("/quan-tri", c.province_admin.auth()).status, 200);
  EXPECT_EQ(get("/quan-tri/nhat-ky", c.officer.auth()).status, 403);
  EXPECT_EQ(get("/quan-tri/nhat-ky", c.province_admin.auth()).status, 200);
  EXPECT_EQ(get("/quan-tri/cong-dan/" + std::to_string(c.citizen.id), c.officer.auth()).status,
            200);
  EXPECT_EQ(
      get("/quan-tri/cong-dan/" + std::to_string(c.other_citizen.id), c.officer.auth()).status,
      404);
}

TEST(Audit, EveryReadOfAnotherPersonsDataLeavesARow) {
  const Cast& c = cast();
  std::string A = std::to_string(c.citizen.id);
  auto rows = [&] {
    return get("/api/v1/admin/audit?action=person.viewed&subject=" + A, c.province_admin.auth())
        .json()
        .at("entries")
        .as_array();
  };
  size_t before = rows().size();
  ASSERT_EQ(get("/api/v1/people/" + A, c.officer.auth()).status, 200);
  auto after = rows();
  ASSERT_EQ(after.size(), before + 1);
  EXPECT_EQ(after[0].at("actor_account").as_int64(), c.officer.id);
  EXPECT_EQ(after[0].at("subject_account").as_int64(), c.citizen.id);
  // A refused read (out of scope) leaves nothing to see and no row about the other person.
  std::string B = std::to_string(c.other_citizen.id);
  size_t b_before =
      get("/api/v1/admin/audit?action=person.viewed&subject=" + B, c.province_admin.auth())
          .json()
          .at("entries")
          .as_array()
          .size();
  EXPECT_EQ(get("/api/v1/people/" + B, c.officer.auth()).status, 404);
  EXPECT_EQ(get("/api/v1/admin/audit?action=person.viewed&subject=" + B, c.province_admin.auth())
                .json()
                .at("entries")
                .as_array()
                .size(),
            b_before);
  // Changes are audited too, with field names but never the values.
  ASSERT_EQ(post_json("/api/v1/me", R"({"cccd":"015187009999"})", c.citizen.auth()).status, 200);
  auto changes = get("/api/v1/admin/audit?action=account.profile_updated&subject=" + A,
                     c.province_admin.auth())
                     .json()
                     .at("entries")
                     .as_array();
  ASSERT_FALSE(changes.empty());
  EXPECT_EQ(changes[0].at("detail").as_string(), "cccd");
}

TEST(VneidImport, AppliesRowsInScopeAndReportsTheRest) {
  const Cast& c = cast();
  std::string csv = "phone,vneid_level,vneid_state,activated_on\n" + c.citizen.phone +
                    ",level2,activated,2026-03-01\n" + c.other_citizen.phone +
                    ",level2,activated,2026-03-01\n0399999999,level1,,\n" + c.party_member.phone +
                    ",level9,,\n";
  auto r = request("POST", "/api/v1/people/vneid-import", csv, with_type(c.officer, "text/csv"));
  ASSERT_EQ(r.status, 200) << r.body;
  auto doc = r.json();
  EXPECT_EQ(doc.at("rows").as_int64(), 4);
  EXPECT_EQ(doc.at("applied").as_int64(), 1);
  auto problems = doc.at("problems").as_array();
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_NE(problems[0].as_string().find("line 3"), boost::json::string::npos);
  EXPECT_NE(problems[0].as_string().find("outside your units"), boost::json::string::npos);
  EXPECT_NE(problems[1].as_string().find("no account"), boost::json::string::npos);
  auto facts = get("/api/v1/people/" + std::to_string(c.citizen.id), c.officer.auth())
                   .json()
                   .at("facts")
                   .as_array();
  bool activated = false;
  for (const auto& f : facts)
    if (f.at("fact") == "vneid_state")
      activated = f.at("value") == "activated" && f.at("source") == "import";
  EXPECT_TRUE(activated);
}

// One CCCD, one account: a second account cannot take a number already used, and is not told
// whose it is. A list line whose phone and CCCD point at two people, whose CCCD differs from the
// account's, or that names someone already named on another line, is reported, not applied.
TEST(VneidImport, ConflictingAndRepeatedLinesAreReportedNotApplied) {
  const Cast& c = cast();
  User a = sign_up("Người Có Số", "04252", "10.2.0.21");
  User b = sign_up("Người Muốn Số Đó", "04252", "10.2.0.22");
  User d = sign_up("Người Hai Dòng", "04252", "10.2.0.23");
  ASSERT_EQ(post_json("/api/v1/me", R"({"cccd":"015188000101"})", a.auth()).status, 200);
  auto taken = post_json("/api/v1/me", R"({"cccd":"015188000101"})", b.auth());
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(taken.json().at("error").at("code"), "cccd_taken");
  EXPECT_EQ(taken.body.find(a.name), std::string::npos);
  EXPECT_EQ(taken.body.find(a.phone.substr(1)), std::string::npos);
  EXPECT_TRUE(get("/api/v1/me", b.auth()).json().at("cccd").is_null());
  ASSERT_EQ(post_json("/api/v1/me", R"({"cccd":"015188000202"})", b.auth()).status, 200);
  // Saving one's own number again is fine.
  EXPECT_EQ(post_json("/api/v1/me", R"({"cccd":"015188000101"})", a.auth()).status, 200);

  std::string csv = "phone,cccd,vneid_level\n" +          // line 1
                    a.phone + ",015188000202,level2\n" +  // 2: a's phone, b's CCCD
                    a.phone + ",015188000303,level2\n" +  // 3: not a's CCCD
                    d.phone + ",,level1\n" +              // 4: d …
                    d.phone + ",,level2\n" +              // 5: … twice
                    ",015188000202,level2\n";             // 6: b by CCCD alone: applied
  auto r = request("POST", "/api/v1/people/vneid-import", csv, with_type(c.officer, "text/csv"));
  ASSERT_EQ(r.status, 200) << r.body;
  auto doc = r.json();
  EXPECT_EQ(doc.at("applied").as_int64(), 1);
  auto problems = doc.at("problems").as_array();
  ASSERT_EQ(problems.size(), 4u) << r.body;
  EXPECT_NE(problems[0].as_string().find("two different accounts"), boost::json::string::npos);
  EXPECT_NE(problems[1].as_string().find("differs"), boost::json::string::npos);
  EXPECT_NE(problems[2].as_string().find("lines 4, 5"), boost::json::string::npos);
  auto level_of = [&](const User& u) {
    std::string level;
    auto person = get("/api/v1/people/" + std::to_string(u.id), c.officer.auth()).json();
    for (const auto& f : person.at("facts").as_array())
      if (f.at("fact") == "vneid_level") level = f.at("value").as_string();
    return level;
  };
  EXPECT_EQ(level_of(a), "");
  EXPECT_EQ(level_of(d), "");
  EXPECT_EQ(level_of(b), "level2");
}

TEST(VneidStatus, AnOfficerSettingTheStateDatesIt) {
  const Cast& c = cast();
  User person = sign_up("Người Kích Hoạt", "04252", "10.2.0.8");
  std::string path = "/api/v1/people/" + std::to_string(person.id);
  ASSERT_EQ(
      post_json(path + "/facts", R"({"fact":"vneid_state","value":"approved"})", c.officer.auth())
          .status,
      200);
  auto doc = get(path, c.officer.auth()).json();
  std::string approved_on;
  for (const auto& f : doc.at("facts").as_array())
    if (f.at("fact") == "vneid_approved_on") approved_on = f.at("value").as_string();
  EXPECT_EQ(approved_on.size(), 10u);  // yyyy-mm-dd, today in Vietnam
  EXPECT_EQ(
      post_json(path + "/facts", R"({"fact":"vneid_state","value":"flying"})", c.officer.auth())
          .status,
      400);
}
