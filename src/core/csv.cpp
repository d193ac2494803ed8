#include "core/csv.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace cds::csv {

int Table::column(std::string_view name) const {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

std::string Table::field(const std::vector<std::string>& row, std::string_view name) const {
  int i = column(name);
  return i >= 0 && static_cast<size_t>(i) < row.size() ? row[static_cast<size_t>(i)]
                                                       : std::string();
}

Table parse(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  Table table;
  std::vector<std::string> record;
  std::string field;
  bool in_quotes = false, field_started = false, any = false;
  size_t line = 1, record_line = 1;
  auto end_record = [&] {
    record.push_back(std::move(field));
    field.clear();
    bool blank = record.size() == 1 && record[0].empty();
    if (!blank) {
      if (table.header.empty() && table.rows.empty()) {
        table.header = std::move(record);
      } else {
        table.rows.push_back(std::move(record));
        table.line_numbers.push_back(record_line);
      }
    }
    record.clear();
    field_started = false;
    any = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (!any) record_line = line;
    any = true;
    if (c == '"' && !field_started) {
      in_quotes = true;
      field_started = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      field_started = false;
    } else if (c == '\r') {
      continue;
    } else if (c == '\n') {
      end_record();
      ++line;
    } else {
      field.push_back(c);
      field_started = true;
    }
  }
  if (in_quotes)
    throw std::runtime_error("CSV: unterminated quoted field starting on line " +
                             std::to_string(record_line));
  if (any) end_record();
  return table;
}

Table read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str());
}

std::string escape_field(std::string_view field) {
  std::string f(field);
  if (!f.empty() && (f[0] == '=' || f[0] == '+' || f[0] == '-' || f[0] == '@')) f.insert(0, "'");
  // A field that starts with a byte-order mark is quoted too: unquoted at the start of a file,
  // the reader would take the mark for the file's own and drop it.
  if (f.find_first_of(",\"\r\n") == std::string::npos && !f.starts_with("\xEF\xBB\xBF")) return f;
  std::string out = "\"";
  for (char c : f) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string format_row(const std::vector<std::string>& fields) {
  std::string out;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out.push_back(',');
    out += escape_field(fields[i]);
  }
  out += "\r\n";
  return out;
}

}  // namespace cds::csv
