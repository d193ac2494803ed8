// The administrative unit lists' import (units::read_unit_tables) on any text: the input's three
// parts, split at form feeds, are units-2019.csv, units-2025.csv and changes-2019-2025.csv.
// Nothing may crash; a file refused whole is a std::runtime_error; every unit kept has a code
// of its level's width, a level its generation has, a name that passes the input rule (NFC),
// folded as name_folded, and a parent that was kept, at the level above (children of refused
// parents go too); no code twice; each change links a kept 2019 commune to a kept 2025 commune,
// once, with a note that passes the input rule; the report counts what was kept, and each
// refusal names its file and line.
#include <cstdint>
#include <cstdlib>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "core/csv.h"
#include "core/text.h"
#include "fuzz.h"
#include "units/importer.h"

namespace text = cds::text;
namespace units = cds::units;
using cds::fuzz::accepted_as_is;

namespace {

size_t width(std::string_view level) {
  return level == "province" ? 2 : level == "district" ? 3 : 5;
}

std::string level_above(const units::Unit& u) {
  if (u.level == "commune") return u.generation == units::kGeneration2019 ? "district" : "province";
  if (u.level == "district") return "province";
  return "";
}

void check(const units::UnitData& data) {
  std::map<std::pair<int, std::string>, const units::Unit*> kept;
  for (const auto& u : data.units) {
    CHECK(kept.emplace(std::pair(u.generation, u.code), &u).second);
    CHECK(u.level == "province" || u.level == "commune" ||
          (u.level == "district" && u.generation == units::kGeneration2019));
    CHECK(u.code.size() == width(u.level));
    CHECK(u.code.find_first_not_of("0123456789") == std::string::npos);
    CHECK(!u.name.empty() && accepted_as_is(u.name));
    CHECK(u.name_folded == text::fold(u.name));
  }
  size_t counted[2] = {0, 0};
  for (const auto& u : data.units) {
    ++counted[u.generation == units::kGeneration2019 ? 0 : 1];
    std::string above = level_above(u);
    if (above.empty()) {
      CHECK(u.parent_code.empty());
      continue;
    }
    auto parent = kept.find({u.generation, u.parent_code});
    CHECK(parent != kept.end() && parent->second->level == above);
  }
  CHECK(counted[0] == data.report.units_2019 && counted[1] == data.report.units_2025);
  std::set<std::pair<std::string, std::string>> pairs;
  for (const auto& ch : data.changes) {
    auto old_unit = kept.find({units::kGeneration2019, ch.old_code});
    auto new_unit = kept.find({units::kGeneration2025, ch.new_code});
    CHECK(old_unit != kept.end() && old_unit->second->level == "commune");
    CHECK(new_unit != kept.end() && new_unit->second->level == "commune");
    CHECK(pairs.insert({ch.old_code, ch.new_code}).second);
    CHECK(accepted_as_is(ch.note));
  }
  CHECK(data.report.changes == data.changes.size());
  for (const auto& line : data.report.rejected)
    CHECK(line.starts_with("units-2019.csv:") || line.starts_with("units-2025.csv:") ||
          line.starts_with("changes-2019-2025.csv:"));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::map<std::string, std::string_view> files;
  for (const char* name : {"units-2019.csv", "units-2025.csv", "changes-2019-2025.csv"}) {
    auto cut = in.find('\f');
    files[name] = in.substr(0, cut);
    in = cut == std::string_view::npos ? std::string_view() : in.substr(cut + 1);
  }
  units::UnitData read;
  try {
    read = units::read_unit_tables(
        [&](const std::string& name) { return cds::csv::parse(files.at(name)); });
  } catch (const std::runtime_error&) {
    return 0;  // a header without the columns, or an unterminated quote: the import stops
  }
  check(read);
  return 0;
}
