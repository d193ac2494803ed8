// Reading request bodies: JSON objects for the API (Content-Type must say JSON, which also
// keeps cross-site forms out) and application/x-www-form-urlencoded for HTML forms.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "http/request.h"

namespace cds::http {

// The media type of a Content-Type header, lowercased, without parameters:
// "Application/JSON; charset=utf-8" → "application/json".
std::string media_type(std::string_view content_type);

// Text from a client under the one input rule (text::accepted_input), as NFC; throws
// cds::Error bad_input "invalid_characters" naming the field otherwise.
std::string accepted_text(std::string_view value, std::string_view field);

// Throws cds::Error: unsupported_type (415) for another content type, bad_input for bad JSON.
boost::json::object json_body(const Request& request);

// Typed readers for JSON members; missing → nullopt, wrong type → bad_input.
std::optional<std::string> json_string(const boost::json::object& o, std::string_view key);
std::optional<bool> json_bool(const boost::json::object& o, std::string_view key);
std::optional<int64_t> json_int(const boost::json::object& o, std::string_view key);

// A whole number query parameter between 1 and max (page, page_size…) in the one form
// text::parse_int reads; fallback when absent or empty; otherwise cds::Error bad_input with
// the code "bad_<name>" (each name used needs its message in the catalogues).
size_t count_param(const Request& request, std::string_view name, size_t fallback, size_t max);

struct Form {
  std::vector<std::pair<std::string, std::string>> fields;
  std::string get(std::string_view name) const;  // "" when absent
  bool has(std::string_view name) const;
  std::vector<std::string> all(std::string_view name) const;
};
// Throws cds::Error unsupported_type unless the body is urlencoded (or multipart, read from
// Request::form).
Form form_body(const Request& request);

}  // namespace cds::http
