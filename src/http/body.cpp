#include "http/body.h"

#include <boost/json/parse.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

#include "core/error.h"
#include "core/text.h"
#include "http/multipart.h"

namespace cds::http {

boost::json::object json_body(const Request& request) {
  std::string_view type = request.header("Content-Type");
  if (!type.starts_with("application/json"))
    throw Error(ErrorKind::unsupported_type, "unsupported_media_type", "Expected application/json");
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 16;
  auto value = boost::json::parse(request.raw.body(), ec, {}, options);
  if (ec || !value.is_object())
    throw Error(ErrorKind::bad_input, "bad_json", "The body is not a JSON object");
  return std::move(value.as_object());
}

std::optional<std::string> json_string(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::nullopt;
  if (!it->value().is_string())
    throw Error(ErrorKind::bad_input, "bad_field", std::string(key) + " must be a string");
  std::string s(it->value().as_string());
  if (!text::is_valid_utf8(s))
    throw Error(ErrorKind::bad_input, "bad_field", std::string(key) + " is not UTF-8");
  return text::nfc(s);
}

std::optional<bool> json_bool(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::nullopt;
  if (!it->value().is_bool())
    throw Error(ErrorKind::bad_input, "bad_field", std::string(key) + " must be true or false");
  return it->value().as_bool();
}

std::optional<int64_t> json_int(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::nullopt;
  if (!it->value().is_int64())
    throw Error(ErrorKind::bad_input, "bad_field", std::string(key) + " must be an integer");
  return it->value().as_int64();
}

size_t count_param(const Request& req, std::string_view name, size_t fallback, size_t max) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return fallback;
  try {
    size_t used = 0;
    long n = std::stol(*v, &used);
    if (used == v->size() && n >= 1 && static_cast<size_t>(n) <= max) return static_cast<size_t>(n);
  } catch (...) {
  }
  throw Error(ErrorKind::bad_input, "bad_parameter",
              std::string(name) + " must be between 1 and " + std::to_string(max));
}

std::string Form::get(std::string_view name) const {
  for (const auto& [k, v] : fields)
    if (k == name) return v;
  return {};
}

bool Form::has(std::string_view name) const {
  for (const auto& [k, v] : fields)
    if (k == name) return true;
  return false;
}

std::vector<std::string> Form::all(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : fields)
    if (k == name) out.push_back(v);
  return out;
}

Form form_body(const Request& request) {
  Form form;
  if (request.form) {
    for (const auto& part : request.form->parts)
      if (!part.filename) form.fields.emplace_back(part.name, text::nfc(part.data));
    return form;
  }
  std::string_view type = request.header("Content-Type");
  if (!type.starts_with("application/x-www-form-urlencoded"))
    throw Error(ErrorKind::unsupported_type, "unsupported_media_type", "Expected a form");
  if (!boost::urls::parse_query(request.raw.body()))
    throw Error(ErrorKind::bad_input, "bad_form", "The form could not be read");
  // params_view decodes percent-escapes and '+' as a space, as browsers encode forms.
  boost::urls::params_view params(request.raw.body());
  for (auto p : params) {
    std::string key = p.key, value = p.has_value ? p.value : std::string();
    if (!text::is_valid_utf8(key) || !text::is_valid_utf8(value))
      throw Error(ErrorKind::bad_input, "bad_form", "The form is not UTF-8");
    form.fields.emplace_back(std::move(key), text::nfc(value));
  }
  return form;
}

}  // namespace cds::http
