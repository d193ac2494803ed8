// Reads the unit lists in data/units/ (written by scripts/generate-units.mjs from npm data
// packages) and checks them: names to NFC, codes zero-padded, levels and parents checked,
// duplicates and bad rows rejected and listed. Nothing here touches the database.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/csv.h"
#include "units/model.h"

namespace cds::units {

struct ImportReport {
  size_t units_2019 = 0;
  size_t units_2025 = 0;
  size_t changes = 0;
  size_t names_normalised = 0;        // rows whose name was not NFC
  size_t codes_padded = 0;            // rows whose code lacked leading zeros
  std::vector<std::string> rejected;  // "units-2025.csv:12: reason"
};

struct UnitData {
  std::vector<Unit> units;
  std::vector<UnitChange> changes;
  ImportReport report;
};

// Expects units-2019.csv, units-2025.csv (code,name,level,parent_code) and
// changes-2019-2025.csv (old_code,new_code,note[,part]). Throws when a file is missing.
UnitData read_unit_files(const std::filesystem::path& dir);
// The same, with each of those files asked of `source` by its name when it is needed (the fuzz
// target gives any text). Throws std::runtime_error on a header without the columns needed.
using UnitTableSource = std::function<csv::Table(const std::string& file_name)>;
UnitData read_unit_tables(const UnitTableSource& source);

// Pads a numeric code to the width of its level; empty when the code is not digits or too long.
std::string normalise_code(std::string_view code, std::string_view level);

// The name without its leading type word(s), folded: "Phường Yên Thịnh" → "yen thinh".
std::string bare_folded_name(std::string_view folded_name);

}  // namespace cds::units
