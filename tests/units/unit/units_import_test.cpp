#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "core/text.h"
#include "units/importer.h"

using namespace cds::units;

namespace {
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("cds-units-" + std::to_string(::getpid()) + "-" +
            std::to_string(reinterpret_cast<uintptr_t>(this)));
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
  }
};

const UnitData& real_data() {
  static UnitData data = read_unit_files(std::filesystem::path(CDS_SOURCE_DIR) / "data" / "units");
  return data;
}
}  // namespace

TEST(UnitImport, NormalisesNamesAndCodesAndRejectsBadRows) {
  TempDir dir;
  dir.write("units-2019.csv",
            "code,name,level,parent_code\n"
            "15,Tỉnh Yên Bái,province,\n"
            "132,Thành phố Yên Bái,district,15\n"
            "4249,Phường Yên Thịnh,commune,132\n"      // code without its leading zero
            "04250,Phường Ho\xCC\x80ng,commune,132\n"  // decomposed name ("Hòng")
            "04251,,commune,132\n"                     // no name
            "04252,Xã Mồ Côi,commune,999\n"            // unknown parent
            "4249,Phường Trùng,commune,132\n"          // duplicate after padding
            "x12,Phường Chữ,commune,132\n");           // not a code
  dir.write("units-2025.csv",
            "code,name,level,parent_code\n"
            "15,Tỉnh Lào Cai,province,\n"
            "04252,Phường Yên Bái,commune,15\n"
            "1,Xã Sai,district,15\n");  // no districts after 2025
  dir.write("changes-2019-2025.csv",
            "old_code,new_code,note\n"
            "04249,04252,202/2025/QH15\n"
            "4250,4252,\n"         // padded on both sides
            "04249,04252,again\n"  // same pair: ignored
            "09999,04252,\n"       // unknown old
            ",04252,\n");
  UnitData d = read_unit_files(dir.path);
  EXPECT_EQ(d.report.units_2019, 4u);  // 15, 132, 04249, 04250
  EXPECT_EQ(d.report.units_2025, 2u);
  EXPECT_EQ(d.report.codes_padded, 1u);
  EXPECT_EQ(d.report.names_normalised, 1u);
  EXPECT_EQ(d.changes.size(), 2u);
  EXPECT_EQ(d.report.rejected.size(), 7u);
  for (const auto& line : d.report.rejected)
    EXPECT_NE(line.find(".csv:"), std::string::npos) << line;
  bool found = false;
  for (const auto& u : d.units) {
    EXPECT_TRUE(cds::text::is_nfc(u.name)) << u.name;
    if (u.code == "04250") {
      found = true;
      EXPECT_EQ(u.name, "Phường Hòng");
      EXPECT_EQ(u.name_folded, "phuong hong");
    }
  }
  EXPECT_TRUE(found);
}

// Found by fuzz_units_import: a commune whose district was refused only for its own parent (a
// province refused for its level) stayed, under a district that was never imported.
TEST(UnitImport, RefusesTheChildrenOfARefusedParentAtEveryDepth) {
  TempDir dir;
  dir.write("units-2019.csv",
            "code,name,level,parent_code\n"
            "04249,Phường Yên Thịnh,commune,132\n"  // before its district in the file
            "15,Tỉnh Yên Bái,county,\n"             // not a level: refused
            "132,Thành phố Yên Bái,district,15\n"   // so its province is unknown
            "10,Tỉnh Lào Cai,province,\n"
            "080,Thành phố Lào Cai,district,10\n"
            "02638,Phường Lào Cai,commune,080\n");
  dir.write("units-2025.csv", "code,name,level,parent_code\n15,Tỉnh Lào Cai,province,\n");
  dir.write("changes-2019-2025.csv", "old_code,new_code,note\n");
  UnitData d = read_unit_files(dir.path);
  std::set<std::string> kept;
  for (const auto& u : d.units) kept.insert(std::to_string(u.generation) + ":" + u.code);
  EXPECT_EQ(kept, (std::set<std::string>{"2019:10", "2019:080", "2019:02638", "2025:15"}));
  EXPECT_EQ(d.report.units_2019, 3u);
  ASSERT_EQ(d.report.rejected.size(), 3u);
  EXPECT_EQ(d.report.rejected[0], "units-2019.csv:3: unknown level 'county'");
  EXPECT_EQ(d.report.rejected[1], "units-2019.csv:2: parent 132 of 04249 is not a known district");
  EXPECT_EQ(d.report.rejected[2], "units-2019.csv:4: parent 15 of 132 is not a known province");
}

// Found by fuzz_units_import: names and notes were only checked to be UTF-8, so a NUL (which
// PostgreSQL refuses, stopping the whole import), a control character or a direction override
// came in with them. They pass the input rule now, like every text that comes in.
TEST(UnitImport, NamesAndNotesPassTheInputRule) {
  using namespace std::string_literals;
  TempDir dir;
  dir.write("units-2019.csv",
            "code,name,level,parent_code\n"
            "10,Tỉnh Lào Cai,province,\n"
            "080,Thành phố Lào Cai,district,10\n"
            "02635,Phường Duy\0ên Hải,commune,080\n"s
            "02638,Phường Lào Cai\x01,commune,080\n"
            "02641,Phường Phố Mới,commune,080\n");
  dir.write("units-2025.csv",
            "code,name,level,parent_code\n"
            "15,Tỉnh Lào Cai,province,\n"
            "02647,Phường \u202eLào Cai,commune,15\n"
            "02671,Phường Cam Đường,commune,15\n");
  dir.write("changes-2019-2025.csv",
            "old_code,new_code,note\n"
            "02641,02671,1673/NQ-UBTVQH15\x1b[31m\n"
            "02641,02671,1673/NQ-UBTVQH15\n");
  UnitData d = read_unit_files(dir.path);
  EXPECT_EQ(d.report.units_2019, 3u);
  EXPECT_EQ(d.report.units_2025, 2u);
  ASSERT_EQ(d.changes.size(), 1u);
  EXPECT_EQ(d.changes[0].note, "1673/NQ-UBTVQH15");
  ASSERT_EQ(d.report.rejected.size(), 4u);
  EXPECT_EQ(d.report.rejected[0], "units-2019.csv:4: missing or invalid name for code 02635");
  EXPECT_EQ(d.report.rejected[1], "units-2019.csv:5: missing or invalid name for code 02638");
  EXPECT_EQ(d.report.rejected[2], "units-2025.csv:3: missing or invalid name for code 02647");
  EXPECT_EQ(d.report.rejected[3],
            "changes-2019-2025.csv:2: the note holds characters that are not allowed");
}

TEST(UnitImport, PadsCodesByLevel) {
  EXPECT_EQ(normalise_code("1", "province"), "01");
  EXPECT_EQ(normalise_code("88", "district"), "088");
  EXPECT_EQ(normalise_code("2671", "commune"), "02671");
  EXPECT_EQ(normalise_code("123456", "commune"), "");
  EXPECT_EQ(normalise_code("1a", "commune"), "");
  EXPECT_EQ(bare_folded_name("thanh pho yen bai"), "yen bai");
  EXPECT_EQ(bare_folded_name("thi tran bac ha"), "bac ha");
}

TEST(UnitData, HasBothGenerationsOfTheWholeCountry) {
  const auto& d = real_data();
  std::set<std::string> provinces_2025, provinces_2019;
  size_t lao_cai_2025 = 0;
  for (const auto& u : d.units) {
    if (u.level == "province")
      (u.generation == 2025 ? provinces_2025 : provinces_2019).insert(u.code);
    if (u.generation == 2025 && u.parent_code == "15") ++lao_cai_2025;
  }
  EXPECT_EQ(provinces_2025.size(), 34u);
  EXPECT_EQ(provinces_2019.size(), 63u);
  EXPECT_EQ(lao_cai_2025, 99u);
  EXPECT_EQ(d.report.units_2025, 34u + 3321u);
}

TEST(UnitData, EveryOldYenBaiAndLaoCaiCommuneHasA2025Unit) {
  const auto& d = real_data();
  std::map<std::string, std::string> district_province;
  for (const auto& u : d.units)
    if (u.generation == 2019 && u.level == "district") district_province[u.code] = u.parent_code;
  std::set<std::string> mapped;
  for (const auto& c : d.changes) mapped.insert(c.old_code);
  size_t yen_bai = 0, lao_cai = 0;
  for (const auto& u : d.units) {
    if (u.generation != 2019 || u.level != "commune") continue;
    std::string province = district_province[u.parent_code];
    if (province != "15" && province != "10") continue;
    (province == "15" ? yen_bai : lao_cai)++;
    EXPECT_TRUE(mapped.contains(u.code)) << u.code << " " << u.name << " has no 2025 unit";
  }
  EXPECT_EQ(yen_bai, 180u);  // 9 districts of Yên Bái in the 2019 list
  EXPECT_GT(lao_cai, 150u);
}
