// The administrative-unit data as shipped in data/units: every commune of old Yên Bái and old
// Lào Cai leads to a 2025 unit, communes divided between several units are flagged as parts,
// and every link names the acts behind it (Lào Cai's 2025 arrangement: 1673/NQ-UBTVQH15).
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "units/importer.h"

using namespace cds::units;

namespace {
const UnitData& shipped() {
  static UnitData data = read_unit_files(std::filesystem::path(CDS_SOURCE_DIR) / "data/units");
  return data;
}

std::map<std::string, const Unit*> by_code(int generation) {
  std::map<std::string, const Unit*> out;
  for (const auto& u : shipped().units)
    if (u.generation == generation) out[u.code] = &u;
  return out;
}

// The 2019 province of a 2019 unit.
std::string province_2019(const std::map<std::string, const Unit*>& units, std::string code) {
  for (auto it = units.find(code); it != units.end() && it->second->level != "province";
       it = units.find(code))
    code = it->second->parent_code;
  return code;
}

std::vector<const UnitChange*> links_of(const std::string& old_code) {
  std::vector<const UnitChange*> out;
  for (const auto& ch : shipped().changes)
    if (ch.old_code == old_code) out.push_back(&ch);
  return out;
}
}  // namespace

TEST(UnitsData, EveryCommuneOfOldYenBaiAndLaoCaiLeadsToA2025Unit) {
  auto old_units = by_code(kGeneration2019);
  auto new_units = by_code(kGeneration2025);
  size_t checked = 0;
  for (const auto& [code, u] : old_units) {
    if (u->level != "commune") continue;
    std::string province = province_2019(old_units, code);
    if (province != "10" && province != "15") continue;  // Lào Cai and Yên Bái before 2025
    ++checked;
    auto links = links_of(code);
    ASSERT_FALSE(links.empty()) << code << " " << u->name << " leads nowhere";
    for (const auto* link : links) {
      ASSERT_TRUE(new_units.contains(link->new_code)) << code << " → " << link->new_code;
      EXPECT_EQ(new_units[link->new_code]->parent_code, "15") << code << " → " << link->new_code;
      EXPECT_NE(link->note.find("1673/NQ-UBTVQH15"), std::string::npos)
          << code << " → " << link->new_code << ": " << link->note;
      // Divided communes, and only those, are flagged.
      EXPECT_EQ(link->part, links.size() > 1) << code << " → " << link->new_code;
    }
  }
  EXPECT_GT(checked, 300u);
}

TEST(UnitsData, EveryLinkNamesItsAct) {
  std::map<std::string, std::string> province_of;
  for (const auto& u : shipped().units)
    if (u.generation == kGeneration2025) province_of[u.code] = u.parent_code;
  for (const auto& ch : shipped().changes)
    EXPECT_NE(ch.note.find("/NQ-UBTVQH15"), std::string::npos)
        << ch.old_code << " → " << ch.new_code << " (province " << province_of[ch.new_code]
        << "): " << ch.note;
}

TEST(UnitsData, SaPaCommunesSplitIn2020LeadToBothUnits) {
  const std::map<std::string, std::set<std::string>> expected = {
      {"03028", {"03006", "03037"}},  // Lao Chải → Phường Sa Pa, Xã Tả Van
      {"03019", {"03006", "03037"}},  // San Sả Hồ → Phường Sa Pa, Xã Tả Van
      {"03016", {"03006", "03013"}},  // Sa Pả → Phường Sa Pa, Xã Tả Phìn
  };
  for (const auto& [old_code, targets] : expected) {
    std::set<std::string> got;
    for (const auto* link : links_of(old_code)) {
      got.insert(link->new_code);
      EXPECT_TRUE(link->part) << old_code << " → " << link->new_code;
    }
    EXPECT_EQ(got, targets) << old_code;
  }
  // The 2020 split itself is cited: 767/NQ-UBTVQH14.
  bool cites_767 = false;
  for (const auto* link : links_of("03028"))
    cites_767 = cites_767 || link->note.find("767/NQ-UBTVQH14") != std::string::npos;
  EXPECT_TRUE(cites_767);
}

TEST(UnitsData, CuratedRowsSayWhatTheyRestOn) {
  // Phố Mới (02641) merged into Phường Lào Cai under 896/NQ-UBTVQH14, by an explicit row.
  auto pho_moi = links_of("02641");
  ASSERT_EQ(pho_moi.size(), 1u);
  EXPECT_EQ(pho_moi[0]->new_code, "02647");
  EXPECT_NE(pho_moi[0]->note.find("896/NQ-UBTVQH14"), std::string::npos) << pho_moi[0]->note;
  // Rows resting on the provincial plan or on later lists say so.
  for (const char* code : {"02815", "02845"})
    for (const auto* link : links_of(code))
      EXPECT_NE(link->note.find("[plan]"), std::string::npos) << code << ": " << link->note;
  auto bao_hung = links_of("04561");
  ASSERT_EQ(bao_hung.size(), 2u);
  for (const auto* link : bao_hung) {
    EXPECT_TRUE(link->part);
    EXPECT_NE(link->note.find("1246/NQ-UBTVQH15"), std::string::npos) << link->note;
  }
}
