// Sign-up, sign-in and the protections around them, over HTTP on this run's database.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>

#include "accounts_helpers.h"

using namespace cds::test;

TEST(SignUp, RegisterCodeVerifyLoginAndMe) {
  std::string phone = fresh_phone();
  Headers from{{"X-Forwarded-For", "10.1.0.1"}};
  auto reg = post_json("/api/v1/auth/register",
                       R"({"phone":")" + phone +
                           R"(","password":"Ngô lúa nương 2026","full_name":"Hoàng Văn Páo",)"
                           R"("unit_code":"04252","accept_terms":true})",
                       from);
  ASSERT_EQ(reg.status, 202) << reg.body;
  std::string code = latest_code(phone);
  EXPECT_EQ(code.size(), 6u);
  auto verify = post_json("/api/v1/auth/verify",
                          R"({"phone":")" + phone + R"(","code":")" + code + R"("})", from);
  ASSERT_EQ(verify.status, 200) << verify.body;
  std::string set_cookie = verify.header("set-cookie");
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("SameSite=Lax"), std::string::npos);
  auto login = post_json("/api/v1/auth/login",
                         R"({"phone":")" + phone + R"(","password":"Ngô lúa nương 2026"})", from);
  ASSERT_EQ(login.status, 200);
  auto me = get("/api/v1/me", {{"Cookie", cookie_from(login, "sid")}});
  ASSERT_EQ(me.status, 200);
  auto doc = me.json();
  EXPECT_EQ(doc.at("full_name").as_string(), "Hoàng Văn Páo");
  EXPECT_EQ(doc.at("phone").as_string(), "+84" + phone.substr(1));
  EXPECT_EQ(doc.at("home_unit").at("code").as_string(), "04252");
  EXPECT_EQ(doc.at("roles").as_array().at(0).as_string(), "citizen");
  EXPECT_EQ(doc.at("consents").as_array().at(0).at("purpose").as_string(), "account");
  // The code is single-use.
  EXPECT_EQ(post_json("/api/v1/auth/verify",
                      R"({"phone":")" + phone + R"(","code":")" + code + R"("})", from)
                .status,
            400);
}

TEST(SignUp, RefusesBadInputWithClearCodes) {
  Headers from{{"X-Forwarded-For", "10.1.0.2"}};
  auto attempt = [&](const std::string& phone, const std::string& password, const std::string& unit,
                     bool consent) {
    return post_json("/api/v1/auth/register",
                     R"({"phone":")" + phone + R"(","password":")" + password +
                         R"(","full_name":"A B","unit_code":")" + unit + R"(","accept_terms":)" +
                         (consent ? "true" : "false") + "}",
                     from);
  };
  auto code_of = [](const HttpResult& r) {
    return std::string(r.json().at("error").at("code").as_string());
  };
  EXPECT_EQ(code_of(attempt("12345", "good password here", "04252", true)), "bad_phone");
  EXPECT_EQ(code_of(attempt(fresh_phone(), "short", "04252", true)), "password_too_short");
  EXPECT_EQ(code_of(attempt(fresh_phone(), "MatKhau123", "04252", true)), "password_common");
  EXPECT_EQ(code_of(attempt(fresh_phone(), "good password here", "99999", true)), "bad_unit");
  EXPECT_EQ(code_of(attempt(fresh_phone(), "good password here", "15", true)),
            "bad_unit");  // a province
  EXPECT_EQ(code_of(attempt(fresh_phone(), "good password here", "04252", false)),
            "consent_required");
  EXPECT_EQ(
      request("POST", "/api/v1/auth/register", "phone=1", {{"Content-Type", "text/plain"}}).status,
      415);
  EXPECT_EQ(post_json("/api/v1/auth/register", "{not json", from).status, 400);
}

// Sign-up must not tell whether a number has an account: the answer for a taken number is the
// one for a new number, the owner is texted instead of a code, and the attempts are throttled
// per address like sign-in.
TEST(SignUp, DoesNotTellWhetherANumberIsRegistered) {
  User u = sign_up("Đã Có", "04252", "10.1.0.3");
  auto attempt = [](const std::string& phone, const std::string& ip) {
    return post_json("/api/v1/auth/register",
                     R"({"phone":")" + phone +
                         R"(","password":"another good password","full_name":"A B",)"
                         R"("unit_code":"04252","accept_terms":true})",
                     {{"X-Forwarded-For", ip}});
  };
  auto taken = attempt(u.phone, "10.1.0.31");
  auto fresh = attempt(fresh_phone(), "10.1.0.31");
  EXPECT_EQ(taken.status, 202);
  EXPECT_EQ(fresh.status, 202);
  EXPECT_EQ(taken.body, fresh.body);
  auto outbox = get("/api/v1/dev/outbox?phone=" + u.phone).json().at("messages").as_array();
  ASSERT_FALSE(outbox.empty());
  std::string warning(outbox[0].at("text").as_string());
  EXPECT_NE(warning.find("đã có tài khoản"), std::string::npos) << warning;
  EXPECT_FALSE(std::regex_search(warning, std::regex("\\b\\d{6}\\b"))) << warning;
  // The account is untouched: the password sent with the attempt does not sign in.
  auto login = post_json("/api/v1/auth/login",
                         R"({"phone":")" + u.phone + R"(","password":"another good password"})",
                         {{"X-Forwarded-For", "10.1.0.32"}});
  EXPECT_EQ(login.status, 401);
  // Throttled per address: ten sign-ups an hour from one address, taken numbers or not.
  int refused = 0;
  for (int i = 0; i < 12; ++i)
    if (attempt(i == 0 ? u.phone : fresh_phone(), "10.1.0.33").status == 429) ++refused;
  EXPECT_EQ(refused, 2);
}

TEST(SignUp, AWrongCodeFiveTimesNeedsANewCode) {
  std::string phone = fresh_phone();
  Headers from{{"X-Forwarded-For", "10.1.0.4"}};
  ASSERT_EQ(
      post_json(
          "/api/v1/auth/register",
          R"({"phone":")" + phone +
              R"(","password":"good password here","full_name":"A B","unit_code":"04252","accept_terms":true})",
          from)
          .status,
      202);
  std::string right = latest_code(phone);
  std::string wrong = right == "000000" ? "111111" : "000000";
  for (int i = 0; i < 5; ++i) {
    auto r = post_json("/api/v1/auth/verify",
                       R"({"phone":")" + phone + R"(","code":")" + wrong + R"("})", from);
    EXPECT_EQ(r.json().at("error").at("code").as_string(), "code_invalid");
  }
  auto r = post_json("/api/v1/auth/verify",
                     R"({"phone":")" + phone + R"(","code":")" + right + R"("})", from);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json().at("error").at("code").as_string(), "code_attempts_exceeded");
}

TEST(SignIn, ElevenWrongPasswordsInARowAreThrottled) {
  User u = sign_up("Sai Mật Khẩu", "04252", "10.1.0.5");
  Headers from{{"X-Forwarded-For", "10.1.0.6"}};
  for (int i = 0; i < 10; ++i) {
    auto r = post_json("/api/v1/auth/login",
                       R"({"phone":")" + u.phone + R"(","password":"not the password"})", from);
    EXPECT_EQ(r.status, 401) << "attempt " << i + 1;
  }
  auto eleventh =
      post_json("/api/v1/auth/login",
                R"({"phone":")" + u.phone + R"(","password":"not the password"})", from);
  EXPECT_EQ(eleventh.status, 429);
  EXPECT_FALSE(eleventh.header("retry-after").empty());
  // Even the right password waits now: the throttle is on the account's number.
  auto right =
      post_json("/api/v1/auth/login",
                R"({"phone":")" + u.phone + R"(","password":"ruộng bậc thang 2026"})", from);
  EXPECT_EQ(right.status, 429);
}

TEST(SignUp, CodesAreRateLimitedPerPhone) {
  std::string phone = fresh_phone();
  Headers from{{"X-Forwarded-For", "10.1.0.7"}};
  std::string body =
      R"({"phone":")" + phone +
      R"(","password":"good password here","full_name":"A B","unit_code":"04252","accept_terms":true})";
  for (int i = 0; i < 3; ++i) EXPECT_EQ(post_json("/api/v1/auth/register", body, from).status, 202);
  auto fourth = post_json("/api/v1/auth/register", body, from);
  EXPECT_EQ(fourth.status, 429);
  EXPECT_EQ(fourth.json().at("error").at("code").as_string(), "too_many_codes");
  EXPECT_GT(std::stoi(fourth.header("retry-after")), 0);
}

TEST(Sessions, LogoutEndsTheSession) {
  User u = sign_up("Đăng Xuất", "04252", "10.1.0.8");
  EXPECT_EQ(get("/api/v1/me", u.auth()).status, 200);
  auto out = request("POST", "/api/v1/auth/logout", "", u.auth());
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.header("set-cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(get("/api/v1/me", u.auth()).status, 401);
}

TEST(PasswordReset, CodeThenNewPasswordSignsOutOtherSessions) {
  User u = sign_up("Quên Mật Khẩu", "04252", "10.1.0.9");
  Headers from{{"X-Forwarded-For", "10.1.0.9"}};
  EXPECT_EQ(post_json("/api/v1/auth/reset", R"({"phone":")" + u.phone + R"("})", from).status, 202);
  // An unknown number gets the same answer and no message.
  std::string stranger = fresh_phone();
  EXPECT_EQ(post_json("/api/v1/auth/reset", R"({"phone":")" + stranger + R"("})", from).status,
            202);
  EXPECT_TRUE(get("/api/v1/dev/outbox?phone=" + stranger).json().at("messages").as_array().empty());
  auto done = post_json("/api/v1/auth/reset/verify",
                        R"({"phone":")" + u.phone + R"(","code":")" + latest_code(u.phone) +
                            R"(","password":"a brand new passphrase"})",
                        from);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(get("/api/v1/me", u.auth()).status, 401);  // the old session is gone
  EXPECT_EQ(post_json("/api/v1/auth/login",
                      R"({"phone":")" + u.phone + R"(","password":"a brand new passphrase"})", from)
                .status,
            200);
}

TEST(Profile, OwnerSetsDetailsFactsAndConsent) {
  User u = sign_up("Sùng A Lử", "04252", "10.1.0.10");
  auto r = post_json(
      "/api/v1/me",
      R"({"cccd":"015187001234","ethnic_group":"Mông","smartphone_own_sim":"yes","payment_account":"no"})",
      u.auth());
  ASSERT_EQ(r.status, 200) << r.body;
  auto doc = r.json();
  EXPECT_EQ(doc.at("cccd").as_string(), "015187001234");  // the owner sees it in full
  EXPECT_EQ(doc.at("ethnic_group").as_string(), "Mông");
  bool has_fact = false;
  for (const auto& f : doc.at("facts").as_array())
    if (f.at("fact") == "smartphone_own_sim") {
      has_fact = true;
      EXPECT_EQ(f.at("value").as_string(), "yes");
      EXPECT_EQ(f.at("source").as_string(), "self");
    }
  EXPECT_TRUE(has_fact);
  EXPECT_EQ(post_json("/api/v1/me", R"({"cccd":"12345"})", u.auth())
                .json()
                .at("error")
                .at("code")
                .as_string(),
            "bad_cccd");
  // VNeID status is not self-declared: an officer or an import sets it.
  EXPECT_EQ(post_json("/api/v1/me", R"({"vneid_level":"level2"})", u.auth()).status, 200);
  auto after = get("/api/v1/me", u.auth()).json();  // kept alive for the loop
  for (const auto& f : after.at("facts").as_array()) EXPECT_NE(f.at("fact"), "vneid_level");
  auto consent =
      post_json("/api/v1/me/consents", R"({"purpose":"public_name","granted":true})", u.auth());
  ASSERT_EQ(consent.status, 200);
  auto withdrawn =
      post_json("/api/v1/me/consents", R"({"purpose":"public_name","granted":false})", u.auth());
  auto withdrawn_doc = withdrawn.json();
  for (const auto& c : withdrawn_doc.at("consents").as_array())
    if (c.at("purpose") == "public_name") {
      EXPECT_FALSE(c.at("granted").as_bool());
    }
  EXPECT_EQ(
      post_json("/api/v1/me/consents", R"({"purpose":"account","granted":false})", u.auth()).status,
      400);
}

TEST(Forms, PostWithoutAValidCsrfTokenIsRefused) {
  auto page = get("/dang-nhap");
  std::string csrf_cookie = cookie_from(page, "csrf");
  ASSERT_FALSE(csrf_cookie.empty());
  std::string token = csrf_cookie.substr(5);
  Headers form{{"Content-Type", "application/x-www-form-urlencoded"}};
  auto no_token = request("POST", "/dang-nhap", "phone=0912345678&password=x", form);
  EXPECT_EQ(no_token.status, 403);
  Headers with_cookie = form;
  with_cookie.emplace_back("Cookie", csrf_cookie);
  EXPECT_EQ(
      request("POST", "/dang-nhap", "phone=0912345678&password=x&_csrf=forged.token", with_cookie)
          .status,
      403);
  // A token of the right shape but not signed by the server fails too, cookie and field agreeing.
  Headers forged = form;
  forged.emplace_back("Cookie", "csrf=abc.def");
  EXPECT_EQ(
      request("POST", "/dang-nhap", "phone=0912345678&password=x&_csrf=abc.def", forged).status,
      403);
  auto ok = request("POST", "/dang-nhap", "phone=0912345678&password=wrong+password&_csrf=" + token,
                    with_cookie);
  EXPECT_EQ(ok.status, 401);  // past the CSRF check, refused for the password
  EXPECT_NE(ok.body.find("Số điện thoại hoặc mật khẩu chưa đúng"), std::string::npos);
}

TEST(CommandLine, UserAddAndApiKeyCreate) {
  User u = sign_up("Cán Bộ Mới", "04252", "10.1.0.11");
  give_role(u, "officer", "04252");
  auto roles = get("/api/v1/me", u.auth()).json().at("roles").as_array();
  EXPECT_NE(std::find(roles.begin(), roles.end(), boost::json::value("officer")), roles.end());
  std::string key = create_api_key("bench client", "open311");
  EXPECT_TRUE(key.starts_with("cds_")) << key;
  EXPECT_GT(key.size(), 30u);
  std::string out;
  EXPECT_EQ(
      run_binary({"user", "add", "--role", "emperor", "--phone", u.phone, "--db", database_url()},
                 out),
      2);
}

TEST(SignUp, ElevenWrongCodesInARowAreThrottled) {
  std::string phone = fresh_phone();
  Headers from{{"X-Forwarded-For", "10.1.0.12"}};
  std::string body =
      R"({"phone":")" + phone +
      R"(","password":"good password here","full_name":"A B","unit_code":"04252","accept_terms":true})";
  auto wrong_code = [&] {
    std::string right = latest_code(phone);
    std::string wrong = right == "000000" ? "111111" : "000000";
    return post_json("/api/v1/auth/verify",
                     R"({"phone":")" + phone + R"(","code":")" + wrong + R"("})", from);
  };
  ASSERT_EQ(post_json("/api/v1/auth/register", body, from).status, 202);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(wrong_code().status, 400);
  ASSERT_EQ(post_json("/api/v1/auth/register", body, from).status, 202);  // a new code
  for (int i = 0; i < 5; ++i) EXPECT_EQ(wrong_code().status, 400);
  auto eleventh = wrong_code();
  EXPECT_EQ(eleventh.status, 429);
  EXPECT_FALSE(eleventh.header("retry-after").empty());
}

TEST(SignUp, CodesAreRateLimitedPerAddressToo) {
  Headers from{{"X-Forwarded-For", "10.1.0.13"}};
  auto attempt = [&] {
    return post_json(
        "/api/v1/auth/register",
        R"({"phone":")" + fresh_phone() +
            R"(","password":"good password here","full_name":"A B","unit_code":"04252","accept_terms":true})",
        from);
  };
  for (int i = 0; i < 10; ++i) EXPECT_EQ(attempt().status, 202) << i;
  auto eleventh = attempt();
  EXPECT_EQ(eleventh.status, 429);
  EXPECT_FALSE(eleventh.header("retry-after").empty());
}

TEST(DevOutbox, IsNotThereWithoutTheFlag) {
  ServerProcess plain;
  EXPECT_EQ(get("/api/v1/dev/outbox", {}, plain.port()).status, 404);
  EXPECT_EQ(get("/dev/outbox", {}, plain.port()).status, 404);
  EXPECT_EQ(get("/dev/outbox").status, 200);  // the shared test server has it
  // Without a gateway, sign-up says plainly that the code cannot be sent.
  auto r = request(
      "POST", "/api/v1/auth/register",
      R"({"phone":")" + fresh_phone() +
          R"(","password":"good password here","full_name":"A B","unit_code":"04252","accept_terms":true})",
      {{"Content-Type", "application/json"}}, plain.port());
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.json().at("error").at("code").as_string(), "sms_unavailable");
}

namespace {
// Signs in through the page's form, with its CSRF token.
HttpResult sign_in_form(const std::string& fields) {
  auto page = get("/dang-nhap");
  std::string csrf = cookie_from(page, "csrf");
  return request("POST", "/dang-nhap", "_csrf=" + csrf.substr(5) + "&" + fields,
                 {{"Cookie", csrf},
                  {"Sec-Fetch-Site", "same-origin"},
                  {"Content-Type", "application/x-www-form-urlencoded"}});
}
std::string form_value(const std::string& text) {
  std::string out;
  for (unsigned char ch : text) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.') {
      out += static_cast<char>(ch);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", ch);
      out += hex;
    }
  }
  return out;
}
}  // namespace

// A visitor is offered signing in and up; a signed-in person their account instead.
TEST(SignIn, AVisitorIsOfferedSignInAndSignUp) {
  auto home = get("/");
  // In the header, and on the home page as buttons under what an account is for.
  EXPECT_NE(home.body.find("<a href=\"/dang-nhap\">Đăng nhập</a>"), std::string::npos) << home.body;
  EXPECT_NE(home.body.find("<a href=\"/dang-ky\">Đăng ký</a>"), std::string::npos);
  EXPECT_NE(home.body.find("<a class=\"button\" href=\"/dang-nhap\">Đăng nhập</a>"),
            std::string::npos);
  EXPECT_NE(home.body.find("<a class=\"button\" href=\"/dang-ky\">Đăng ký</a>"), std::string::npos);
  EXPECT_NE(home.body.find("Đăng nhập để gửi phản ánh"), std::string::npos);
  EXPECT_EQ(home.body.find("<a href=\"/tai-khoan\">"), std::string::npos);
  // From another page, signing in comes back to it.
  EXPECT_NE(get("/tin-tuc").body.find("href=\"/dang-nhap?tiep=/tin-tuc\""), std::string::npos);
  User u = sign_up("Người Đọc Tin", "04252", "10.1.0.30");
  auto mine = get("/tin-tuc", u.auth());
  EXPECT_NE(mine.body.find("<a href=\"/tai-khoan\">"), std::string::npos);
  EXPECT_EQ(mine.body.find("href=\"/dang-nhap"), std::string::npos);
  auto own_home = get("/", u.auth()).body;
  EXPECT_EQ(own_home.find("<a href=\"/dang-ky\">"), std::string::npos);
  EXPECT_EQ(own_home.find("href=\"/dang-ky\""), std::string::npos);
}

// A citizen returns to the page they came from, an officer goes to their workspace, and a
// page that needs signing in sends there and back. Only this site's paths are returned to.
TEST(SignIn, EachPersonLandsWhereTheyWork) {
  auto asked = get("/phan-anh/moi");
  EXPECT_EQ(asked.status, 303);
  EXPECT_EQ(asked.header("location"), "/dang-nhap?tiep=/phan-anh/moi");
  EXPECT_NE(get("/dang-nhap?tiep=/phan-anh/moi").body.find("name=\"next\" value=\"/phan-anh/moi\""),
            std::string::npos);
  User citizen = sign_up("Người Dân Quay Lại", "04252", "10.1.0.31");
  std::string password = form_value("ruộng bậc thang 2026");  // sign_up's
  auto back =
      sign_in_form("phone=" + citizen.phone + "&password=" + password + "&next=%2Fphan-anh%2Fmoi");
  EXPECT_EQ(back.status, 303) << back.body;
  EXPECT_EQ(back.header("location"), "/phan-anh/moi");
  EXPECT_EQ(sign_in_form("phone=" + citizen.phone + "&password=" + password).header("location"),
            "/");
  for (std::string elsewhere :
       {"https%3A%2F%2Fevil.example%2F", "%2F%2Fevil.example%2F", "%2F%5Cevil.example"})
    EXPECT_EQ(
        sign_in_form("phone=" + citizen.phone + "&password=" + password + "&next=" + elsewhere)
            .header("location"),
        "/")
        << elsewhere;
  User officer = sign_up("Cán Bộ Đăng Nhập", "04252", "10.1.0.32");
  give_role(officer, "officer", "04252");
  EXPECT_EQ(sign_in_form("phone=" + officer.phone + "&password=" + password + "&next=%2Ftin-tuc")
                .header("location"),
            "/can-bo");
  EXPECT_EQ(sign_in_form("phone=" + officer.phone + "&password=" + password +
                         "&next=%2Fcan-bo%2Fcanh-bao")
                .header("location"),
            "/can-bo/canh-bao");
}

// The password `congdanso user add` prints opens nothing: its first use asks for the person's
// own, which then works, while the printed one no longer does.
TEST(SignIn, AOneTimePasswordMustBeReplacedAtTheFirstSignIn) {
  std::string phone = fresh_phone();
  std::string out;
  ASSERT_EQ(run_binary({"user", "add", "--role", "officer", "--phone", phone, "--name",
                        "Cán Bộ Mật Khẩu", "--unit", "04252", "--db", database_url()},
                       out),
            0)
      << out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  std::string one_time = out.substr(out.rfind('\n') + 1);
  auto api = post_json("/api/v1/auth/login",
                       R"({"phone":")" + phone + R"(","password":")" + one_time + R"("})");
  EXPECT_EQ(api.status, 403);
  EXPECT_NE(api.body.find("password_must_change"), std::string::npos);
  EXPECT_TRUE(cookie_from(api, "sid").empty());
  auto page = sign_in_form("phone=" + phone + "&password=" + form_value(one_time));
  EXPECT_EQ(page.status, 200);
  EXPECT_TRUE(cookie_from(page, "sid").empty());
  EXPECT_NE(page.body.find("action=\"/doi-mat-khau\""), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("chỉ để đăng nhập lần đầu"), std::string::npos);
  // The same password again, or two that differ, are refused; nothing changes.
  auto same =
      post_json("/api/v1/auth/password", R"({"phone":")" + phone + R"(","password":")" + one_time +
                                             R"(","new_password":")" + one_time + R"("})");
  EXPECT_EQ(same.status, 400);
  EXPECT_NE(same.body.find("password_unchanged"), std::string::npos);
  std::string mine = "mat-khau-cua-rieng-toi";
  auto changed =
      post_json("/api/v1/auth/password", R"({"phone":")" + phone + R"(","password":")" + one_time +
                                             R"(","new_password":")" + mine + R"("})");
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_FALSE(cookie_from(changed, "sid").empty());
  EXPECT_EQ(post_json("/api/v1/auth/login",
                      R"({"phone":")" + phone + R"(","password":")" + one_time + R"("})")
                .status,
            401);
  EXPECT_EQ(post_json("/api/v1/auth/login",
                      R"({"phone":")" + phone + R"(","password":")" + mine + R"("})")
                .status,
            200);
}

// A refused sign-up keeps every box the person ticked, the terms included.
TEST(SignUp, ARefusedSignUpKeepsTheTickedTerms) {
  auto page = get("/dang-ky");
  std::string csrf = cookie_from(page, "csrf");
  auto refused = request("POST", "/dang-ky",
                         "_csrf=" + csrf.substr(5) +
                             "&phone=12&full_name=Ng%C6%B0%E1%BB%9Di+M%E1%BB%9Bi&unit_code=04252"
                             "&password=ngan&accept_terms=1&consent_warnings=1",
                         {{"Cookie", csrf},
                          {"Sec-Fetch-Site", "same-origin"},
                          {"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_GE(refused.status, 400);
  EXPECT_NE(
      refused.body.find("name=\"accept_terms\" type=\"checkbox\" value=\"1\" required checked"),
      std::string::npos)
      << refused.body;
  EXPECT_NE(refused.body.find("name=\"consent_warnings\" type=\"checkbox\" value=\"1\" checked"),
            std::string::npos);
}
