// A module plugged in with its folder and two lines (tests/sample, CMakeLists.txt, and
// tests/sample_binary/main.cpp): its table, its role and action, its route and page, its
// header link and its workspace tile all work in the running platform, and the platform
// without it knows none of them.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "accounts_helpers.h"

using namespace cds::test;
namespace json = boost::json;

namespace {

const std::string kSample = CDS_SAMPLE_BINARY_PATH;

struct Person {
  std::string phone, cookie;
  Headers auth() const {
    return {{"Cookie", cookie},
            {"Sec-Fetch-Site", "same-origin"},
            {"Content-Type", "application/json"}};
  }
};

// An account made by the sample binary's command line, signed in on `port` with a new password.
Person person(const std::string& db, const std::string& role, const std::string& unit,
              uint16_t port) {
  Person p{fresh_phone(), ""};
  std::string out;
  EXPECT_EQ(run_binary({"user", "add", "--db", db, "--role", role, "--phone", p.phone, "--name",
                        "Người Thử", "--unit", unit},
                       out, kSample),
            0)
      << out;
  std::string password = out.substr(out.find_last_of('\n', out.size() - 2) + 1);
  while (!password.empty() && password.back() == '\n') password.pop_back();
  auto r = request(
      "POST", "/api/v1/auth/password",
      json::serialize(json::object{
          {"phone", p.phone}, {"password", password}, {"new_password", "vuon-thu-rat-dai-2026"}}),
      {{"Content-Type", "application/json"}}, port);
  EXPECT_EQ(r.status, 200) << r.body;
  p.cookie = cookie_from(r, "sid");
  return p;
}

}  // namespace

TEST(SampleModule, PlugsInWithItsTableRoleRouteLinkAndTile) {
  std::string db = "sqlite:" + temp_dir() + "/sample.db";
  ServerProcess garden({"--dev-outbox"}, db, 0, kSample);
  uint16_t port = garden.port();

  // The header links to it, in the module's words; the platform without it does not.
  auto home = get("/", {}, port);
  EXPECT_NE(home.body.find("<a href=\"/vuon\">Vườn thử</a>"), std::string::npos) << home.body;
  EXPECT_EQ(get("/", {}, 0).body.find("/vuon"), std::string::npos);
  EXPECT_EQ(get("/vuon", {}, 0).status, 404);

  // Its role is known to the command line and the grant form, named from its catalogue.
  Person gardener = person(db, "gardener", "04252", port);
  Person admin = person(db, "province_admin", "15", port);
  auto roles = get("/quan-tri/vai-tro", admin.auth(), port);
  EXPECT_NE(roles.body.find("Người làm vườn"), std::string::npos);
  std::string out;
  EXPECT_NE(run_binary({"user", "add", "--role", "gardener", "--phone", fresh_phone()}, out), 0)
      << "the platform without the module does not know its role";

  // Its action: a gardener of the commune may plant there, not elsewhere; nobody else may.
  auto plant = [&](const Headers& h, const std::string& unit) {
    return request("POST", "/api/v1/sample/plants",
                   json::serialize(json::object{{"unit_code", unit}, {"name", "Chè Shan tuyết"}}),
                   h, port);
  };
  EXPECT_EQ(plant({{"Content-Type", "application/json"}}, "04252").status, 401);
  EXPECT_EQ(plant(gardener.auth(), "04543").status, 403);
  EXPECT_EQ(plant(gardener.auth(), "04252").status, 201);

  // Its table holds it, its page shows it, its tile counts it.
  EXPECT_NE(get("/vuon", {}, port).body.find("Chè Shan tuyết"), std::string::npos);
  auto work = get("/api/v1/me/workspace", gardener.auth(), port);
  ASSERT_EQ(work.status, 200) << work.body;
  bool counted = false;
  json::value tiles = work.json().at("tiles");  // kept: the loop reads into it
  for (const auto& tile : tiles.as_array())
    if (tile.at("title") == "Vườn thử")
      counted = tile.at("figures").as_array()[0].at("value").as_int64() == 1;
  EXPECT_TRUE(counted) << work.body;
  // Its header link to the workspace comes with that work.
  EXPECT_NE(get("/", gardener.auth(), port).body.find("href=\"/can-bo\""), std::string::npos);

  // What it asks people's consent for: a checkbox at sign-up, in its words, that the API
  // takes too, and a line on the account page; the platform without it asks nothing of it.
  auto sign_up = get("/dang-ky", {}, port);
  EXPECT_NE(sign_up.body.find("name=\"consent_garden_news\" type=\"checkbox\""), std::string::npos)
      << sign_up.body;
  EXPECT_NE(sign_up.body.find("Tôi muốn nhận tin vườn thử qua tin nhắn"), std::string::npos);
  EXPECT_EQ(get("/dang-ky", {}, 0).body.find("consent_garden_news"), std::string::npos);
  auto account = get("/tai-khoan", gardener.auth(), port);
  EXPECT_NE(account.body.find("Tin vườn thử qua tin nhắn"), std::string::npos) << account.body;
  auto registered = request("POST", "/api/v1/auth/register",
                            json::serialize(json::object{{"phone", fresh_phone()},
                                                         {"password", "vuon-thu-rat-dai-2026"},
                                                         {"full_name", "Người Thử"},
                                                         {"unit_code", "04252"},
                                                         {"accept_terms", true},
                                                         {"consent_garden_news", true}}),
                            {{"Content-Type", "application/json"}}, port);
  EXPECT_EQ(registered.status, 202) << registered.body;
}
