// Administrative units over HTTP, on whichever database this run uses.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <map>
#include <set>

#include "harness.h"

using namespace cds::test;
namespace json = boost::json;

TEST(UnitsApi, Lists34ProvincesOf2025) {
  auto r = get("/api/v1/units?generation=2025");
  ASSERT_EQ(r.status, 200);
  auto units = r.json().at("units").as_array();
  EXPECT_EQ(units.size(), 34u);
  for (const auto& u : units) {
    EXPECT_EQ(u.at("level").as_string(), "province");
    EXPECT_EQ(u.at("generation").as_int64(), 2025);
    EXPECT_TRUE(u.at("parent").is_null());
    EXPECT_EQ(u.at("code").as_string().size(), 2u);
  }
}

TEST(UnitsApi, LaoCai2025Has99Communes) {
  auto r = get("/api/v1/units?generation=2025&parent=15");
  ASSERT_EQ(r.status, 200);
  auto doc = r.json();
  EXPECT_EQ(doc.at("count").as_int64(), 99);
  std::set<std::string> codes;
  for (const auto& u : doc.at("units").as_array()) {
    EXPECT_EQ(u.at("parent").as_string(), "15");
    EXPECT_EQ(u.at("level").as_string(), "commune");
    codes.insert(std::string(u.at("code").as_string()));
  }
  EXPECT_EQ(codes.size(), 99u);
  EXPECT_TRUE(codes.contains("04252"));  // Phường Yên Bái
}

TEST(UnitsApi, SearchIgnoresTonesAndCase) {
  for (const char* q :
       {"phuong%20yen%20thinh", "Ph%C6%B0%E1%BB%9Dng+Y%C3%AAn+Th%E1%BB%8Bnh", "PHUONG+YEN+THINH"}) {
    auto r = get(std::string("/api/v1/units?q=") + q);
    ASSERT_EQ(r.status, 200);
    auto units = r.json().at("units").as_array();
    ASSERT_FALSE(units.empty()) << q;
    EXPECT_EQ(units[0].at("name").as_string(), "Phường Yên Thịnh") << q;
    EXPECT_EQ(units[0].at("generation").as_int64(), 2019);
    EXPECT_NE(units[0].at("full_name").as_string().find("Tỉnh Yên Bái"), json::string::npos);
  }
  // đ folds to d: "dien bien" finds Điện Biên in both generations, the current one first.
  auto r = get("/api/v1/units?q=dien+bien");
  auto units = r.json().at("units").as_array();
  ASSERT_FALSE(units.empty());
  EXPECT_EQ(units[0].at("name").as_string(), "Tỉnh Điện Biên");
  EXPECT_EQ(units[0].at("generation").as_int64(), 2025);
  auto only2025 =
      get("/api/v1/units?q=phuong+yen+thinh&generation=2025").json().at("units").as_array();
  for (const auto& u : only2025) EXPECT_EQ(u.at("generation").as_int64(), 2025);
}

TEST(UnitsApi, DetailLinksOldAndNew) {
  auto lao_cai = get("/api/v1/units/2025/15").json();
  EXPECT_EQ(lao_cai.at("name").as_string(), "Tỉnh Lào Cai");
  EXPECT_EQ(lao_cai.at("level").as_string(), "province");
  EXPECT_TRUE(lao_cai.at("replaced_by").as_array().empty());
  std::set<std::string> old;
  for (const auto& u : lao_cai.at("replaces").as_array()) {
    EXPECT_EQ(u.at("generation").as_int64(), 2019);
    old.insert(std::string(u.at("code").as_string()));
  }
  EXPECT_EQ(old, (std::set<std::string>{"10", "15"}));  // old Lào Cai and old Yên Bái

  auto yen_bai = get("/api/v1/units/2019/15").json();
  EXPECT_EQ(yen_bai.at("name").as_string(), "Tỉnh Yên Bái");
  auto by = yen_bai.at("replaced_by").as_array();
  ASSERT_EQ(by.size(), 1u);
  EXPECT_EQ(by[0].at("code").as_string(), "15");
  EXPECT_EQ(by[0].at("generation").as_int64(), 2025);
}

TEST(UnitsApi, EveryOldYenBaiCommuneResolvesToA2025Unit) {
  auto districts = get("/api/v1/units?generation=2019&parent=15").json().at("units").as_array();
  EXPECT_EQ(districts.size(), 9u);
  size_t communes = 0;
  for (const auto& d : districts) {
    auto list = get("/api/v1/units?generation=2019&parent=" + std::string(d.at("code").as_string()))
                    .json()
                    .at("units")
                    .as_array();
    for (const auto& c : list) {
      ++communes;
      auto detail = get("/api/v1/units/2019/" + std::string(c.at("code").as_string())).json();
      auto by = detail.at("replaced_by").as_array();
      EXPECT_FALSE(by.empty()) << c.at("code").as_string() << " " << c.at("name").as_string();
      for (const auto& n : by) {
        EXPECT_EQ(n.at("generation").as_int64(), 2025);
        EXPECT_EQ(n.at("parent").as_string(), "15");  // all of Yên Bái went to Lào Cai
      }
    }
  }
  EXPECT_EQ(communes, 180u);
}

TEST(UnitsApi, BadInputGetsClear4xx) {
  auto bad_generation = get("/api/v1/units?generation=2030");
  EXPECT_EQ(bad_generation.status, 400);
  EXPECT_EQ(bad_generation.json().at("error").at("code").as_string(), "bad_generation");
  EXPECT_EQ(get("/api/v1/units?generation=abc").status, 400);
  EXPECT_EQ(get("/api/v1/units/2030/15").status, 400);
  auto missing = get("/api/v1/units/2025/99999");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.json().at("error").at("code").as_string(), "unit_not_found");
  EXPECT_EQ(get("/api/v1/units?generation=2025&parent=999").status, 404);
  EXPECT_EQ(get("/api/v1/units?q=ha&limit=0").status, 400);
  EXPECT_EQ(get("/api/v1/units?q=ha&limit=1").json().at("count").as_int64(), 1);
}

TEST(UnitsPages, BrowseProvinceToCommuneAndSeeWhatItReplaced) {
  auto index = get("/don-vi");
  EXPECT_EQ(index.status, 200);
  EXPECT_NE(index.body.find("href=\"/don-vi/2025/15\""), std::string::npos);
  auto province = get("/don-vi/2025/15");
  EXPECT_EQ(province.status, 200);
  EXPECT_NE(province.body.find("<title>Tỉnh Lào Cai</title>"), std::string::npos);
  size_t links = 0;
  for (size_t pos = 0;
       (pos = province.body.find("href=\"/don-vi/2025/0", pos)) != std::string::npos; ++pos)
    ++links;
  EXPECT_EQ(links, 99u);
  auto ward = get("/don-vi/2025/04252");
  EXPECT_NE(ward.body.find("Phường Yên Bái"), std::string::npos);
  EXPECT_NE(ward.body.find("Được hình thành từ"), std::string::npos);
  EXPECT_NE(ward.body.find("href=\"/don-vi/2019/"), std::string::npos);
  auto old = get("/don-vi/2019/04249");
  EXPECT_NE(old.body.find("Phường Yên Thịnh"), std::string::npos);
  EXPECT_NE(old.body.find("Nay thuộc"), std::string::npos);
  // "Part of" names the parent, not the unit itself.
  EXPECT_NE(old.body.find("<dd>Thành phố Yên Bái, Tỉnh Yên Bái</dd>"), std::string::npos);
  auto search = get("/don-vi?q=yen+thinh");
  EXPECT_NE(search.body.find("Phường Yên Thịnh"), std::string::npos);
  EXPECT_EQ(get("/don-vi/2025/77777", {{"Accept", "text/html"}}).status, 404);
}

// `units import` reads DATA_DIR/units when --data-dir is given, as serve does.
TEST(UnitsCommand, ImportReadsTheDataDirGiven) {
  namespace fs = std::filesystem;
  fs::path data = fs::temp_directory_path() / ("cds-data-" + std::to_string(::getpid()));
  fs::create_directories(data / "units");
  for (const auto& f : fs::directory_iterator(fs::path(CDS_SOURCE_DIR) / "data" / "units"))
    fs::copy_file(f.path(), data / "units" / f.path().filename(),
                  fs::copy_options::overwrite_existing);
  std::string db = "sqlite:" + (data / "units.db").string();
  std::string out;
  EXPECT_EQ(run_binary({"units", "import", "--db", db, "--data-dir", data.string()}, out), 0)
      << out;
  EXPECT_NE(out.find("3355 of 2025"), std::string::npos) << out;
  fs::remove_all(data / "units");
  fs::create_directories(data / "units");
  EXPECT_NE(run_binary({"units", "import", "--db", db, "--data-dir", data.string()}, out), 0);
  EXPECT_NE(out.find(data.string()), std::string::npos) << out;
  fs::remove_all(data);
}

// Communes divided in 2020 (Sa Pa, 767/NQ-UBTVQH14) lead to each unit that took a part of them,
// flagged as parts, each link with the acts behind it; the pages say so in both languages.
TEST(UnitsApi, DividedCommunesListEveryUnitAsAPart) {
  const std::map<std::string, std::set<std::string>> expected = {
      {"03028", {"03006", "03037"}}, {"03019", {"03006", "03037"}}, {"03016", {"03006", "03013"}}};
  for (const auto& [old_code, targets] : expected) {
    boost::json::value doc = get("/api/v1/units/2019/" + old_code).json();
    std::set<std::string> got;
    for (const auto& link : doc.at("replaced_by").as_array()) {
      got.insert(std::string(link.at("code").as_string()));
      EXPECT_EQ(link.at("part"), true) << old_code;
      EXPECT_NE(std::string(link.at("note").as_string()).find("1673/NQ-UBTVQH15"),
                std::string::npos);
    }
    EXPECT_EQ(got, targets) << old_code;
  }
  // A commune that went whole is not a part.
  boost::json::value whole = get("/api/v1/units/2019/03025").json();  // Hầu Thào → Tả Van
  ASSERT_FALSE(whole.at("replaced_by").as_array().empty());
  EXPECT_EQ(whole.at("replaced_by").as_array()[0].at("part"), false);
  // Tả Van, seen from 2025, names Lao Chải among what it replaced, in part.
  boost::json::value ta_van = get("/api/v1/units/2025/03037").json();
  bool lao_chai_part = false;
  for (const auto& link : ta_van.at("replaces").as_array())
    lao_chai_part = lao_chai_part || (link.at("code") == "03028" && link.at("part") == true);
  EXPECT_TRUE(lao_chai_part);

  auto vi = get("/don-vi/2019/03028");
  EXPECT_NE(vi.body.find("một phần"), std::string::npos);
  EXPECT_NE(vi.body.find("767/NQ-UBTVQH14"), std::string::npos);
  auto en = get("/don-vi/2019/03028", {{"Accept-Language", "en"}});
  EXPECT_NE(en.body.find(">part<"), std::string::npos);
  EXPECT_NE(en.body.find("Under:"), std::string::npos);
}

// Searching an old name offers every unit it now belongs to, not one of them.
TEST(UnitsApi, SearchingADividedOldCommuneOffersEveryUnit) {
  boost::json::value found = get("/api/v1/units?q=lao+chai&generation=2019").json();
  bool offered = false;
  for (const auto& hit : found.at("units").as_array()) {
    if (hit.at("code") != "03028") continue;
    std::set<std::string> now;
    for (const auto& n : hit.at("now").as_array()) {
      now.insert(std::string(n.at("code").as_string()));
      EXPECT_EQ(n.at("part"), true);
    }
    EXPECT_EQ(now, (std::set<std::string>{"03006", "03037"}));
    offered = true;
  }
  EXPECT_TRUE(offered) << boost::json::serialize(found);
  auto page = get("/don-vi?q=lao+chai");
  EXPECT_NE(page.body.find("Nay thuộc:"), std::string::npos);
  EXPECT_NE(page.body.find("/don-vi/2025/03037"), std::string::npos);
}

// Issue 19: numbers in paths and queries have one written form; "02025" and "+2025" found the
// same unit as "2025" (many URLs, many cache entries, one resource).
TEST(UnitsApi, NumbersHaveOneWrittenForm) {
  EXPECT_EQ(get("/api/v1/units/2025/15").status, 200);
  for (std::string path : {"/api/v1/units/02025/15", "/api/v1/units/%2B2025/15"}) {
    auto r = get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.json().at("error").at("code").as_string(), "not_found") << path;  // no route
  }
  for (std::string q : {"generation=02025", "generation=%2B2025", "generation=%202025",
                        "generation=4294969321"}) {  // 2^32 + 2025 once wrapped to 2025
    auto r = get("/api/v1/units?" + q);
    EXPECT_EQ(r.status, 400) << q;
    EXPECT_EQ(r.json().at("error").at("code").as_string(), "bad_generation") << q;
  }
  for (std::string limit : {"010", "%2B1", "1.0"}) {
    auto r = get("/api/v1/units?q=ha&limit=" + limit);
    EXPECT_EQ(r.status, 400) << limit;
    EXPECT_EQ(r.json().at("error").at("code").as_string(), "bad_limit") << limit;
  }
}
