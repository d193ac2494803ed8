// Villages read from a commune's list, without the database: every bad line named, the kinds
// as people write them, one name per commune; and a village's code as a unit.
#include "units/villages.h"

#include <gtest/gtest.h>

#include "core/error.h"

using namespace cds::units;

namespace {
bool known(const std::string& code) { return code == "02947" || code == "04252"; }
}  // namespace

TEST(Villages, ReadsAListWithTheKindsAsPeopleWriteThem) {
  auto list = read_village_list(
      "commune_code,name,kind\n"
      "02947,Thôn Làng Chẹp,thôn\n"
      "02947,  Bản   Nà Phung ,Bản\n"
      "04252,Tổ dân phố 5,to dan pho\n"
      "04252,Tổ dân phố 6,to_dan_pho\n",
      known);
  EXPECT_TRUE(list.rejected.empty());
  ASSERT_EQ(list.lines.size(), 4u);
  EXPECT_EQ(list.lines[0].kind, "thon");
  EXPECT_EQ(list.lines[1].name, "Bản Nà Phung");  // spaces trimmed and collapsed
  EXPECT_EQ(list.lines[1].kind, "ban");
  EXPECT_EQ(list.lines[1].name_folded, "ban na phung");
  EXPECT_EQ(list.lines[2].kind, "to_dan_pho");
  EXPECT_EQ(list.lines[3].kind, "to_dan_pho");
  EXPECT_EQ(list.lines[3].line, 5u);
}

TEST(Villages, NamesEveryBadLine) {
  auto list = read_village_list(
      "commune_code,name,kind\n"
      "99999,Thôn Lạ,thôn\n"   // no such commune
      "02947,,thôn\n"          // no name
      "02947,Thôn Mới,làng\n"  // no such kind
      "02947,Thôn Một,thôn\n"
      "02947,THÔN MỘT,bản\n"         // the same name, case and tone marks aside
      "04252,Thôn Một,thôn\n"        // another commune may have it
      "02947,\"Thôn\nHai\",thôn\n",  // not on one line
      known);
  ASSERT_EQ(list.rejected.size(), 5u);
  EXPECT_EQ(list.rejected[0].rfind("line 2: ", 0), 0u) << list.rejected[0];
  EXPECT_EQ(list.rejected[1].rfind("line 3: ", 0), 0u) << list.rejected[1];
  EXPECT_EQ(list.rejected[2].rfind("line 4: ", 0), 0u) << list.rejected[2];
  EXPECT_EQ(list.rejected[3].rfind("line 6: ", 0), 0u) << list.rejected[3];
  EXPECT_NE(list.rejected[3].find("line 5"), std::string::npos) << list.rejected[3];
  EXPECT_EQ(list.rejected[4].rfind("line 8: ", 0), 0u) << list.rejected[4];
  EXPECT_EQ(list.lines.size(), 2u);
}

TEST(Villages, RefusesWhatIsNotAList) {
  EXPECT_THROW(read_village_list("name,kind\nThôn Một,thôn\n", known), cds::Error);
  EXPECT_THROW(read_village_list("commune_code,name,kind\n\"02947,x", known), cds::Error);
  std::string nul = "commune_code,name,kind\n02947,A";
  nul += '\0';
  nul += "B,thôn\n";
  EXPECT_THROW(read_village_list(nul, known), cds::Error);
}

TEST(Villages, CodesNameTheirCommune) {
  EXPECT_EQ(village_code("04252", 17), "04252.17");
  EXPECT_EQ(village_id_of("04252.17"), 17);
  EXPECT_FALSE(village_id_of("04252"));
  EXPECT_FALSE(village_id_of("04252.017"));
  EXPECT_FALSE(village_id_of("04252.0"));
  EXPECT_FALSE(village_id_of(".17"));
  EXPECT_FALSE(village_id_of("ab.17"));
  Village v{17, "04252.17", "04252", "Tổ dân phố 5", "to_dan_pho", "to dan pho 5", false};
  Unit u = as_unit(v);
  EXPECT_EQ(u.level, kVillageLevel);
  EXPECT_EQ(u.parent_code, "04252");
  EXPECT_EQ(u.generation, kGeneration2025);
  EXPECT_EQ(bare_village_name("to dan pho 5"), "5");
  EXPECT_EQ(bare_village_name("thon lang chep"), "lang chep");
}

TEST(Villages, BoundariesNameTheirVillageByCommuneAndNameOrByCode) {
  auto shapes = read_village_shapes(
      R"({"type":"FeatureCollection","features":[)"
      R"({"type":"Feature","properties":{"commune_code":"02947","name":"Thôn  LÀNG Chẹp"},)"
      R"("geometry":{"type":"Polygon","coordinates":[[[104.3,22.2],[104.4,22.2],[104.4,22.3],[104.3,22.2]]]}},)"
      R"({"type":"Feature","id":"02947.2","geometry":{"type":"Polygon","coordinates":[[[104.3,22.2],[104.4,22.2],[104.4,22.3],[104.3,22.2]]]}},)"
      R"({"type":"Feature","properties":{"ten":"Bản Nà Phung"},"geometry":{"type":"Polygon","coordinates":[]}},)"
      R"({"type":"Feature","properties":{"ma_xa":"02947","ten":"Thôn Mới"},"geometry":{"type":"Point","coordinates":[104.3,22.2]}}]})");
  ASSERT_EQ(shapes.shapes.size(), 2u);
  EXPECT_EQ(shapes.shapes[0].commune_code, "02947");
  EXPECT_EQ(shapes.shapes[0].name_folded, "thon lang chep");
  EXPECT_EQ(shapes.shapes[1].code, "02947.2");
  ASSERT_EQ(shapes.rejected.size(), 2u);
  EXPECT_EQ(shapes.rejected[0].rfind("feature 3: ", 0), 0u) << shapes.rejected[0];
  EXPECT_EQ(shapes.rejected[1].rfind("feature 4: ", 0), 0u) << shapes.rejected[1];
  EXPECT_THROW(read_village_shapes(R"({"type":"Feature"})"), cds::Error);
  EXPECT_THROW(read_village_shapes("not json"), cds::Error);
}
