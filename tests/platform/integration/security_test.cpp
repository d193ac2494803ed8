// The findings of the black-box probe (issue 7), each as the request that showed it and the
// class of requests around it. Every test here failed before its fix.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>

#include "accounts_helpers.h"
#include "db/connection.h"
#include "test_images.h"
#include "xml_check.h"

using namespace cds::test;
namespace json = boost::json;

namespace {

const char* kBoundary = "cdsSecurityBoundary7";

std::string multipart_type() { return std::string("multipart/form-data; boundary=") + kBoundary; }

// The report form's fields with these photos.
std::string report_form(const std::string& csrf, const std::string& description,
                        const std::vector<Part>& photos = {}) {
  std::vector<Part> parts = {{"_csrf", "", "", csrf},
                             {"category", "", "", "roads"},
                             {"description", "", "", description},
                             {"unit_code", "", "", "04252"}};
  parts.insert(parts.end(), photos.begin(), photos.end());
  return multipart_body(kBoundary, parts);
}

// The CSRF token and cookie a browser would have after opening the report form.
struct FormToken {
  std::string token, cookie;
};
FormToken form_token(const User& u) {
  auto form = get("/phan-anh/moi?category=roads", u.auth());
  std::string cookie = cookie_from(form, "csrf");
  return {cookie.substr(5), cookie};
}

int64_t reports_in_ward() {
  return get("/api/v1/reports?unit=04252").json().at("total").as_int64();
}

std::string error_code(const HttpResult& r) {
  auto doc = r.json();
  if (!doc.is_object() || !doc.as_object().contains("error")) return "";
  return std::string(doc.at("error").at("code").as_string());
}

}  // namespace

// Finding 1 and 2: an upload is judged on its headers. A stranger's body is never read (the
// client waiting for 100 Continue is answered 401 at once), a cross-site one is refused the
// same way, a signed-in one with a very thin PNG is refused by the dimension rule, and the
// multipart error path says its own code.
TEST(UploadAdmission, StrangersAreRefusedBeforeTheBodyIsRead) {
  User u = sign_up("Người Gửi Ảnh", "04252", "10.7.0.1");
  std::string tall = flat_png(1, 1'000'000);
  int64_t before = reports_in_ward();

  Connection anonymous(server().port());
  anonymous.send("POST /phan-anh/moi HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " +
                 multipart_type() + "\r\nContent-Length: 5000000\r\nExpect: 100-continue\r\n\r\n");
  auto refused = anonymous.read_response();
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(error_code(refused), "sign_in_required");

  // Without Expect the answer still comes before the body: here the body is never sent.
  Connection no_expect(server().port());
  no_expect.send("POST /phan-anh/moi HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " +
                 multipart_type() + "\r\nContent-Length: 5000000\r\n\r\n");
  EXPECT_EQ(no_expect.read_response().status, 401);

  // The probe's request: anonymous, a 2 KB PNG of 1 × 1,000,000 pixels.
  auto whole = request("POST", "/phan-anh/moi",
                       report_form("x", "Ảnh rất dài", {{"photos", "a.png", "image/png", tall}}),
                       {{"Content-Type", multipart_type()}});
  EXPECT_EQ(whole.status, 401);

  // Signed in but sent from another site, with no token in the URL: refused before the body.
  FormToken t = form_token(u);
  Connection cross_site(server().port());
  cross_site.send("POST /phan-anh/moi HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + u.cookie + "; " +
                  t.cookie + "\r\nSec-Fetch-Site: cross-site\r\nContent-Type: " + multipart_type() +
                  "\r\nContent-Length: 5000000\r\nExpect: 100-continue\r\n\r\n");
  auto forged = cross_site.read_response();
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(error_code(forged), "csrf");

  // Signed in, from our own page: admitted, and the photo refused by its dimensions.
  auto thin = request("POST", "/phan-anh/moi?_csrf=" + t.token,
                      report_form(t.token, "Ảnh rất dài", {{"photos", "a.png", "image/png", tall}}),
                      {{"Cookie", u.cookie + "; " + t.cookie},
                       {"Content-Type", multipart_type()},
                       {"Accept", "application/json"}});
  EXPECT_EQ(thin.status, 413) << thin.body.substr(0, 300);
  // The form comes back with the reason, and what was typed.
  EXPECT_NE(thin.body.find("kích thước quá lớn"), std::string::npos);
  EXPECT_NE(thin.body.find("Ảnh rất dài"), std::string::npos);
  EXPECT_EQ(reports_in_ward(), before);

  // The use-after-free: a part header of 12 KB. The code comes back whole and as UTF-8.
  std::string long_header = "--" + std::string(kBoundary) +
                            "\r\nContent-Disposition: form-data; name=\"x\"; filename=\"" +
                            std::string(12 * 1024, 'a') + "\"\r\n\r\nv\r\n--" + kBoundary +
                            "--\r\n";
  auto bad_part = request("POST", "/phan-anh/moi?_csrf=" + t.token, long_header,
                          {{"Cookie", u.cookie + "; " + t.cookie},
                           {"Content-Type", multipart_type()},
                           {"Accept", "application/json"}});
  EXPECT_EQ(bad_part.status, 400);
  EXPECT_EQ(error_code(bad_part), "part_header_too_large");
}

// Each account (and address) has an upload budget: thirty in ten minutes, then 429 with
// Retry-After, before any body is read.
TEST(UploadAdmission, EachAccountHasAnUploadBudget) {
  User u = sign_up("Người Gửi Nhiều", "04252", "10.7.0.2");
  FormToken t = form_token(u);
  Headers h = {{"Cookie", u.cookie + "; " + t.cookie},
               {"Content-Type", multipart_type()},
               {"Accept", "application/json"},
               {"X-Forwarded-For", "10.7.0.2"}};
  int accepted = 0, throttled = 0;
  std::string retry_after;
  for (int i = 0; i < 32; ++i) {
    // An empty description: refused by the form's own rule once admitted.
    auto r = request("POST", "/phan-anh/moi?_csrf=" + t.token, report_form(t.token, " "), h);
    if (r.status == 429) {
      ++throttled;
      retry_after = r.header("retry-after");
      EXPECT_EQ(error_code(r), "too_many_uploads");
    } else {
      ++accepted;
    }
  }
  EXPECT_EQ(accepted, 30);
  EXPECT_EQ(throttled, 2);
  EXPECT_FALSE(retry_after.empty());
}

// Finding 3: control characters and text-direction overrides are refused at every entry
// point, so that the Open311 XML stays readable; and the XML writer never emits one even when
// it is already in the database.
TEST(TextInput, ControlCharactersNeverReachTheXml) {
  User u = sign_up("Người Gõ Ký Tự Lạ", "04252", "10.7.0.3");
  std::string key = create_api_key("control characters", "open311");
  int64_t before = reports_in_ward();
  // JSON API (escaped in JSON, still refused once decoded), keys included.
  for (std::string bad :
       {"\\u0000", "\\u0001", "\\u0007", "\\u001b", "\\u202e", "\\u2066", "\\ufffe", "\\u0085"}) {
    auto r = post_json(
        "/api/v1/reports",
        R"({"category":"roads","description":"Ổ gà )" + bad + R"( trước chợ","unit_code":"04252"})",
        u.auth());
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(error_code(r), "invalid_characters") << bad;
  }
  auto in_attribute = post_json(
      "/api/v1/reports",
      R"({"category":"roads","description":"Ổ gà","unit_code":"04252","attributes":{"x\u0001":"1"}})",
      u.auth());
  EXPECT_EQ(error_code(in_attribute), "invalid_characters");
  // The HTML form (multipart).
  FormToken t = form_token(u);
  auto form = request("POST", "/phan-anh/moi?_csrf=" + t.token,
                      report_form(t.token, std::string("Ổ gà \x07\x1b[31m đỏ")),
                      {{"Cookie", u.cookie + "; " + t.cookie},
                       {"Content-Type", multipart_type()},
                       {"Accept", "application/json"}});
  EXPECT_EQ(form.status, 400);
  EXPECT_EQ(error_code(form), "invalid_characters");
  // A url-encoded form.
  auto encoded = request("POST", "/dang-nhap", "phone=0912345678%01&password=x&_csrf=" + t.token,
                         {{"Cookie", t.cookie},
                          {"Content-Type", "application/x-www-form-urlencoded"},
                          {"Accept", "application/json"}});
  EXPECT_EQ(encoded.status, 400);
  // Open311 POST.
  for (std::string bad : {"%00", "%01", "%1B", "%E2%80%AE", "%C2%85"}) {
    auto r = request(
        "POST", "/open311/v2/requests.json",
        "api_key=" + key + "&service_code=roads&address_id=04252&description=O+ga+" + bad + "+x",
        {{"Content-Type", "application/x-www-form-urlencoded"}});
    EXPECT_EQ(r.status, 400) << bad << " " << r.body;
  }
  EXPECT_EQ(reports_in_ward(), before);
  // Tab and line breaks are ordinary text.
  auto multiline = post_json(
      "/api/v1/reports",
      R"({"category":"roads","description":"Dòng một\r\nDòng hai\tcột","unit_code":"04252"})",
      u.auth());
  EXPECT_EQ(multiline.status, 201) << multiline.body;

  // Second line of defence: a row that already holds control characters (written before this
  // rule, or by hand) is written into XML without them.
  std::string id(multiline.json().at("id").as_string());
  auto db = cds::db::Database::open(database_url(), 1);
  db->write([&](cds::db::Connection& c) {
    c.query("UPDATE reports SET description = $2 WHERE public_id = $1",
            {id, std::string("cũ\x01\x07\x1b") + "\xEF\xBF\xBE" + " còn đây"});
  });
  for (std::string path : {std::string("/open311/v2/requests.xml?service_code=roads"),
                           "/open311/v2/requests/" + id + ".xml"}) {
    auto xml = get(path);
    ASSERT_EQ(xml.status, 200) << path;
    std::string why;
    EXPECT_TRUE(well_formed_xml(xml.body, why)) << path << ": " << why;
    EXPECT_EQ(xml.body.find('\x01'), std::string::npos);
  }
  auto one = get("/open311/v2/requests/" + id + ".xml").body;
  EXPECT_NE(one.find("cũ\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD còn đây"),
            std::string::npos)
      << one.substr(0, 600);
}

// Finding 4: a change made with a session cookie must come from our own pages (Sec-Fetch-Site,
// or Origin for browsers without it) or carry the token, whatever its body; a machine client's
// API key needs neither. One route of each class.
TEST(Csrf, CookieChangesNeedSameOriginOrTheToken) {
  User admin = sign_up("Quản Trị CSRF", "04252", "10.7.0.4");
  give_role(admin, "province_admin", "15");
  User citizen = sign_up("Công Dân CSRF", "04252", "10.7.0.5");
  auto filed = post_json("/api/v1/reports",
                         R"({"category":"roads","description":"Ổ gà CSRF","unit_code":"04252"})",
                         citizen.auth());
  ASSERT_EQ(filed.status, 201);
  std::string report(filed.json().at("id").as_string());
  auto key = post_json("/api/v1/admin/api-keys", R"({"name":"csrf target"})", admin.auth());
  ASSERT_EQ(key.status, 201) << key.body;
  std::string key_id = std::to_string(key.json().at("id").as_int64());

  std::string origin = "http://127.0.0.1";  // the harness sends Host: 127.0.0.1
  struct Attempt {
    std::string name;
    Headers extra;
  };
  const std::vector<Attempt> forged = {
      {"evil origin", {{"Origin", "https://evil.example"}}},
      {"sibling site", {{"Sec-Fetch-Site", "same-site"}, {"Origin", "https://x.laocai.gov.vn"}}},
      {"cross-site fetch", {{"Sec-Fetch-Site", "cross-site"}}},
      {"no origin at all", {}},
      {"null origin", {{"Origin", "null"}}},
      {"wrong token", {{"X-CSRF-Token", "abc.def"}}},
  };
  struct Route {
    const User& who;
    std::string path;
  };
  const std::vector<Route> routes = {
      {citizen, "/api/v1/reports/" + report + "/support"},
      {citizen, "/api/v1/reports/" + report + "/follow"},
      {citizen, "/api/v1/me/delete"},
      {citizen, "/api/v1/auth/logout"},
      {admin, "/api/v1/admin/api-keys/" + key_id + "/revoke"},
      {admin, "/api/v1/admin/deletion-requests/999999/execute"},
      {citizen, "/dang-xuat"},
  };
  for (const auto& route : routes)
    for (const auto& attempt : forged) {
      Headers h = {{"Cookie", route.who.cookie}, {"Content-Type", "text/plain"}};
      h.insert(h.end(), attempt.extra.begin(), attempt.extra.end());
      auto r = request("POST", route.path, "", h);
      EXPECT_EQ(r.status, 403) << route.path << " with " << attempt.name << ": " << r.body;
      EXPECT_EQ(error_code(r), "csrf") << route.path << " with " << attempt.name;
    }
  // Nothing happened: still signed in, the key still works, no deletion asked for.
  EXPECT_EQ(get("/api/v1/me", citizen.auth()).status, 200);
  auto keys = get("/api/v1/admin/api-keys", admin.auth()).json().at("api_keys").as_array();
  for (const auto& k : keys) {
    if (std::to_string(k.at("id").as_int64()) == key_id) {
      EXPECT_TRUE(k.at("revoked_at").is_null());
    }
  }

  // The same requests pass with a same-origin Origin (no Sec-Fetch-Site) or with the token.
  auto same_origin = request(
      "POST", "/api/v1/reports/" + report + "/follow", "{}",
      {{"Cookie", citizen.cookie}, {"Origin", origin}, {"Content-Type", "application/json"}});
  EXPECT_EQ(same_origin.status, 200) << same_origin.body;
  auto login =
      post_json("/api/v1/auth/login", R"({"phone":")" + citizen.phone + R"(","password":"x"})",
                {{"X-Forwarded-For", "10.7.0.6"}});
  EXPECT_EQ(login.status, 401);  // (sign_up's password is the helper's; a token comes below)
  auto form = get("/dang-nhap");
  std::string csrf_cookie = cookie_from(form, "csrf");
  auto with_token = request("POST", "/api/v1/reports/" + report + "/support", "{}",
                            {{"Cookie", citizen.cookie + "; " + csrf_cookie},
                             {"X-CSRF-Token", csrf_cookie.substr(5)},
                             {"Content-Type", "application/json"}});
  EXPECT_EQ(with_token.status, 200) << with_token.body;
  // An API key alone (no cookie) is not a browser's credential: no origin needed.
  std::string machine = create_api_key("csrf exempt", "open311");
  auto by_key = request(
      "POST", "/open311/v2/requests.json",
      "api_key=" + machine + "&service_code=roads&address_id=04252&description=x",
      {{"Content-Type", "application/x-www-form-urlencoded"}, {"Origin", "https://evil.example"}});
  EXPECT_EQ(by_key.status, 201) << by_key.body;
}

// Non-browser clients that sign in through the API get the token with the session.
TEST(Csrf, ApiSignInHandsOutTheToken) {
  User u = sign_up("Ứng Dụng Di Động", "04252", "10.7.0.7");
  auto reset = post_json("/api/v1/auth/reset", R"({"phone":")" + u.phone + R"("})",
                         {{"X-Forwarded-For", "10.7.0.7"}});
  ASSERT_EQ(reset.status, 202);
  auto signed_in = post_json("/api/v1/auth/reset/verify",
                             R"({"phone":")" + u.phone + R"(","code":")" + latest_code(u.phone) +
                                 R"(","password":"mật khẩu mới rất dài"})",
                             {{"X-Forwarded-For", "10.7.0.7"}});
  ASSERT_EQ(signed_in.status, 200) << signed_in.body;
  std::string token(signed_in.json().at("csrf_token").as_string());
  std::string sid = cookie_from(signed_in, "sid"), csrf = cookie_from(signed_in, "csrf");
  ASSERT_FALSE(sid.empty());
  ASSERT_EQ(csrf, "csrf=" + token);
  auto change = request("POST", "/api/v1/me", R"({"ethnic_group":"Tày"})",
                        {{"Cookie", sid + "; " + csrf},
                         {"X-CSRF-Token", token},
                         {"Content-Type", "application/json"}});
  EXPECT_EQ(change.status, 200) << change.body;
  auto without = request("POST", "/api/v1/me", R"({"ethnic_group":"Dao"})",
                         {{"Cookie", sid + "; " + csrf}, {"Content-Type", "application/json"}});
  EXPECT_EQ(without.status, 403);
}

// Finding 7, the small ones.
TEST(InputRules, NumbersAreWholeAndInRange) {
  User u = sign_up("Người Đánh Giá", "04252", "10.7.0.8");
  auto filed = post_json(
      "/api/v1/reports",
      R"({"category":"roads","description":"Đèn đường hỏng","unit_code":"04252"})", u.auth());
  ASSERT_EQ(filed.status, 201);
  std::string id(filed.json().at("id").as_string());
  auto huge = post_json("/api/v1/reports/" + id + "/rating", R"({"stars":4294967297})", u.auth());
  EXPECT_EQ(huge.status, 400);  // was read as 1 after truncation
  std::string key = create_api_key("numbers", "open311");
  for (std::string lat : {"22.5abc", "22.5.1", "nan", "1e400", ""}) {
    auto r = request("POST", "/open311/v2/requests.json",
                     "api_key=" + key +
                         "&service_code=roads&address_id=04252&description=x&long=104.9&lat=" + lat,
                     {{"Content-Type", "application/x-www-form-urlencoded"}});
    EXPECT_EQ(r.status, 400) << lat << " " << r.body;
  }
  FormToken t = form_token(u);
  auto form = request("POST", "/phan-anh/moi?_csrf=" + t.token,
                      multipart_body(kBoundary, {{"_csrf", "", "", t.token},
                                                 {"category", "", "", "roads"},
                                                 {"description", "", "", "Có chỗ"},
                                                 {"unit_code", "", "", "04252"},
                                                 {"lat", "", "", "21.7abc"},
                                                 {"lon", "", "", "104.9"}}),
                      {{"Cookie", u.cookie + "; " + t.cookie},
                       {"Content-Type", multipart_type()},
                       {"Accept", "application/json"}});
  // The form comes back with the reason, and what was typed.
  EXPECT_EQ(form.status, 400);
  EXPECT_NE(form.body.find("Vị trí phải nằm trong lãnh thổ Việt Nam"), std::string::npos)
      << form.body.substr(0, 300);
  EXPECT_NE(form.body.find("Có chỗ"), std::string::npos);
  EXPECT_EQ(get("/api/v1/reports/nearby?lat=21.7x&lon=104.9").status, 400);
}

TEST(InputRules, ContentTypesMatchExactlyAndWithoutCase) {
  User u = sign_up("Người Gửi JSON", "04252", "10.7.0.9");
  Headers h = u.auth();
  h.emplace_back("Content-Type", "Application/JSON; charset=UTF-8");
  EXPECT_EQ(request("POST", "/api/v1/me", R"({"ethnic_group":"Kinh"})", h).status, 200);
  Headers x = u.auth();
  x.emplace_back("Content-Type", "application/jsonx");
  EXPECT_EQ(request("POST", "/api/v1/me", R"({"ethnic_group":"Kinh"})", x).status, 415);
}

TEST(InputRules, SearchTreatsWildcardsAsText) {
  User u = sign_up("Người Tìm Kiếm", "04543", "10.7.0.10");
  auto filed = post_json(
      "/api/v1/reports",
      R"({"category":"roads","description":"Giảm 50% biển_báo","unit_code":"04543"})", u.auth());
  ASSERT_EQ(filed.status, 201);
  auto plain =
      post_json("/api/v1/reports",
                R"({"category":"roads","description":"Đường trơn","unit_code":"04543"})", u.auth());
  ASSERT_EQ(plain.status, 201);
  auto total = [](const std::string& q) {
    return get("/api/v1/reports?unit=04543&q=" + q).json().at("total").as_int64();
  };
  int64_t all = total("");
  ASSERT_GE(all, 2);
  EXPECT_EQ(total("%25"), 1);  // "%" only matches the report that has one
  EXPECT_EQ(total("_"), 1);
  EXPECT_EQ(total("50%25+b"), 1);
  EXPECT_EQ(total("m_5"), 0);  // "_" is not "any character" ("giam 50")
  EXPECT_EQ(total("%5C"), 0);  // a backslash is text too
  EXPECT_EQ(get("/phan-anh?unit=04543&q=%25").status, 200);
}

TEST(PersonalData, OfficersResponsesAndExportsAreNeverCached) {
  User officer = sign_up("Cán Bộ Không Lưu", "04252", "10.7.0.11");
  give_role(officer, "officer", "04252");
  User person = sign_up("Người Được Xem", "04252", "10.7.0.12");
  for (std::string path :
       {"/api/v1/people/" + std::to_string(person.id), std::string("/api/v1/officer/inbox.csv"),
        std::string("/api/v1/officer/inbox"), std::string("/api/v1/me")}) {
    auto r = get(path, officer.auth());
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_NE(r.header("cache-control").find("no-store"), std::string::npos) << path;
  }
  // Public reads stay cacheable by default (no private header forced on them).
  EXPECT_EQ(get("/api/v1/units/2025/15").header("cache-control").find("no-store"),
            std::string::npos);
}

TEST(Roles, AProvinceAdministratorStaysInTheProvince) {
  User admin = sign_up("Quản Trị Lào Cai", "04252", "10.7.0.13");
  give_role(admin, "province_admin", "15");
  User grantee = sign_up("Cán Bộ Được Giao", "04252", "10.7.0.14");
  // A commune of another province (Hà Nội, code 01).
  auto hanoi = get("/api/v1/units?parent=01").json();
  std::string elsewhere(hanoi.at("units").as_array().at(0).at("code").as_string());
  auto outside = post_json(
      "/api/v1/admin/roles",
      R"({"phone":")" + grantee.phone + R"(","role":"officer","unit_code":")" + elsewhere + R"("})",
      admin.auth());
  EXPECT_EQ(outside.status, 403) << outside.body;
  auto agency = post_json("/api/v1/admin/agencies",
                          R"({"name":"Cơ quan ở nơi khác","unit_code":")" + elsewhere + R"("})",
                          admin.auth());
  EXPECT_EQ(agency.status, 403) << agency.body;
  auto inside = post_json(
      "/api/v1/admin/roles",
      R"({"phone":")" + grantee.phone + R"(","role":"officer","unit_code":"04252"})", admin.auth());
  EXPECT_EQ(inside.status, 200) << inside.body;
}

TEST(ApiKeys, ScopesAreKnownAndTheDefaultIsOpen311) {
  User admin = sign_up("Quản Trị Khoá", "04252", "10.7.0.15");
  give_role(admin, "province_admin", "15");
  auto unknown =
      post_json("/api/v1/admin/api-keys", R"({"name":"x","scopes":"open311 root"})", admin.auth());
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(error_code(unknown), "bad_scope");
  std::string out;
  EXPECT_NE(run_binary({"apikey", "create", "--name", "bad", "--scopes", "everything", "--db",
                        database_url()},
                       out),
            0);
  EXPECT_NE(out.find("everything"), std::string::npos) << out;
  // Without --scopes: the documented default, open311, which files a report.
  ASSERT_EQ(
      run_binary({"apikey", "create", "--name", "default scopes", "--db", database_url()}, out), 0)
      << out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  std::string key = out.substr(out.rfind('\n') + 1);
  auto filed = request("POST", "/open311/v2/requests.json",
                       "api_key=" + key + "&service_code=roads&address_id=04252&description=x",
                       {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(filed.status, 201) << filed.body;
  bool listed = false;
  auto keys = get("/api/v1/admin/api-keys", admin.auth()).json();
  for (const auto& k : keys.at("api_keys").as_array())
    if (k.at("name") == "default scopes") listed = k.at("scopes") == "open311";
  EXPECT_TRUE(listed);
}

TEST(PersonalData, TheExportHoldsMyReportsFollowsAndRatings) {
  User me = sign_up("Người Xuất Dữ Liệu", "04252", "10.7.0.16");
  User other = sign_up("Người Khác Báo", "04252", "10.7.0.17");
  auto mine = post_json(
      "/api/v1/reports",
      R"({"category":"roads","description":"Của tôi: cống tắc","unit_code":"04252"})", me.auth());
  auto theirs = post_json(
      "/api/v1/reports",
      R"({"category":"roads","description":"Của người khác","unit_code":"04252"})", other.auth());
  ASSERT_EQ(mine.status, 201);
  ASSERT_EQ(theirs.status, 201);
  std::string my_id(mine.json().at("id").as_string()), their_id(theirs.json().at("id").as_string());
  ASSERT_EQ(post_json("/api/v1/reports/" + their_id + "/follow", "{}", me.auth()).status, 200);
  ASSERT_EQ(post_json("/api/v1/reports/" + their_id + "/support", "{}", me.auth()).status, 200);
  auto exported = get("/api/v1/me/export", me.auth());
  ASSERT_EQ(exported.status, 200);
  auto section = exported.json().at("field_reports");
  auto reports = section.at("reports").as_array();
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].at("id"), json::value(my_id));
  EXPECT_EQ(reports[0].at("description"), "Của tôi: cống tắc");
  EXPECT_EQ(section.at("follows").as_array().size(), 2u);  // one's own report is followed too
  EXPECT_EQ(section.at("me_too").as_array().at(0), json::value(their_id));
  EXPECT_TRUE(section.at("ratings").as_array().empty());
  EXPECT_EQ(exported.body.find("Của người khác"), std::string::npos);

  // The same as a page, in words: sections and fields named, codes by their names, nobody
  // else's data; only for its owner.
  auto page = get("/tai-khoan/du-lieu", me.auth());
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.header("cache-control").find("no-store"), std::string::npos);
  for (const char* words :
       {"Toàn bộ dữ liệu của tôi", "Người Xuất Dữ Liệu", "Phản ánh bạn đã gửi", "Của tôi: cống tắc",
        "Người dân", "Phường Yên Bái", "Đang dùng", "Đường sá và giao thông", "PA-",
        "Ai đã xem hoặc thay đổi dữ liệu của bạn", "Quản lý tài khoản"})
    EXPECT_NE(page.body.find(words), std::string::npos) << words << "\n" << page.body;
  for (const char* code : {"account.data.", "audit.action.", ">citizen<", ">active<", ">04252<",
                           ">roads<", "Của người khác"})
    EXPECT_EQ(page.body.find(code), std::string::npos) << code;
  EXPECT_EQ(get("/tai-khoan/du-lieu").status, 303);
  auto account = get("/tai-khoan", me.auth());
  EXPECT_NE(account.body.find("href=\"/tai-khoan/du-lieu\""), std::string::npos);
  EXPECT_EQ(account.body.find("(JSON)"), std::string::npos);
}

// A refusal to someone identified is theirs as much as an answer: no shared cache keeps it.
TEST(Security, RefusalsToIdentifiedRequestsArePrivate) {
  User citizen = sign_up("Dân Bị Từ Chối", "02683", "10.19.0.1");
  for (const std::string target : {"/can-bo/canh-bao", "/api/v1/admin/roles", "/quan-tri/nhat-ky",
                                   "/api/v1/alerts/999999999"}) {
    auto r = get(target, citizen.auth());
    EXPECT_TRUE(r.status == 403 || r.status == 404) << target << " " << r.status;
    EXPECT_EQ(r.header("cache-control"), "private, no-store") << target;
  }
  auto bad_key = get("/api/v1/me", {{"Authorization", "Bearer nope"}});
  EXPECT_EQ(bad_key.status, 401);
  EXPECT_EQ(bad_key.header("cache-control"), "private, no-store");
}
