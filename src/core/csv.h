// A small RFC 4180 CSV reader and writer (quoted fields, doubled quotes, CRLF or LF).
// Used for data files in data/ and for officers' CSV imports and exports.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cds::csv {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<size_t> line_numbers;  // line in the file where each row starts (1-based)
  // The column index for a header name, or -1.
  int column(std::string_view name) const;
  // The value in this row's column of that name; "" when the column or the value is missing.
  std::string field(const std::vector<std::string>& row, std::string_view name) const;
};

// Parses the whole text; the first record is the header. A UTF-8 BOM is skipped.
// Throws std::runtime_error on an unterminated quote.
Table parse(std::string_view text);
Table read_file(const std::string& path);

// Quotes a field when it holds a comma, quote, CR or LF. A leading =, +, - or @ is prefixed
// with ' so spreadsheets do not run it as a formula.
std::string escape_field(std::string_view field);
std::string format_row(const std::vector<std::string>& fields);

}  // namespace cds::csv
