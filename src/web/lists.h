// What the officers' and administrators' lists share: pages of 50 with links that keep the
// filters in the URL, and the same rows as a CSV download (?dinh-dang=csv).
#pragma once

#include <boost/json/object.hpp>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.h"
#include "http/response.h"

namespace cds::web {

inline constexpr size_t kListPageSize = 50;

// The highest page a list answers for (pages past the end are empty, not refused).
inline constexpr size_t kMaxPage = 999999;
// The page asked for (?trang=N, from 1); 1 when absent or empty. Any other text than a
// number from 1 to kMaxPage in its one written form is cds::Error bad_trang (400).
size_t page_number(const http::Request& request);
// True when the reader asked for the CSV (?dinh-dang=csv).
bool wants_csv(const http::Request& request);
// This page's path and query with `name` set to `value` (removed when value is empty).
std::string link_with(const http::Request& request, std::string_view name,
                      const std::string& value);
// The pager for a list of `total` items, as the _pager partial reads it: {pager: {shown, total,
// page, pages, previous, next, csv}}, the links keeping every other query parameter.
boost::json::object pager(const http::Request& request, size_t total, size_t page);
// The slice [first, last) of `total` items that page `page` shows.
std::pair<size_t, size_t> page_slice(size_t total, size_t page);
// A CSV download (UTF-8 with a byte-order mark, so that spreadsheets read Vietnamese).
http::Response csv_download(const http::Request& request, const std::string& file_name,
                            const std::vector<std::string>& header,
                            const std::vector<std::vector<std::string>>& rows);
// A list as a table: what the page's template calls each column, the column titles (for the
// CSV) and every row's cells.
struct Table {
  std::vector<std::string> keys, header;
  std::vector<std::vector<std::string>> rows;
};
// The reader's answer for a table: its CSV (every row) when asked for, or nothing after
// putting in `data` the pager, has_rows and this page's rows as objects {key: cell}, each also
// given what `extra` adds for row i (ids, links, flags).
std::optional<http::Response> table_page(
    const http::Request& request, const std::string& file_name, const Table& table,
    boost::json::object& data, const std::function<void(size_t, boost::json::object&)>& extra = {});

// True when every word of `query` (folded: no tone marks, đ→d, any case) is in `text`.
bool matches_words(std::string_view query, std::string_view text);

}  // namespace cds::web
