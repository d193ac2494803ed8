#include "units/importer.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/csv.h"
#include "core/text.h"

namespace cds::units {

std::string normalise_code(std::string_view code, std::string_view level) {
  size_t width = level == "province" ? 2 : level == "district" ? 3 : 5;
  std::string c = text::trim(code);
  if (c.empty() || c.size() > width) return {};
  if (!std::all_of(c.begin(), c.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) return {};
  return std::string(width - c.size(), '0') + c;
}

std::string bare_folded_name(std::string_view folded) {
  // Longest type words first so that "thanh pho" wins over "thi".
  static const char* kTypes[] = {"thanh pho trung uong ",
                                 "thanh pho ",
                                 "thi tran ",
                                 "thi xa ",
                                 "dac khu ",
                                 "phuong ",
                                 "huyen ",
                                 "quan ",
                                 "tinh ",
                                 "xa "};
  for (const char* t : kTypes) {
    std::string_view type(t);
    if (folded.starts_with(type)) return std::string(folded.substr(type.size()));
  }
  return std::string(folded);
}

namespace {

std::string parent_level(std::string_view level, int generation) {
  if (level == "commune") return generation == kGeneration2019 ? "district" : "province";
  if (level == "district") return "province";
  return "";
}

// Parents must exist at the right level and be kept themselves: judged from the top level
// down, so that the children of a parent refused here go too, however deep (a commune under a
// district whose province was refused). What is kept and refused stays in the file's order.
void keep_with_parents(std::vector<std::pair<Unit, size_t>>& rows, const std::string& fname,
                       int generation, UnitData& data,
                       std::map<std::pair<int, std::string>, std::string>& levels) {
  std::vector<std::string> refused(rows.size());
  for (const char* level : {"province", "district", "commune"})
    for (size_t i = 0; i < rows.size(); ++i) {
      const Unit& u = rows[i].first;
      if (u.level != level || u.parent_code.empty()) continue;
      auto it = levels.find({generation, u.parent_code});
      if (it != levels.end() && it->second == parent_level(u.level, generation)) continue;
      refused[i] = fname + ":" + std::to_string(rows[i].second) + ": parent " + u.parent_code +
                   " of " + u.code + " is not a known " + parent_level(u.level, generation);
      levels.erase({generation, u.code});
    }
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!refused[i].empty()) {
      data.report.rejected.push_back(std::move(refused[i]));
      continue;
    }
    (generation == kGeneration2019 ? data.report.units_2019 : data.report.units_2025)++;
    data.units.push_back(std::move(rows[i].first));
  }
}

void read_units(const UnitTableSource& source, const std::string& fname, int generation,
                UnitData& data, std::map<std::pair<int, std::string>, std::string>& levels) {
  auto table = source(fname);
  int c_code = table.column("code"), c_name = table.column("name"), c_level = table.column("level"),
      c_parent = table.column("parent_code");
  if (c_code < 0 || c_name < 0 || c_level < 0 || c_parent < 0)
    throw std::runtime_error(fname + ": header must be code,name,level,parent_code");
  std::vector<std::pair<Unit, size_t>> rows;
  for (size_t i = 0; i < table.rows.size(); ++i) {
    const auto& row = table.rows[i];
    std::string where = fname + ":" + std::to_string(table.line_numbers[i]) + ": ";
    if (row.size() != table.header.size()) {
      data.report.rejected.push_back(where + "wrong number of fields");
      continue;
    }
    Unit u;
    u.generation = generation;
    u.level = text::trim(row[static_cast<size_t>(c_level)]);
    if (u.level != "province" && u.level != "commune" &&
        !(u.level == "district" && generation == kGeneration2019)) {
      data.report.rejected.push_back(where + "unknown level '" + u.level + "'");
      continue;
    }
    std::string raw_code = text::trim(row[static_cast<size_t>(c_code)]);
    u.code = normalise_code(raw_code, u.level);
    if (u.code.empty()) {
      data.report.rejected.push_back(where + "bad code '" + raw_code + "'");
      continue;
    }
    std::string raw_name = text::trim(row[static_cast<size_t>(c_name)]);
    // The input rule, as for every text that comes in: a NUL or a control character in a
    // name would stop the whole import on PostgreSQL and break the feeds that carry it.
    auto name = text::accepted_input(raw_name);
    if (raw_name.empty() || !name) {
      data.report.rejected.push_back(where + "missing or invalid name for code " + u.code);
      continue;
    }
    u.name = std::move(*name);
    if (u.name != raw_name) ++data.report.names_normalised;
    std::string raw_parent = text::trim(row[static_cast<size_t>(c_parent)]);
    std::string want_parent = parent_level(u.level, generation);
    if (!want_parent.empty()) {
      u.parent_code = normalise_code(raw_parent, want_parent);
      if (u.parent_code.empty()) {
        data.report.rejected.push_back(where + "bad parent code '" + raw_parent + "' for " +
                                       u.code);
        continue;
      }
    }
    u.name_folded = text::fold(u.name);
    if (levels.contains({generation, u.code})) {
      data.report.rejected.push_back(where + "duplicate code " + u.code);
      continue;
    }
    levels[{generation, u.code}] = u.level;
    if (u.code != raw_code) ++data.report.codes_padded;
    rows.emplace_back(std::move(u), table.line_numbers[i]);
  }
  keep_with_parents(rows, fname, generation, data, levels);
}

}  // namespace

UnitData read_unit_files(const std::filesystem::path& dir) {
  return read_unit_tables(
      [&dir](const std::string& name) { return csv::read_file((dir / name).string()); });
}

UnitData read_unit_tables(const UnitTableSource& source) {
  UnitData data;
  std::map<std::pair<int, std::string>, std::string> levels;
  read_units(source, "units-2019.csv", kGeneration2019, data, levels);
  read_units(source, "units-2025.csv", kGeneration2025, data, levels);
  std::set<std::pair<int, std::string>> known;
  for (const auto& u : data.units) known.insert({u.generation, u.code});

  auto table = source("changes-2019-2025.csv");
  int c_old = table.column("old_code"), c_new = table.column("new_code"),
      c_note = table.column("note"), c_part = table.column("part");
  if (c_old < 0 || c_new < 0)
    throw std::runtime_error("changes-2019-2025.csv: header must have old_code,new_code");
  std::set<std::pair<std::string, std::string>> seen;
  for (size_t i = 0; i < table.rows.size(); ++i) {
    const auto& row = table.rows[i];
    std::string where = "changes-2019-2025.csv:" + std::to_string(table.line_numbers[i]) + ": ";
    if (row.size() != table.header.size()) {
      data.report.rejected.push_back(where + "wrong number of fields");
      continue;
    }
    std::string raw_old = text::trim(row[static_cast<size_t>(c_old)]);
    std::string raw_new = text::trim(row[static_cast<size_t>(c_new)]);
    UnitChange ch;
    ch.old_code = normalise_code(raw_old, "commune");
    ch.new_code = normalise_code(raw_new, "commune");
    if (c_note >= 0) {
      auto note = text::accepted_input(text::trim(row[static_cast<size_t>(c_note)]));
      if (!note) {
        data.report.rejected.push_back(where + "the note holds characters that are not allowed");
        continue;
      }
      ch.note = std::move(*note);
    }
    if (c_part >= 0) {
      std::string part = text::trim(row[static_cast<size_t>(c_part)]);
      if (part != "" && part != "0" && part != "1") {
        data.report.rejected.push_back(where + "part must be 1 or empty");
        continue;
      }
      ch.part = part == "1";
    }
    if (ch.old_code.empty() || !known.contains({kGeneration2019, ch.old_code})) {
      data.report.rejected.push_back(where + "unknown 2019 commune '" + raw_old + "'");
      continue;
    }
    if (ch.new_code.empty() || !known.contains({kGeneration2025, ch.new_code})) {
      data.report.rejected.push_back(where + "unknown 2025 commune '" + raw_new + "'");
      continue;
    }
    if (!seen.insert({ch.old_code, ch.new_code}).second) continue;  // same pair twice: harmless
    data.changes.push_back(std::move(ch));
  }
  data.report.changes = data.changes.size();
  return data;
}

}  // namespace cds::units
