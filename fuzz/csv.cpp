// The CSV reader behind every import (units, VNeID lists, routing, demo data) on any bytes:
// nothing may crash, and a table written back with the writer reads the same (but for the '
// the writer puts before a field a spreadsheet would run as a formula).
#include "core/csv.h"

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace csv = cds::csv;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  csv::Table table;
  try {
    table = csv::parse(in);
  } catch (const std::runtime_error&) {
    return 0;  // an unterminated quote, refused with a clear error: fine
  }
  std::string written = csv::format_row(table.header);
  for (const auto& row : table.rows) written += csv::format_row(row);
  auto as_written = [](std::vector<std::string> fields) {
    for (auto& f : fields)
      if (!f.empty() && std::string_view("=+-@").find(f[0]) != std::string_view::npos)
        f.insert(0, "'");
    return fields;
  };
  csv::Table again = csv::parse(written);
  if (again.header != as_written(table.header) || again.rows.size() != table.rows.size())
    std::abort();
  for (size_t i = 0; i < table.rows.size(); ++i)
    if (again.rows[i] != as_written(table.rows[i])) std::abort();
  return 0;
}
