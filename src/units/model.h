// Administrative units as data: two generations ("2019": province / district / commune before
// 1 July 2025; "2025": province / commune after) and the old → new mapping between them.
#pragma once

#include <string>

namespace cds::units {

inline constexpr int kGeneration2019 = 2019;
inline constexpr int kGeneration2025 = 2025;
inline bool is_generation(int g) { return g == kGeneration2019 || g == kGeneration2025; }

struct Unit {
  int generation = kGeneration2025;
  std::string code;         // GSO code, zero-padded: province 2, district 3, commune 5 digits
  std::string name;         // NFC, with its type word: "Phường Yên Thịnh"
  std::string level;        // "province" | "district" | "commune"
  std::string parent_code;  // empty for provinces
  std::string name_folded;  // "phuong yen thinh"
  std::string sort_key;     // in memory only: collation key of the name without its type word
};

struct UnitChange {
  int old_generation = kGeneration2019;
  std::string old_code;
  int new_generation = kGeneration2025;
  std::string new_code;
  std::string note;   // the acts behind the link: "767/NQ-UBTVQH14 -> …; 1673/NQ-UBTVQH15"
  bool part = false;  // the old commune was divided: only part of it went to this new unit
};

}  // namespace cds::units
