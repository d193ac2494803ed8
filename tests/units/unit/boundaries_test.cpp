// Commune boundaries from GeoJSON: what is read, what is refused, and point-in-polygon with
// holes, MultiPolygons and shared borders.
#include "units/boundaries.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "all_migrations.h"
#include "core/error.h"
#include "db/connection.h"
#include "db/migrate.h"
#include "units/service.h"

using namespace cds::units;

namespace {
std::string feature(const std::string& id_part, const std::string& geometry) {
  return R"({"type":"Feature",)" + id_part + R"(,"geometry":)" + geometry + "}";
}
std::string collection(const std::vector<std::string>& features) {
  std::string out = R"({"type":"FeatureCollection","features":[)";
  for (size_t i = 0; i < features.size(); ++i) out += (i ? "," : "") + features[i];
  return out + "]}";
}
const std::string kSquare =  // lon 104–105, lat 21–22, with a hole lon 104.4–104.6, lat 21.4–21.6
    R"({"type":"Polygon","coordinates":[[[104,21],[105,21],[105,22],[104,22],[104,21]],)"
    R"([[104.4,21.4],[104.6,21.4],[104.6,21.6],[104.4,21.6],[104.4,21.4]]]})";
const std::string kNextSquare =  // shares the border lon 105 with kSquare
    R"({"type":"MultiPolygon","coordinates":[[[[105,21],[106,21],[106,22],[105,22],[105,21]]]]})";
}  // namespace

TEST(Boundaries, ReadsCodesFromIdOrPropertiesAndPadsThem) {
  auto file = parse_boundaries(collection(
      {feature(R"("id":4252)", kSquare), feature(R"("properties":{"ma_xa":"04543"})", kNextSquare),
       feature(R"("properties":{"code":"3028"})", kSquare)}));
  ASSERT_EQ(file.boundaries.size(), 3u);
  EXPECT_EQ(file.boundaries[0].code, "04252");
  EXPECT_EQ(file.boundaries[1].code, "04543");
  EXPECT_EQ(file.boundaries[2].code, "03028");
  EXPECT_TRUE(file.rejected.empty());
  EXPECT_DOUBLE_EQ(file.boundaries[0].min_lon, 104);
  EXPECT_DOUBLE_EQ(file.boundaries[0].max_lat, 22);
}

TEST(Boundaries, RefusesWhatIsNotAClosedPolygonWithACode) {
  auto file = parse_boundaries(collection({
      feature(R"("properties":{})", kSquare),  // no code
      feature(R"("id":"04252")", R"({"type":"Point","coordinates":[104,21]})"),
      feature(R"("id":"04252")",
              R"({"type":"Polygon","coordinates":[[[104,21],[105,21],[105,22],[104,22]]]})"),
      feature(R"("id":"04252")",
              R"({"type":"Polygon","coordinates":[[[104,21],[105,21],[104,21]]]})"),
      feature(R"("id":"04252")",
              R"({"type":"Polygon","coordinates":[[[104,21],[185,21],[105,22],[104,21]]]})"),
  }));
  EXPECT_TRUE(file.boundaries.empty());
  EXPECT_EQ(file.rejected.size(), 5u);
  EXPECT_THROW(parse_boundaries("[1,2]"), cds::Error);
  EXPECT_THROW(parse_boundaries("not json"), cds::Error);
  EXPECT_THROW(parse_boundaries(R"({"type":"Feature"})"), cds::Error);
}

TEST(Boundaries, PointInPolygonKeepsHolesOut) {
  auto file = parse_boundaries(collection({feature(R"("id":"04252")", kSquare)}));
  const Boundary& b = file.boundaries.at(0);
  EXPECT_TRUE(contains(b, 21.2, 104.2));
  EXPECT_FALSE(contains(b, 21.5, 104.5));  // in the hole
  EXPECT_TRUE(contains(b, 21.7, 104.5));
  EXPECT_FALSE(contains(b, 22.5, 104.5));
  EXPECT_FALSE(contains(b, 21.5, 103.9));
}

TEST(Boundaries, TheIndexFindsTheCommuneAndBreaksTiesByCode) {
  auto file = parse_boundaries(
      collection({feature(R"("id":"04543")", kNextSquare), feature(R"("id":"04252")", kSquare)}));
  BoundaryIndex index(file.boundaries);
  EXPECT_EQ(index.locate(21.5, 105.5), "04543");
  EXPECT_EQ(index.locate(21.2, 104.2), "04252");
  EXPECT_EQ(index.locate(21.5, 104.5), std::nullopt);  // the hole belongs to nobody here
  EXPECT_EQ(index.locate(23.0, 104.5), std::nullopt);
  // A shared border belongs to one side only (half-open edges), so no point is in both.
  EXPECT_EQ(index.locate(21.5, 105.0), "04543");
  // Where a faulty file makes two communes overlap, the lowest code wins whatever the order.
  BoundaryIndex overlapping(parse_boundaries(collection({feature(R"("id":"04543")", kSquare),
                                                         feature(R"("id":"04252")", kSquare)}))
                                .boundaries);
  EXPECT_EQ(overlapping.locate(21.2, 104.2), "04252");
  // A geometry read back from storage is the same shape.
  Boundary stored;
  stored.code = "04252";
  ASSERT_TRUE(parse_geometry(file.boundaries[1].geometry, stored));
  EXPECT_FALSE(contains(stored, 21.5, 104.5));
  EXPECT_TRUE(contains(stored, 21.2, 104.2));
}

// Issue 19 (10): the import took another province's communes, and a code given twice made
// the database refuse the whole file with its own error. Both are refused feature by feature.
TEST(Boundaries, OneProvinceKeepsItsOwnCommunesEachOnce) {
  auto file = parse_boundaries(collection({
      feature(R"("id":"04252")", kSquare),      // 1: Lào Cai's
      feature(R"("id":"00004")", kNextSquare),  // 2: Hà Nội's
      feature(R"("id":"04543")", kNextSquare),  // 3: Lào Cai's, twice
      feature(R"("id":"4543")", kSquare),       // 4: the same code, unpadded
      feature(R"("id":"99999")", kSquare),      // 5: no commune
  }));
  keep_province_communes(file, "15", [](const std::string& code) -> std::optional<std::string> {
    if (code == "04252" || code == "04543") return "15";
    if (code == "00004") return "01";
    return std::nullopt;
  });
  ASSERT_EQ(file.boundaries.size(), 1u);
  EXPECT_EQ(file.boundaries[0].code, "04252");
  ASSERT_EQ(file.rejected.size(), 4u);
  EXPECT_EQ(file.rejected[0], "feature 2: 00004: a commune of province 01, not of 15");
  EXPECT_EQ(file.rejected[1],
            "feature 3: 04543: the code is given 2 times in the file; no copy is kept");
  EXPECT_EQ(file.rejected[2],
            "feature 4: 04543: the code is given 2 times in the file; no copy is kept");
  EXPECT_EQ(file.rejected[3], "feature 5: 99999: not a 2025 commune or ward");
  EXPECT_EQ(BoundaryIndex(file.boundaries).extent()->max_lon, 105);
  EXPECT_FALSE(BoundaryIndex().extent());
}

namespace {
struct UnitsDb {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("cds-boundaries-" + std::to_string(getpid()));
  std::unique_ptr<cds::db::Database> db = cds::db::Database::open("sqlite::memory:", 1);
  std::unique_ptr<UnitService> units;
  UnitsDb() {
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "units-2025.csv")
        << "code,name,level,parent_code\n15,Tỉnh Lào Cai,province,\n"
           "04252,Phường Yên Bái,commune,15\n"
           "04543,Xã Giới Phiên,commune,15\n"
           "01,Thành phố Hà Nội,province,\n"
           "00004,Phường Ba Đình,commune,01\n";
    std::ofstream(dir / "units-2019.csv") << "code,name,level,parent_code\n";
    std::ofstream(dir / "changes-2019-2025.csv") << "old_code,new_code,note\n";
    cds::db::migrate(*db, cds::test::all_migrations());
    units = std::make_unique<UnitService>(*db);
    units->import_files(dir);
  }
  ~UnitsDb() { std::filesystem::remove_all(dir); }
};
}  // namespace

TEST(Boundaries, TheImportReportsOtherProvincesAndDuplicatesAndKeepsTheRest) {
  UnitsDb t;
  auto report = t.units->import_boundaries(
      collection({feature(R"("id":"04252")", kSquare), feature(R"("id":"00004")", kNextSquare),
                  feature(R"("id":"04543")", kNextSquare), feature(R"("id":"04543")", kSquare)}),
      "15");
  EXPECT_EQ(report.imported, 1u);
  ASSERT_EQ(report.rejected.size(), 3u);
  EXPECT_NE(report.rejected[0].find("not of 15"), std::string::npos);
  EXPECT_EQ(t.units->boundary_count(), 1u);
  EXPECT_EQ(t.units->commune_at(21.2, 104.2)->code, "04252");
  EXPECT_EQ(t.units->commune_at(21.5, 105.5), std::nullopt);  // Hà Nội's square was not kept
  EXPECT_DOUBLE_EQ(t.units->boundaries_extent()->max_lat, 22);
  // Nothing usable (only duplicates and another province): the boundaries stay as they were.
  EXPECT_THROW(t.units->import_boundaries(collection({feature(R"("id":"04543")", kSquare),
                                                      feature(R"("id":"04543")", kNextSquare),
                                                      feature(R"("id":"00004")", kSquare)}),
                                          "15"),
               cds::Error);
  EXPECT_EQ(t.units->boundary_count(), 1u);
  EXPECT_THROW(t.units->import_boundaries(collection({}), "99"), cds::Error);  // no province
}
