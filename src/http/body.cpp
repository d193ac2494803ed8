#include "http/body.h"

#include <boost/json/parse.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

#include "core/error.h"
#include "core/text.h"
#include "http/multipart.h"

namespace cds::http {

std::string media_type(std::string_view content_type) {
  std::string_view essence = content_type.substr(0, content_type.find(';'));
  return text::ascii_lower(text::trim(essence));
}

std::string accepted_text(std::string_view value, std::string_view field) {
  auto accepted = text::accepted_input(value);
  if (!accepted) {
    std::string name = text::accepted_input(field) ? std::string(field) : std::string("a field");
    throw Error(ErrorKind::bad_input, "invalid_characters",
                name +
                    " contains characters that are not allowed (broken UTF-8, control "
                    "characters or text-direction overrides)");
  }
  return std::move(*accepted);
}

namespace {

// Every string in a JSON body, keys included, passes the input rule and is stored as NFC.
void accept_json_strings(boost::json::value& v, std::string_view field) {
  switch (v.kind()) {
    case boost::json::kind::string: {
      auto& s = v.get_string();
      std::string cleaned = accepted_text(s, field);
      if (cleaned != s) s = cleaned;
      break;
    }
    case boost::json::kind::array:
      for (auto& child : v.get_array()) accept_json_strings(child, field);
      break;
    case boost::json::kind::object: {
      boost::json::object& o = v.get_object();
      boost::json::object rebuilt;
      bool changed = false;
      for (auto& [key, child] : o) {
        std::string k = accepted_text(key, "a field name");
        accept_json_strings(child, k);
        if (k != key) changed = true;
      }
      if (changed) {
        for (auto& [key, child] : o) rebuilt[text::nfc(key)] = std::move(child);
        o = std::move(rebuilt);
      }
      break;
    }
    default:
      break;
  }
}

}  // namespace

boost::json::object json_body(const Request& request) {
  if (media_type(request.header("Content-Type")) != "application/json")
    throw Error(ErrorKind::unsupported_type, "unsupported_media_type", "Expected application/json");
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 16;
  auto value = boost::json::parse(request.raw.body(), ec, {}, options);
  if (ec || !value.is_object())
    throw Error(ErrorKind::bad_input, "bad_json", "The body is not a JSON object");
  accept_json_strings(value, "the body");
  return std::move(value.as_object());
}

std::optional<std::string> json_string(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::nullopt;
  if (!it->value().is_string())
    throw Error(ErrorKind::bad_input, "bad_field", std::string(key) + " must be a string");
  return accepted_text(it->value().as_string(), key);
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
  auto n = text::parse_int(*v, static_cast<int64_t>(max));
  if (n && *n >= 1) return static_cast<size_t>(*n);
  // The code names the parameter ("bad_page"), so that the message people read, which comes
  // from the catalogue by code, says which one is wrong.
  std::string code = "bad_" + std::string(name);  // the catalogue test checks each name
  throw Error(ErrorKind::bad_input, code,
              std::string(name) + " must be a whole number from 1 to " + std::to_string(max) +
                  ", written without sign or leading zeros");
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
      if (!part.filename)
        form.fields.emplace_back(accepted_text(part.name, "a field name"),
                                 accepted_text(part.data, part.name));
    return form;
  }
  if (media_type(request.header("Content-Type")) != "application/x-www-form-urlencoded")
    throw Error(ErrorKind::unsupported_type, "unsupported_media_type", "Expected a form");
  if (!boost::urls::parse_query(request.raw.body()))
    throw Error(ErrorKind::bad_input, "bad_form", "The form could not be read");
  // params_view decodes percent-escapes and '+' as a space, as browsers encode forms.
  boost::urls::params_view params(request.raw.body());
  for (auto p : params) {
    std::string key = accepted_text(p.key, "a field name");
    std::string value = accepted_text(p.has_value ? std::string(p.value) : std::string(), key);
    form.fields.emplace_back(std::move(key), std::move(value));
  }
  return form;
}

}  // namespace cds::http
