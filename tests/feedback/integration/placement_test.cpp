// Reports that come with only a point on the map (Open311 lat/long, the web form's pin): placed
// in the commune whose boundary holds the point when boundaries are loaded, otherwise in the
// province's triage queue until an officer places them and their deadline starts.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "accounts_helpers.h"

using namespace cds::test;
namespace json = boost::json;

namespace {
struct Cast {
  User citizen, ward_officer, province_officer;
  std::string key;
};

const Cast& cast() {
  static Cast c = [] {
    Cast c;
    c.citizen = sign_up("Người Thả Ghim", "04252", "10.9.0.1");
    c.ward_officer = sign_up("Cán Bộ Phường", "04252", "10.9.0.2");
    give_role(c.ward_officer, "officer", "04252");
    c.province_officer = sign_up("Cán Bộ Tỉnh", "04252", "10.9.0.3");
    give_role(c.province_officer, "officer", "15");
    c.key = create_api_key("placement tests", "open311");
    return c;
  }();
  return c;
}

// Files a roads report through Open311 with only a point; returns its id ("" on failure).
std::string file_pin(const std::string& lat, const std::string& lon, uint16_t port = 0) {
  auto r = request("POST", "/open311/v2/requests.json",
                   "api_key=" + cast().key + "&service_code=roads&description=%E1%BB%94+g%C3%A0" +
                       "&lat=" + lat + "&long=" + lon,
                   {{"Content-Type", "application/x-www-form-urlencoded"}}, port);
  EXPECT_EQ(r.status, 201) << r.body;
  if (r.status != 201) return "";
  return std::string(r.json().as_array().at(0).at("service_request_id").as_string());
}

json::object open311_request(const std::string& id, uint16_t port = 0) {
  json::value doc = get("/open311/v2/requests/" + id + ".json", {}, port).json();
  return doc.as_array().at(0).as_object();
}

int act(const User& who, const std::string& id, const std::string& body) {
  return post_json("/api/v1/reports/" + id + "/actions", body, who.auth()).status;
}

std::string write_file(const std::string& name, const std::string& text) {
  std::string path = (std::filesystem::path(uploads_dir()).parent_path() / name).string();
  std::ofstream(path) << text;
  return path;
}

// A square of side 0.02° with its south-west corner at (lat, lon); optionally with a hole.
std::string square(double lat, double lon, bool hole = false) {
  auto ring = [](double la, double lo, double side) {
    auto p = [](double a, double o) {
      return "[" + std::to_string(o) + "," + std::to_string(a) + "]";
    };
    return "[" + p(la, lo) + "," + p(la, lo + side) + "," + p(la + side, lo + side) + "," +
           p(la + side, lo) + "," + p(la, lo) + "]";
  };
  return "[" + ring(lat, lon, 0.02) + (hole ? "," + ring(lat + 0.005, lon + 0.005, 0.01) : "") +
         "]";
}
}  // namespace

TEST(Placement, Open311WithOnlyLatLongIsAcceptedAndWaitsForAnOfficer) {
  const Cast& c = cast();
  std::string id = file_pin("21.612345", "104.123456");
  ASSERT_FALSE(id.empty());
  auto raw = get("/open311/v2/requests/" + id + ".json");
  EXPECT_NE(raw.body.find("\"lat\":21.612345"), std::string::npos) << raw.body;
  EXPECT_NE(raw.body.find("\"long\":104.123456"), std::string::npos) << raw.body;
  json::object back = open311_request(id);
  EXPECT_DOUBLE_EQ(back.at("lat").as_double(), 21.612345);
  EXPECT_DOUBLE_EQ(back.at("long").as_double(), 104.123456);
  EXPECT_EQ(back.at("address_id"), "");         // no commune yet
  EXPECT_EQ(back.at("expected_datetime"), "");  // no deadline yet
  EXPECT_EQ(back.at("status"), "open");
  auto xml = get("/open311/v2/requests/" + id + ".xml");
  EXPECT_NE(xml.body.find("<lat>21.612345</lat>"), std::string::npos) << xml.body;

  json::value waiting = get("/api/v1/reports/" + id).json();
  EXPECT_EQ(waiting.at("awaiting_place"), true);
  EXPECT_EQ(waiting.at("deadline_on"), "");
  EXPECT_EQ(waiting.at("unit").at("code"), "15");

  // The ward's officer does not see the province's queue; the province's officer places it.
  EXPECT_EQ(act(c.ward_officer, id, R"({"kind":"place","unit_code":"04252"})"), 403);
  EXPECT_EQ(act(c.province_officer, id, R"({"kind":"place","unit_code":"99999"})"), 400);
  EXPECT_EQ(act(c.province_officer, id, R"({"kind":"place","unit_code":"04252"})"), 200);

  // Its deadline starts on the day it is placed: the same as a report filed there today.
  auto reference = post_json("/api/v1/reports",
                             R"({"category":"roads","description":"Ổ gà","unit_code":"04252"})",
                             c.citizen.auth());
  ASSERT_EQ(reference.status, 201) << reference.body;
  json::value placed = get("/api/v1/reports/" + id).json();
  EXPECT_EQ(placed.at("awaiting_place"), false);
  EXPECT_EQ(placed.at("unit").at("code"), "04252");
  EXPECT_EQ(placed.at("deadline_on"), reference.json().at("deadline_on"));
  bool placed_event = false;
  for (const auto& e : placed.at("timeline").as_array())
    placed_event = placed_event || (e.at("kind") == "placed" && e.at("text") == "Phường Yên Bái");
  EXPECT_TRUE(placed_event) << json::serialize(placed);
  EXPECT_EQ(open311_request(id).at("address_id"), "04252");

  // Placed once only; from now on the ward's officer handles it.
  EXPECT_EQ(act(c.province_officer, id, R"({"kind":"place","unit_code":"04543"})"), 409);
  EXPECT_EQ(act(c.ward_officer, id, R"({"kind":"start"})"), 200);
}

TEST(Placement, TheWebFormAcceptsAPinWithoutACommune) {
  const Cast& c = cast();
  auto form = get("/phan-anh/moi?category=roads", c.citizen.auth());
  std::string csrf = cookie_from(form, "csrf");
  std::vector<Part> parts = {{"_csrf", "", "", csrf.substr(5)},
                             {"category", "", "", "roads"},
                             {"description", "", "", "Cây đổ chắn đường"},
                             {"unit_code", "", "", ""},
                             {"lat", "", "", "21.655555"},
                             {"lon", "", "", "104.155555"}};
  auto r = request("POST", "/phan-anh/moi?_csrf=" + csrf.substr(5),
                   multipart_body("cdsPinBoundary", parts),
                   {{"Cookie", c.citizen.cookie + "; " + csrf},
                    {"Content-Type", "multipart/form-data; boundary=cdsPinBoundary"}});
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 400);
  std::string id = r.header("location").substr(std::string("/phan-anh/").size());
  json::value doc = get("/api/v1/reports/" + id).json();
  EXPECT_EQ(doc.at("awaiting_place"), true);
  EXPECT_DOUBLE_EQ(doc.at("lat").as_double(), 21.655555);
  // The province's officer sees the commune picker on the report's page; the citizen does not.
  auto officer_page = get("/phan-anh/" + id, c.province_officer.auth());
  EXPECT_NE(officer_page.body.find("name=\"kind\" value=\"place\""), std::string::npos);
  // Without an address the place is the unit alone, not ", Tỉnh Lào Cai".
  EXPECT_NE(officer_page.body.find("<dd>Tỉnh Lào Cai</dd>"), std::string::npos);
  EXPECT_EQ(get("/phan-anh/" + id, c.citizen.auth()).body.find("value=\"place\""),
            std::string::npos);
  // Neither a commune nor a pin: the form says to choose a commune.
  parts[4].bytes = parts[5].bytes = "";
  auto none = request("POST", "/phan-anh/moi?_csrf=" + csrf.substr(5),
                      multipart_body("cdsPinBoundary", parts),
                      {{"Cookie", c.citizen.cookie + "; " + csrf},
                       {"Content-Type", "multipart/form-data; boundary=cdsPinBoundary"}});
  EXPECT_EQ(none.status, 400);
}

TEST(Placement, LoadedBoundariesPlaceAPinInItsCommune) {
  cast();
  // Two small squares far from the points other tests use: Giới Phiên (04543) as a Polygon by
  // "id", Yên Bái (04252, written without its leading zero) as a MultiPolygon with a hole.
  std::string file = write_file(
      "boundaries-" + std::to_string(getpid()) + ".geojson",
      R"({"type":"FeatureCollection","features":[)"
      R"({"type":"Feature","id":"04543","properties":{},"geometry":{"type":"Polygon","coordinates":)" +
          square(22.90, 104.90) +
          R"(}},{"type":"Feature","properties":{"ma_xa":"4252"},"geometry":{"type":"MultiPolygon","coordinates":[)" +
          square(22.90, 104.95, true) +
          R"(]}},{"type":"Feature","properties":{"code":"99999"},"geometry":{"type":"Polygon","coordinates":)" +
          square(22.0, 104.0) + "}}]}");
  std::string out;
  ASSERT_EQ(run_binary({"units", "boundaries", "--import", file, "--db", database_url()}, out), 0)
      << out;
  EXPECT_NE(out.find("2 commune boundaries imported"), std::string::npos) << out;
  EXPECT_NE(out.find("99999"), std::string::npos) << out;
  {
    ServerProcess own;  // reads the boundaries at start
    std::string in_first = file_pin("22.91", "104.91", own.port());
    std::string in_second = file_pin("22.901", "104.951", own.port());
    std::string in_hole = file_pin("22.91", "104.96", own.port());
    EXPECT_EQ(open311_request(in_first, own.port()).at("address_id"), "04543");
    EXPECT_NE(open311_request(in_first, own.port()).at("expected_datetime"), "");
    EXPECT_EQ(open311_request(in_second, own.port()).at("address_id"), "04252");
    EXPECT_EQ(open311_request(in_hole, own.port()).at("address_id"), "");
  }
  // A file without one usable feature changes nothing; an empty collection removes them all.
  std::string bad = write_file("boundaries-bad.geojson",
                               R"({"type":"FeatureCollection","features":[{"type":"Feature"}]})");
  EXPECT_NE(run_binary({"units", "boundaries", "--import", bad, "--db", database_url()}, out), 0);
  std::string not_geojson = write_file("boundaries-not.geojson", "[1,2]");
  EXPECT_NE(
      run_binary({"units", "boundaries", "--import", not_geojson, "--db", database_url()}, out), 0);
  std::string empty =
      write_file("boundaries-empty.geojson", R"({"type":"FeatureCollection","features":[]})");
  ASSERT_EQ(run_binary({"units", "boundaries", "--import", empty, "--db", database_url()}, out), 0)
      << out;
  EXPECT_NE(out.find("0 commune boundaries imported"), std::string::npos) << out;
}
