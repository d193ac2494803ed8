// The VNeID list read and checked without the database (vneid.h).
#include "accounts/vneid.h"

#include <utility>

#include "core/csv.h"
#include "core/error.h"
#include "core/text.h"

namespace cds::accounts {

namespace {

std::string cell_of(const csv::Table& table, size_t i, int col) {
  const auto& row = table.rows[i];
  return col >= 0 && static_cast<size_t>(col) < row.size() ? text::trim(row[col]) : std::string();
}

// The facts one line gives; on a bad value, the reason instead.
std::string facts_of_line(const csv::Table& table, size_t i, int c_level, int c_state,
                          const std::string& at, std::vector<Fact>& facts) {
  static const std::pair<const char*, std::string_view> kDates[] = {
      {"registered_on", kFactVneidRegistered},
      {"approved_on", kFactVneidApproved},
      {"activated_on", kFactVneidActivated}};
  std::string level = cell_of(table, i, c_level), state = cell_of(table, i, c_state);
  if (!valid_fact(kFactVneidLevel, level)) return "vneid_level must be none, level1 or level2";
  facts.push_back({std::string(kFactVneidLevel), level, "import", at, std::nullopt});
  if (!state.empty()) {
    if (!valid_fact(kFactVneidState, state))
      return "vneid_state must be registered, approved or activated";
    facts.push_back({std::string(kFactVneidState), state, "import", at, std::nullopt});
  }
  for (const auto& [column, fact] : kDates) {
    std::string v = cell_of(table, i, table.column(column));
    if (v.empty()) continue;
    if (!valid_fact(fact, v)) return "dates must be written yyyy-mm-dd";
    facts.push_back({std::string(fact), v, "import", at, std::nullopt});
  }
  return "";
}

}  // namespace

std::vector<VneidLine> read_vneid_list(std::string_view csv_text, const std::string& recorded_at) {
  auto accepted = text::accepted_input(csv_text);
  if (!accepted)
    throw Error(ErrorKind::bad_input, "bad_csv",
                "The file is not UTF-8 text, or holds control characters");
  csv::Table table;
  try {
    table = csv::parse(*accepted);
  } catch (const std::exception& e) {
    throw Error(ErrorKind::bad_input, "bad_csv", e.what());
  }
  int c_phone = table.column("phone"), c_cccd = table.column("cccd"),
      c_level = table.column("vneid_level"), c_state = table.column("vneid_state");
  if ((c_phone < 0 && c_cccd < 0) || c_level < 0)
    throw Error(ErrorKind::bad_input, "bad_csv",
                "Columns needed: phone or cccd, vneid_level[, vneid_state, dates]");
  std::vector<VneidLine> lines(table.rows.size());
  for (size_t i = 0; i < table.rows.size(); ++i) {
    VneidLine& line = lines[i];
    line.line = table.line_numbers[i];
    if (auto p = text::normalize_phone(cell_of(table, i, c_phone)); p.phone)
      line.phone = p.phone->e164;
    line.cccd = cell_of(table, i, c_cccd);
    line.problem = facts_of_line(table, i, c_level, c_state, recorded_at, line.facts);
    if (!line.problem.empty()) line.facts.clear();
  }
  return lines;
}

}  // namespace cds::accounts
