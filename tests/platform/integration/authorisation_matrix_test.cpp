// The authorisation matrix: every route the router knows (`congdanso serve --describe`) × every
// kind of caller, with the callers each route lets through. A route without a row, a row
// without a route and a declared role without a caller all fail the test, so a module that
// adds a route adds its row, in tests/<module>/authorisation_rows.inc, in the same change. The ids
// in the paths are real and belong to one person, commune or province (another person's report,
// another commune's alert answer): a caller let through where it should not be is an IDOR.
//
// Allowed: anything but 401, 403, 404 or the way to the sign-in page (the request itself may
// still be refused for its empty body: 400, 409, 422). Refused: 401, 403, 404 or the way to the
// sign-in page. CDS_MATRIX_PRINT=1 prints the rows as the server answers them, to review.
//
// The same walk sends hostile input (script, markup, SQL, over-long, invalid UTF-8, NUL and
// control bytes, a direction override) in every field a route might read, as a caller it lets
// through: never a 5xx, never the markup back unescaped, and every page afterwards valid
// UTF-8 without it.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "accounts_helpers.h"
#include "core/text.h"
#include "report_helpers.h"

using namespace cds::test;
namespace json = boost::json;

namespace {

// The callers, one letter each, in the order of the rows' letters.
//   a  anonymous                       k  an API key with the open311 scope
//   c  a citizen of 04252, the reporter j  an API key with vneid:import only
//   n  another citizen of 04252        o  an officer of 04252
//   e  an officer of 04543 (same province)   p  an officer of 00004 (another province)
//   u  a unit administrator of 04252   v  a province administrator of 15
//   l  an alert officer of 04252       m  a party member of 04252
//   h  the head of a village of 04252  t  that village's community technology team
constexpr std::string_view kCallers = "acnoepuvlmkjht";
// Which caller holds each declared role (a role declared without one fails the test).
const std::map<std::string, char> kRoleCallers = {
    {"citizen", 'c'},       {"officer", 'o'},
    {"unit_admin", 'u'},    {"province_admin", 'v'},
    {"alert_officer", 'l'}, {"party_member", 'm'},
    {"village_head", 'h'},  {"community_tech_team", 't'}};
// What each caller may use of the API scopes (a scope declared without a key fails the test).
const std::map<std::string, char> kScopeCallers = {{"open311", 'k'}, {"vneid:import", 'j'}};

enum class Body { none, json, form };

struct Row {
  const char* method;
  const char* pattern;  // as the router knows it
  const char* target;   // with {placeholders} for the fixture's ids
  const char* allowed;  // the callers let through ("*" every one)
  // The body sent instead of an empty one ("{}" or the CSRF field alone), where an empty one
  // would be refused before anyone is asked who they are.
  const char* body = nullptr;
  // A step done once (discard a draft, carry out a deletion): each caller gets its own new
  // thing to try it on, made just before.
  bool fresh = false;
  // It ends the callers' sessions (signing out): run after every other row.
  bool last = false;
};

// clang-format off
const Row kRows[] = {
#include "authorisation_rows.inc"  // every tests/<module>/authorisation_rows.inc
};
// clang-format on

struct Caller {
  Headers headers;  // cookie or key
};

struct Fixture {
  std::map<char, Caller> callers;
  std::map<std::string, std::string> ids;  // placeholder → value
  // Makes a new one of a placeholder's things, for the rows marked fresh.
  std::map<std::string, std::function<std::string()>> makers;
  std::string csrf;  // a valid token (double-submit cookie)
  // The alerts it sent, cancelled when it ends: an alert left in force would stand in every
  // page's banner of the province for the tests that run after.
  std::shared_ptr<std::vector<std::string>> sent = std::make_shared<std::vector<std::string>>();
  Headers alert_officer;

  Fixture() = default;
  Fixture(Fixture&&) = default;
  ~Fixture() {
    if (!sent) return;  // moved from
    for (const auto& id : *sent)
      request("POST", "/api/v1/alerts/" + id + "/cancel", "", alert_officer);
  }
};

User person(const std::string& name, const std::string& unit, const std::string& ip,
            const std::string& role = "", const std::string& role_unit = "") {
  User u = sign_up(name, unit, ip);
  if (!role.empty()) give_role(u, role, role_unit);
  return u;
}

int64_t id_of(const HttpResult& r, const char* field = "id") {
  if (r.status < 200 || r.status > 299) ADD_FAILURE() << r.status << " " << r.body;
  return r.json().at(field).as_int64();
}

std::string alert_body() {
  return R"({"status":"Actual","event":"Sạt lở đất","categories":["Geo"],)"
         R"("response_types":["Evacuate"],"urgency":"Immediate","severity":"Severe",)"
         R"("certainty":"Likely","expires":"2099-12-31T18:00:00+07:00",)"
         R"("headline":"Sạt lở đồi sau trường","instruction":"Tránh xa chân đồi.",)"
         R"("units":["04252"]})";
}

std::string news_body(const std::string& state) {
  return R"({"title":"Lịch tiêm chủng tháng 12","summary":"Tóm tắt","body":"Nội dung.",)"
         R"("units":["04252"],"state":")" +
         state + R"("})";
}

// A village of 04252 (a new one each time the fixture is made), its head (h) and its
// technology team (t), made by the commune's administrator.
void add_village_callers(Fixture& f, const User& u) {
  // A village of 04252 (a new one each time the fixture is made), its head and tech team.
  static int villages = 0;
  auto village = post_json("/api/v1/units/2025/04252/villages",
                           R"({"name":"Thôn Ma Trận )" + std::to_string(++villages) + "-" +
                               fresh_phone() + R"(","kind":"thôn"})",
                           u.auth());
  std::string village_code(village.json().at("code").as_string());
  f.ids["village"] = std::to_string(id_of(village));
  User h = person("Trưởng Thôn Ma Trận", "04252", "10.60.0.13", "village_head", village_code);
  User t =
      person("Tổ Công Nghệ Ma Trận", "04252", "10.60.0.14", "community_tech_team", village_code);
  f.callers['h'] = {h.auth()};
  f.callers['t'] = {t.auth()};
}

void add_village_things(Fixture& f) {
  const Caller& h_caller = f.callers.at('h');
  // A household of the village (of a person no caller is, with someone listed in it) and an
  // important public notice on its board.
  User resident = person("Người Trong Thôn", "04252", "10.60.0.15");
  auto household =
      post_json("/api/v1/me/household",
                R"({"village":)" + f.ids["village"] + R"(,"address":"Xóm 1"})", resident.auth());
  json::value h_json = household.json();
  f.ids["household"] = std::to_string(h_json.at("household").at("id").as_int64());
  auto listed = post_json("/api/v1/me/household/members",
                          R"({"first_name":"Bé","birth_year":2019})", resident.auth());
  json::value listed_json = listed.json();
  for (const auto& m : listed_json.at("household").at("members").as_array())
    if (!m.at("head").as_bool()) f.ids["member"] = std::to_string(m.at("id").as_int64());
  std::string village_id = f.ids["village"];
  f.makers["fresh_notice"] = [auth = h_caller.headers, village_id] {
    return std::to_string(
        id_of(post_json("/api/v1/notices",
                        R"({"village":)" + village_id +
                            R"(,"title":"Họp thôn","body":"Tối thứ Bảy.","priority":"important",)"
                            R"("visibility":"public","ack_due_at":"2099-12-31T17:00:00+07:00"})",
                        auth)));
  };
  f.ids["notice"] = f.makers["fresh_notice"]();
  f.ids["fresh_notice"] = f.makers["fresh_notice"]();
}

// The people, keys and things the rows' paths name.
Fixture make_fixture() {
  Fixture f;
  User c = person("Lò Văn Ma Trận", "04252", "10.60.0.1");
  User n = person("Hàng Xóm Ma Trận", "04252", "10.60.0.2");
  User o = person("Cán Bộ Ma Trận", "04252", "10.60.0.3", "officer", "04252");
  User e = person("Cán Bộ Xã Khác", "04543", "10.60.0.4", "officer", "04543");
  User p = person("Cán Bộ Tỉnh Khác", "00004", "10.60.0.5", "officer", "00004");
  User u = person("Quản Trị Phường", "04252", "10.60.0.6", "unit_admin", "04252");
  User v = person("Quản Trị Tỉnh", "04252", "10.60.0.7", "province_admin", "15");
  User l = person("Cán Bộ Cảnh Báo", "04252", "10.60.0.8", "alert_officer", "04252");
  User m = person("Đảng Viên Ma Trận", "04252", "10.60.0.9", "party_member", "");
  User l2 = person("Cán Bộ Duyệt Cảnh Báo", "04252", "10.60.0.10", "alert_officer", "04252");
  f.callers['a'] = {};
  for (auto [letter, user] : {std::pair{'c', &c},
                              {'n', &n},
                              {'o', &o},
                              {'e', &e},
                              {'p', &p},
                              {'u', &u},
                              {'v', &v},
                              {'l', &l},
                              {'m', &m}})
    f.callers[letter] = {user->auth()};
  add_village_callers(f, u);
  f.callers['k'] = {{{"Authorization", "Bearer " + create_api_key("ma trận", "open311")}}};
  f.callers['j'] = {{{"Authorization", "Bearer " + create_api_key("ma trận", "vneid:import")}}};

  auto page = get("/dang-nhap");
  f.csrf = cookie_from(page, "csrf").substr(5);

  f.makers["draft"] = [l] {
    return std::to_string(id_of(post_json("/api/v1/alerts", alert_body(), l.auth())));
  };
  f.alert_officer = l2.auth();  // not a caller: its session outlives the rows that sign out
  f.makers["alert"] = [l, l2, sent = f.sent] {
    int64_t id = id_of(post_json("/api/v1/alerts", alert_body(), l.auth()));
    std::string base = "/api/v1/alerts/" + std::to_string(id);
    EXPECT_EQ(post_json(base + "/submit", "", l.auth()).status, 200);
    EXPECT_EQ(post_json(base + "/approve", R"({"version":1})", l2.auth()).status, 200);
    sent->push_back(std::to_string(id));
    return std::to_string(id);
  };
  f.makers["deletion"] = [v] {
    static int n = 0;
    User leaving = sign_up("Người Rời Đi", "04252", "10.61.0." + std::to_string(++n % 250));
    auto r = post_json("/api/v1/me/delete", "{}", leaving.auth());
    return std::to_string(id_of(r));
  };
  f.makers["spare_officer"] = [] {
    static int n = 0;
    User spare = person("Cán Bộ Dự Phòng", "04252", "10.63.0." + std::to_string(++n % 250),
                        "officer", "04252");
    return std::to_string(id_of(get("/api/v1/me", spare.auth())));
  };
  f.makers["key"] = [v] {
    return std::to_string(id_of(post_json(
        "/api/v1/admin/api-keys", R"({"name":"khoá ma trận","scopes":"open311"})", v.auth())));
  };
  // The reporter's report, in 04252.
  f.ids["report"] = std::string(file(c, kLandslide).at("id").as_string());
  // An alert draft of 04252, and an alert of 04252 out, with a call for help from c.
  f.ids["draft"] = f.makers["draft"]();
  f.ids["alert"] = f.makers["alert"]();
  std::string base = "/api/v1/alerts/" + f.ids["alert"];
  EXPECT_EQ(
      post_json(base + "/responses", R"({"answer":"need_help","note":"Kẹt trong nhà"})", c.auth())
          .status,
      200);
  auto answers = get(base + "/answers", o.auth());
  json::value calls = answers.json().at("calls");
  f.ids["answer"] = std::to_string(calls.as_array().at(0).at("id").as_int64());
  // A news draft and a published article of 04252.
  f.ids["news"] = std::to_string(id_of(post_json("/api/v1/news", news_body("draft"), v.auth())));
  f.ids["article"] =
      std::to_string(id_of(post_json("/api/v1/news", news_body("published"), v.auth())));
  // The reporter's phone, and a person no caller is, whom roles are given to.
  f.ids["phone"] = c.phone;
  f.ids["spare"] = person("Người Được Giao Việc", "04252", "10.60.0.12").phone;
  f.ids["spare_officer"] = f.makers["spare_officer"]();
  // The reporter's account, an agency of 04252, a key, a deletion request, a VNeID import.
  f.ids["person"] = std::to_string(id_of(get("/api/v1/me", c.auth())));
  f.ids["officer"] = std::to_string(id_of(get("/api/v1/me", o.auth())));
  f.ids["agency"] = std::to_string(
      id_of(post_json("/api/v1/admin/agencies",
                      R"({"name":"Đội Quản lý Ma Trận","unit_code":"04252"})", v.auth())));
  f.ids["key"] = f.makers["key"]();
  f.ids["deletion"] = f.makers["deletion"]();
  auto imported = request("POST", "/api/v1/people/vneid-import", "phone,vneid_level\n",
                          {f.callers['j'].headers[0], {"Content-Type", "text/csv"}});
  f.ids["import"] = std::to_string(id_of(imported));
  add_village_things(f);
  return f;
}

std::string fill(std::string target, const Fixture& f) {
  for (const auto& [name, value] : f.ids) {
    std::string hole = "{" + name + "}";
    for (size_t at; (at = target.find(hole)) != std::string::npos;)
      target.replace(at, hole.size(), value);
  }
  return target;
}

bool refused(const HttpResult& r) {
  if (r.status == 401 || r.status == 403 || r.status == 404) return true;
  return (r.status == 302 || r.status == 303) && r.header("location").starts_with("/dang-nhap");
}

// A body in place of the row's own (hostile input), with its content type.
struct Replacement {
  std::string body, type;
};

HttpResult call(const Row& row, const Caller& who, Fixture& f,
                const std::optional<Replacement>& replacement = std::nullopt) {
  static int n = 0;  // each call from its own address: no throttle of one spills into others
  ++n;
  if (row.fresh)
    for (auto& [name, make] : f.makers)
      if (std::string(row.target).find("{" + name + "}") != std::string::npos) f.ids[name] = make();
  std::string target = fill(row.target, f);
  Headers h = who.headers;
  h.emplace_back("X-Forwarded-For",
                 "10.62." + std::to_string(n / 250 % 250) + "." + std::to_string(n % 250 + 1));
  std::string method = row.method;
  if (std::string_view(row.pattern) == "/events") {  // a stream that never ends: its head only
    Connection c;
    std::string head = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const auto& [name, value] : h) head += name + ": " + value + "\r\n";
    c.send(head + "\r\n");
    std::string got = c.read_until("\r\n\r\n", 5000);
    HttpResult r;
    if (got.size() > 12) r.status = std::stoi(got.substr(9, 3));
    return r;
  }
  if (method == "GET") return get(target, h);
  bool page = !target.starts_with("/api/");
  std::string given = row.body ? fill(row.body, f) : "";
  std::string body = page ? "_csrf=" + f.csrf : "{}";
  std::string type = page ? "application/x-www-form-urlencoded" : "application/json";
  if (given == "multipart") {  // an upload form: its token, and nothing else
    type = "multipart/form-data; boundary=matrix";
    body = "--matrix\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + f.csrf +
           "\r\n--matrix--\r\n";
  } else if (given == "open311") {  // Open311 takes its key in the form
    std::string key;
    for (const auto& [name, value] : who.headers)
      if (name == "Authorization") key = value.substr(7);
    body = "api_key=" + key + "&service_code=roads&address_id=04252&lat=21.72&long=104.9" +
           "&description=%E1%BB%94+g%C3%A0+ma+tr%E1%BA%ADn";
  } else if (row.body) {
    body = page ? body + "&" + given : given;
  }
  if (replacement) {
    type = replacement->type;
    body = page && type != "application/json" ? "_csrf=" + f.csrf + "&" + replacement->body
                                              : replacement->body;
  }
  h.emplace_back("Content-Type", type);
  h.emplace_back("Sec-Fetch-Site", "same-origin");
  bool cookie = false;
  for (auto& [name, value] : h)
    if (name == "Cookie") {
      value += "; csrf=" + f.csrf;
      cookie = true;
    }
  if (!cookie) h.emplace_back("Cookie", "csrf=" + f.csrf);
  return request(method, target, body, h);
}

// What `serve --describe` printed: its last line.
json::value description(std::string out) {
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return json::parse(out.substr(out.rfind('\n') + 1));
}

// The routes the server knows, as "METHOD pattern".
std::set<std::string> routes_known() {
  std::string out;
  EXPECT_EQ(run_binary({"serve", "--describe", "--dev-outbox", "--db", database_url()}, out), 0)
      << out;
  std::set<std::string> routes;
  json::value d = description(out);
  for (const auto& r : d.at("routes").as_array())
    routes.insert(std::string(r.at(0).as_string()) + " " + std::string(r.at(1).as_string()));
  return routes;
}

}  // namespace

TEST(AuthorisationMatrix, EveryRouteHasARowAndEveryRoleACaller) {
  std::string out;
  ASSERT_EQ(run_binary({"serve", "--describe", "--dev-outbox", "--db", database_url()}, out), 0)
      << out;
  json::value d = description(out);
  for (const auto& role : d.at("roles").as_array())
    EXPECT_TRUE(kRoleCallers.contains(std::string(role.as_string())))
        << "no caller holds the declared role " << role.as_string();
  for (const auto& scope : d.at("api_scopes").as_array())
    EXPECT_TRUE(kScopeCallers.contains(std::string(scope.as_string())))
        << "no key has the declared scope " << scope.as_string();
  std::set<std::string> rows;
  for (const auto& row : kRows) rows.insert(std::string(row.method) + " " + row.pattern);
  for (const auto& route : routes_known())
    EXPECT_TRUE(rows.contains(route)) << "a route without a row in the matrix: " << route;
  std::set<std::string> known = routes_known();
  for (const auto& row : rows)
    EXPECT_TRUE(known.contains(row)) << "a row for a route the server does not know: " << row;
}

TEST(AuthorisationMatrix, EachRouteLetsThroughExactlyItsCallers) {
  Fixture f = make_fixture();
  bool print = std::getenv("CDS_MATRIX_PRINT") != nullptr;
  std::vector<const Row*> order;  // the rows that end sessions after all the others
  for (const auto& row : kRows)
    if (!row.last) order.push_back(&row);
  for (const auto& row : kRows)
    if (row.last) order.push_back(&row);
  for (const Row* each : order) {
    const Row& row = *each;
    std::string let_through;
    std::string detail;
    for (char letter : kCallers) {
      HttpResult r = call(row, f.callers.at(letter), f);
      EXPECT_LT(r.status, 500) << row.method << " " << row.target << " as " << letter << ": "
                               << r.body.substr(0, 300);
      if (!refused(r)) let_through += letter;
      detail += std::string(1, letter) + "=" + std::to_string(r.status) + " ";
    }
    std::string expected = std::string(row.allowed) == "*" ? std::string(kCallers) : row.allowed;
    if (print)
      std::cout << "    {\"" << row.method << "\", \"" << row.pattern << "\", \"" << row.target
                << "\", \"" << (let_through == kCallers ? "*" : let_through) << "\""
                << (row.body                ? std::string(", R\"(") + row.body + ")\""
                    : row.fresh || row.last ? ", nullptr"
                                            : "")
                << (row.fresh || row.last ? std::string(", ") + (row.fresh ? "true" : "false") : "")
                << (row.last ? ", true" : "") << "},  // " << detail << "\n";
    else
      EXPECT_EQ(let_through, expected)
          << row.method << " " << row.target << " (" << row.pattern << "): " << detail;
  }
}

namespace {

const std::vector<std::string>& hostile_texts() {
  static const std::vector<std::string> all = {
      "<script>alert('cds')</script>",
      "\"'><img src=x onerror=alert('cds')>",
      "'; DROP TABLE reports; --",
      std::string(100000, 'a'),
      "\xff\xfe\xfd gà",       // not UTF-8
      std::string("a\0b", 3),  // NUL
      "\x01\x1b[31m đỏ",       // control bytes
      "\xe2\x80\xae"
      "gpj.exe",  // a right-to-left override
  };
  return all;
}

// The fields routes read, each given the hostile text.
constexpr const char* kFields[] = {
    "description", "title",    "summary",   "body",         "text",        "name",      "full_name",
    "note",        "reason",   "headline",  "event",        "instruction", "address",   "comment",
    "phone",       "password", "unit_code", "category",     "purpose",     "answer",    "kind",
    "level",       "q",        "cccd",      "ethnic_group", "code",        "name_en",   "value",
    "fact",        "role",     "scopes",    "stars",        "version",     "agency_id", "unit"};

std::string percent(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

// No 5xx; an HTML answer is UTF-8 and never carries the injected markup as markup.
void expect_safe(const HttpResult& r, const std::string& what) {
  EXPECT_LT(r.status, 500) << what << ": " << r.body.substr(0, 300);
  if (r.header("content-type").find("text/html") == std::string::npos) return;
  EXPECT_TRUE(cds::text::is_valid_utf8(r.body)) << what;
  EXPECT_EQ(r.body.find("<script>alert('cds')"), std::string::npos) << what;
  EXPECT_EQ(r.body.find("<img src=x onerror"), std::string::npos) << what;
}

}  // namespace

TEST(HostileInput, EveryRouteRefusesOrEscapesItAndNoPageCarriesIt) {
  Fixture f = make_fixture();
  for (const auto& row : kRows) {
    std::string method = row.method;
    std::string allowed = std::string(row.allowed) == "*" ? "v" : row.allowed;
    if (row.last || allowed.empty() || std::string_view(row.pattern) == "/events") continue;
    if (row.body && (std::string_view(row.body) == "multipart")) continue;
    char letter = allowed.find('v') != std::string::npos ? 'v' : allowed[0];
    const Caller& who = f.callers.at(letter);
    for (const auto& bad : hostile_texts()) {
      std::string what = method + " " + row.target + " as " + letter + " with " +
                         std::to_string(bad.size()) + " bytes";
      if (method == "GET") {
        Row query = row;
        std::string target = std::string(row.target) +
                             (std::string(row.target).find('?') == std::string::npos ? "?" : "&") +
                             "q=" + percent(bad) + "&unit=" + percent(bad) +
                             "&trang=" + percent(bad);
        query.target = target.c_str();
        expect_safe(call(query, who, f), what);
        continue;
      }
      boost::json::object json;
      std::string form;
      for (const char* field : kFields) {
        json[field] = bad;
        form += std::string(form.empty() ? "" : "&") + field + "=" + percent(bad);
      }
      bool api = std::string_view(row.target).starts_with("/api/");
      Replacement r = api ? Replacement{boost::json::serialize(json), "application/json"}
                          : Replacement{form, "application/x-www-form-urlencoded"};
      expect_safe(call(row, who, f, r), what);
    }
  }
  // Everything that shows people's text, read afterwards by the province and by a citizen.
  for (const auto& row : kRows) {
    if (std::string_view(row.method) != "GET" || std::string_view(row.pattern) == "/events")
      continue;
    for (char letter : {'v', 'c'}) expect_safe(call(row, f.callers.at(letter), f), row.target);
  }
}
