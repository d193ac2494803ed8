#include "web/lists.h"

#include <algorithm>

#include "core/csv.h"
#include "core/text.h"
#include "http/body.h"

namespace cds::web {
namespace json = boost::json;

size_t page_number(const http::Request& request) {
  return http::count_param(request, "trang", 1, kMaxPage);
}

bool wants_csv(const http::Request& request) {
  return request.query_param("dinh-dang").value_or("") == "csv";
}

std::string link_with(const http::Request& request, std::string_view name,
                      const std::string& value) {
  std::string query;
  auto add = [&](std::string_view k, std::string_view v) {
    query += (query.empty() ? "?" : "&") + http::percent_encode_path(k) + "=" +
             http::percent_encode_path(v);
  };
  bool placed = false;
  for (const auto& [k, v] : request.query) {
    if (k != name) {
      if (!v.empty()) add(k, v);
    } else if (!placed && !value.empty()) {
      add(k, value);
      placed = true;
    }
  }
  if (!placed && !value.empty()) add(name, value);
  return http::percent_encode_path(request.path) + query;
}

std::pair<size_t, size_t> page_slice(size_t total, size_t page) {
  size_t first = std::min(total, (page - 1) * kListPageSize);
  return {first, std::min(total, first + kListPageSize)};
}

json::object pager(const http::Request& request, size_t total, size_t page) {
  size_t pages = std::max<size_t>(1, (total + kListPageSize - 1) / kListPageSize);
  auto [first, last] = page_slice(total, page);
  json::object p{{"total", total},  {"first", total == 0 ? 0 : first + 1},
                 {"last", last},    {"page", page},
                 {"pages", pages},  {"any", total > 0},
                 {"counted", true}, {"several", pages > 1}};
  // The CSV link drops the page: the download has every row.
  http::Request all_pages;
  all_pages.path = request.path;
  for (const auto& kv : request.query)
    if (kv.first != "trang") all_pages.query.push_back(kv);
  p["csv"] = link_with(all_pages, "dinh-dang", "csv");
  if (page > 1)
    p["previous"] = link_with(request, "trang", page == 2 ? "" : std::to_string(page - 1));
  if (page < pages) p["next"] = link_with(request, "trang", std::to_string(page + 1));
  return json::object{{"pager", std::move(p)}};
}

http::Response csv_download(const http::Request& request, const std::string& file_name,
                            const std::vector<std::string>& header,
                            const std::vector<std::vector<std::string>>& rows) {
  std::string body = "\xEF\xBB\xBF" + csv::format_row(header);
  for (const auto& r : rows) body += csv::format_row(r);
  auto res =
      http::make_response(request, http::Status::ok, std::move(body), "text/csv; charset=utf-8");
  res.set(http::beast_http::field::content_disposition,
          "attachment; filename=\"" + file_name + "\"");
  res.set(http::beast_http::field::cache_control, "private, no-store");
  return res;
}

std::optional<http::Response> table_page(const http::Request& request, const std::string& file_name,
                                         const Table& table, json::object& data,
                                         const std::function<void(size_t, json::object&)>& extra) {
  if (wants_csv(request)) return csv_download(request, file_name, table.header, table.rows);
  size_t page = page_number(request);
  auto [first, last] = page_slice(table.rows.size(), page);
  for (auto& [k, v] : pager(request, table.rows.size(), page)) data[k] = v;
  json::array rows;
  for (size_t i = first; i < last; ++i) {
    json::object row;
    for (size_t c = 0; c < table.keys.size() && c < table.rows[i].size(); ++c)
      row[table.keys[c]] = table.rows[i][c];
    if (extra) extra(i, row);
    rows.push_back(std::move(row));
  }
  data["rows"] = std::move(rows);
  data["has_rows"] = !table.rows.empty();
  return std::nullopt;
}

bool matches_words(std::string_view query, std::string_view text) {
  std::string q = text::fold(query), t = text::fold(text);
  for (size_t pos = 0; pos < q.size();) {
    size_t end = std::min(q.find(' ', pos), q.size());
    if (end > pos && t.find(q.substr(pos, end - pos)) == std::string::npos) return false;
    pos = end + 1;
  }
  return true;
}

}  // namespace cds::web
